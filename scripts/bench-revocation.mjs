// `pnpm bench:revocation`: how long a revocation on one instance takes to reach another, with two real server
// processes on one Redis.
//
// It starts a redis-server of its own (or uses REDIS_URL), then two `node server/dist/server.js` (the command
// `pnpm start` ends with) on two ports, sharing JWT_SECRET and REDIS_URL and nothing else. Each round:
//   1. signs in on A with a `session` cookie and calls A twice, so A has the row in its revocation cache
//      (the second answer must say `sl-cache;desc=hit`: the worst case, where only pub/sub can tell A);
//   2. signs out on B and notes when B has answered (the revocation is committed in Redis by then);
//   3. calls A again and again, one request after the other, until A refuses the session.
// It reports the time from B's answer to A's first refusal (median, p99, max) and how often the very first
// request to A after B's answer was already refused. The figures go to standard output and into
// docs/PERFORMANCE.md between the `revocation:` markers.
//
// Environment: REVOCATIONS (250), BENCH_PORTS (45111,45112), BENCH_REDIS_PORT (45110), REDIS_URL (unset:
// start /usr/bin/redis-server on BENCH_REDIS_PORT).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeFigures } from './doc-figures.mjs';

const ROUNDS = Number(process.env.REVOCATIONS ?? 250);
const [PORT_A, PORT_B] = (process.env.BENCH_PORTS ?? '45111,45112').split(',').map(Number);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 45110);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line) => process.stdout.write(`${line}\n`);
const fmt = (value, digits = 2) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const children = [];

function startProcess(command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function waitFor(check, what) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not come up within 10 s`);
}

async function startRedis() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (!existsSync('/usr/bin/redis-server')) throw new Error('needs /usr/bin/redis-server (apt-get install redis-server) or REDIS_URL');
  startProcess('/usr/bin/redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  // A raw PING over TCP: the root package has no Redis client of its own, and this needs none.
  await waitFor(
    () =>
      new Promise((resolve) => {
        const socket = connect(REDIS_PORT, '127.0.0.1', () => socket.write('PING\r\n'));
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data.toString().startsWith('+PONG'));
        });
        socket.once('error', () => resolve(false));
      }),
    'redis-server',
  );
  return `redis://127.0.0.1:${REDIS_PORT}`;
}

async function startServer(port, redisUrl) {
  startProcess(process.execPath, ['server/dist/server.js'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'revocation-bench-Q8v3Lx9Kz2Rm7Tn4Wb6Yc1Hd5Jg0',
    SESSION_STORE: 'redis',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench-${process.pid}:`,
    SCRYPT_COST: '1024',
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/health`)).ok, `the server on port ${port}`);
  return base;
}

async function signIn(base) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'student', password: 'student123', kind: 'session' }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const { csrfToken } = await response.json();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
  return { cookie, 'x-csrf-token': csrfToken };
}

async function me(base, headers) {
  const response = await fetch(`${base}/api/me`, { headers });
  await response.arrayBuffer();
  return { status: response.status, timing: response.headers.get('server-timing') ?? '' };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const redisUrl = await startRedis();
  const a = await startServer(PORT_A, redisUrl);
  const b = await startServer(PORT_B, redisUrl);
  log(`two instances on one Redis: A ${a}, B ${b}; ${ROUNDS} revocations`);

  const delays = [];
  const requestTimes = [];
  let firstAlreadyRefused = 0;
  let cachedBefore = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const headers = await signIn(a);
    await me(a, headers);
    const before = performance.now();
    if ((await me(a, headers)).timing.includes('sl-cache;desc=hit')) cachedBefore += 1;
    requestTimes.push(performance.now() - before);

    const logout = await fetch(`${b}/api/auth/logout`, { method: 'POST', headers });
    await logout.arrayBuffer();
    if (logout.status !== 204) throw new Error(`logout on B answered ${logout.status}`);
    const acknowledged = performance.now();
    let polls = 0;
    for (;;) {
      polls += 1;
      const answer = await me(a, headers);
      if (answer.status === 401) break;
      if (performance.now() - acknowledged > 5_000) throw new Error('A still accepted the session 5 s after B revoked it');
    }
    delays.push(performance.now() - acknowledged);
    if (polls === 1) firstAlreadyRefused += 1;
  }

  delays.sort((x, y) => x - y);
  const median = percentile(delays, 50);
  const p99 = percentile(delays, 99);
  const max = delays[delays.length - 1];
  requestTimes.sort((x, y) => x - y);
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `Measured ${date} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
      `${ROUNDS} revocations, two server processes and redis-server on the same machine:`,
    '',
    '| from B\'s answer to A\'s first refusal | ms |',
    '|---|---|',
    `| median | ${fmt(median)} |`,
    `| p99 | ${fmt(p99)} |`,
    `| max | ${fmt(max)} |`,
    '',
    `These times include the request to A itself: one request to A, answered from its cache, takes ` +
      `${fmt(percentile(requestTimes, 50))} ms (median) from this client. A had the session in its cache before the ` +
      `sign-out in ${cachedBefore} of ${ROUNDS} rounds; the very first request to A after B's answer was already ` +
      `refused in ${firstAlreadyRefused} of ${ROUNDS}` +
      (firstAlreadyRefused < ROUNDS ? " (in the rest, B's answer overtook Redis's message to A)." : '.'),
  ];
  log(lines.join('\n'));
  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'revocation', lines.join('\n'))) log('written to docs/PERFORMANCE.md');
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
