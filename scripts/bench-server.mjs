// The server half of `pnpm bench` and `pnpm bench:instructions`, run as its own process so the load generator
// does not share its event loop. It builds the real app (every plugin, the real `authenticate`, request logging
// on) with the session store named by SESSION_STORE, and adds two routes with the SAME tiny handler and response
// schema: one open, one behind `authenticate`. The difference between them is the cost of checking a session,
// and nothing else.
//
// It answers the bench over IPC: `cpu` → this process's CPU time so far (process.cpuUsage, microseconds) and
// how many times each kind of store read and write has run, counted here by wrapping the stores' methods
// (the counters cost a few nanoseconds, far below what they count); `gc` → a full garbage collection, when node
// runs with --expose-gc.
import { Writable } from 'node:stream';
import { buildApp } from '../server/dist/app.js';
import { loadConfig } from '../server/dist/config.js';
import { MemorySessionStore } from '../server/dist/sessions/memory-store.js';
import { RedisSessionStore } from '../server/dist/sessions/redis-store.js';
import { SqliteSessionStore } from '../server/dist/sessions/sqlite-store.js';

const counts = { reads: 0, writes: 0 };
for (const Store of [MemorySessionStore, SqliteSessionStore, RedisSessionStore]) {
  const { findBySecretHash, touch } = Store.prototype;
  Store.prototype.findBySecretHash = function countedRead(...args) {
    counts.reads += 1;
    return findBySecretHash.apply(this, args);
  };
  Store.prototype.touch = function countedWrite(...args) {
    counts.writes += 1;
    return touch.apply(this, args);
  };
}

let logLines = 0;
const config = loadConfig({
  ...process.env,
  // The request log stays on at its usual level, so its cost is measured; the lines are counted and dropped
  // rather than flooding the terminal.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  // The bench signs in a handful of times; it must measure the server, not the brute-force throttle.
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000',
  LOGIN_MAX_FAILURES_PER_IP: '100000',
  LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
});
const logStream = new Writable({
  write(chunk, _encoding, callback) {
    logLines += 1;
    callback();
  },
});
const app = await buildApp(config, { logStream });

const schema = {
  response: {
    200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
  },
};
const handler = async () => ({ ok: true });
app.get('/bench/open', { schema }, handler);
app.get('/bench/protected', { schema, onRequest: app.authenticate }, handler);

// Any free port, unless BENCH_PORT names one (for a machine that allows only some ports).
const address = await app.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
process.send?.({ address, scryptCost: config.scryptCost, store: config.sessions.store });
process.on('message', (message) => {
  // The V8 heap shows whether JavaScript objects pile up, apart from the large native buffers scrypt
  // borrows for each sign-in.
  if (message === 'memory') process.send?.({ memory: process.memoryUsage() });
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage(), counts: { ...counts }, logLines });
  // bench-instructions.mjs runs this with --expose-gc and asks for full collections after its warm-up (it says why).
  if (message === 'gc') {
    globalThis.gc?.();
    process.send?.({ collected: typeof globalThis.gc === 'function' });
  }
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
