// The peer `pnpm bench` measures Session Lab against: what a Fastify user would write from the docs of
// @fastify/jwt, and nothing more. A bare Fastify 5 with @fastify/jwt 10, the same checks as ours (HS256 only,
// issuer, audience) and the plugin's verifier cache on, with an open route and a JWT route that share one tiny
// handler and response schema, exactly like bench-server.mjs. No logger, no security headers, no cookies:
// the cheapest server that still checks a token properly, so our protected route has a fair mark to reach.
//
// It answers `cpu` over IPC with process.cpuUsage(), and `gc` with a full garbage collection, like bench-server.mjs.
import { createRequire } from 'node:module';

// Fastify and @fastify/jwt are dependencies of the server workspace; take them from there.
const require = createRequire(new URL('../server/package.json', import.meta.url));
const Fastify = require('fastify');
const fastifyJwt = require('@fastify/jwt');

const ISSUER = 'bench-peer';
const AUDIENCE = 'bench-peer-clients';
const app = Fastify();
await app.register(fastifyJwt, {
  secret: 'bench-peer-secret-that-is-long-enough-1234567890',
  sign: { algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE, expiresIn: '1h' },
  verify: { algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE, cache: true },
});
// The docs' `authenticate`: verify, and answer with the plugin's own 401 when that fails.
app.decorate('authenticate', async (request, reply) => {
  try {
    await request.jwtVerify();
  } catch (error) {
    reply.send(error);
  }
});

const schema = {
  response: {
    200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
  },
};
const handler = async () => ({ ok: true });
app.get('/bench/open', { schema }, handler);
app.get('/bench/protected', { schema, onRequest: [app.authenticate] }, handler);

// Any free port, unless BENCH_PORT names one (for a machine that allows only some ports).
const address = await app.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
process.send?.({ address, token: app.jwt.sign({ sub: 'student' }) });
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage(), counts: { reads: 0, writes: 0 }, logLines: 0 });
  if (message === 'gc') {
    globalThis.gc?.();
    process.send?.({ collected: typeof globalThis.gc === 'function' });
  }
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
