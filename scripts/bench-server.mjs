// The server half of `pnpm bench`, run as its own process so the load generator does not share its event
// loop. It builds the real app (every plugin, the real `authenticate`) and adds two routes with the SAME tiny
// handler and response schema: one open, one behind `authenticate`. The difference between them is the cost
// of verifying a token, and nothing else.
import { buildApp } from '../server/dist/app.js';
import { loadConfig } from '../server/dist/config.js';

const config = loadConfig({
  ...process.env,
  // Request logging costs the same on both routes but would flood the terminal; the bench measures without it.
  LOG_LEVEL: 'silent',
  // The load check signs in over and over; it must measure the server, not the brute-force throttle.
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000',
  LOGIN_MAX_FAILURES_PER_IP: '100000',
  LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
});
const app = await buildApp(config);

const schema = {
  response: {
    200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
  },
};
const handler = async () => ({ ok: true });
app.get('/bench/open', { schema }, handler);
app.get('/bench/protected', { schema, onRequest: app.authenticate }, handler);

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ address, scryptCost: config.scryptCost });
// The bench samples memory from here: the V8 heap shows whether JavaScript objects pile up, apart from the
// large native buffers scrypt borrows for each sign-in.
process.on('message', (message) => {
  if (message === 'memory') process.send?.({ memory: process.memoryUsage() });
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
