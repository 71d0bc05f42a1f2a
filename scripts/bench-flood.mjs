// `pnpm bench:flood`: a flood of CORRECT sign-ins (the demo password is public) against the real server, and
// what it does to everyone else.
//
// It starts `node server/dist/server.js` (the command `pnpm start` ends with) at the real OWASP scrypt cost,
// then, for a short burst, opens a new connection for every sign-in at a fixed rate, whatever the server
// answers, from several loopback source addresses (127.0.0.2, 127.0.0.3…) through Node's `localAddress`, so
// the per-address throttle sees several clients. Meanwhile one client keeps fetching the home page and a
// static asset, one request after the other, and times each. It reports:
//   - the home page's and the asset's latency during the flood and until the server has drained;
//   - how long the server took to answer the last flood request after the burst ended (the drain);
//   - how the flood requests were answered (200, 429, 503…) and how long a refusal took.
// The figures go to standard output and into docs/PERFORMANCE.md between the `flood:` markers.
//
// Environment: FLOOD_SECONDS (5), FLOOD_RATE sign-ins per second in total (40), FLOOD_ADDRESSES (8),
// FLOOD_PORT (41017; the server listens on 127.0.0.1).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeFigures } from './doc-figures.mjs';

const SECONDS = Number(process.env.FLOOD_SECONDS ?? 5);
const RATE = Number(process.env.FLOOD_RATE ?? 40);
const ADDRESSES = Number(process.env.FLOOD_ADDRESSES ?? 8);
const PORT = Number(process.env.FLOOD_PORT ?? 41017);
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line) => process.stdout.write(`${line}\n`);
const fmt = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One request on its own connection, from `localAddress`; resolves with the status and the time it took. */
function request({ method = 'GET', path, headers = {}, body, localAddress = '127.0.0.1' }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: PORT, method, path, headers, localAddress, agent: false, timeout: 180_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, at: performance.now() }));
      },
    );
    req.on('error', (error) => resolve({ status: `error ${error.code ?? error.message}`, ms: performance.now() - started, at: performance.now() }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function startServer() {
  const child = spawn(process.execPath, ['server/dist/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      JWT_SECRET: 'flood-bench-8f3Kq2Zx7Lm4Vb9Tn1Rw6Yc5Hd0Jg',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const answer = await request({ path: '/api/health' });
    if (answer.status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not answer /api/health within 10 s');
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const asset = readdirSync(`${root}client/dist/assets`).find((name) => /^index-.*\.js$/.test(name));
const page = { path: '/', headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } };
const script = { path: `/assets/${asset}`, headers: { accept: '*/*', 'accept-encoding': 'br, gzip' } };
// Both demo accounts, alternately: their passwords are on the home page.
const signIns = ['student', 'teacher'].map((username) => JSON.stringify({ username, password: `${username}123` }));

log(`flood: ${RATE} correct sign-ins per second for ${SECONDS} s from ${ADDRESSES} addresses, real scrypt cost`);
const server = await startServer();
try {
  // Idle figures first, so the flood figures have something to be compared with.
  const idle = [];
  for (let i = 0; i < 5; i += 1) idle.push((await request(page)).ms);

  const flood = [];
  let floodDone = false;
  const probes = { page: [], script: [] };
  const prober = (async () => {
    while (!floodDone) {
      probes.page.push((await request(page)).ms);
      probes.script.push((await request(script)).ms);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const burstStart = performance.now();
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i += 1) {
    const localAddress = `127.0.0.${2 + (i % ADDRESSES)}`;
    const signIn = signIns[i % signIns.length];
    flood.push(
      request({
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(signIn) },
        body: signIn,
        localAddress,
      }),
    );
    const next = burstStart + ((i + 1) * 1000) / RATE;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  const burstEnd = performance.now();
  const answers = await Promise.all(flood);
  const drainMs = Math.max(...answers.map((answer) => answer.at)) - burstEnd;
  floodDone = true;
  await prober;

  const byStatus = {};
  for (const answer of answers) byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
  const refusals = answers.filter((answer) => answer.status !== 200).map((answer) => answer.ms);
  const successes = answers.filter((answer) => answer.status === 200).map((answer) => answer.ms);
  const result = {
    idleP50: percentile(idle, 50),
    pageP50: percentile(probes.page, 50),
    pageMax: Math.max(...probes.page),
    scriptP50: percentile(probes.script, 50),
    scriptMax: Math.max(...probes.script),
    probes: probes.page.length,
    drainMs,
    byStatus,
    successP50: percentile(successes, 50),
    successMax: successes.length ? Math.max(...successes) : 0,
    refusalP50: percentile(refusals, 50),
  };
  const statuses = Object.entries(byStatus).map(([status, count]) => `${count} × ${status}`).join(', ');
  const line =
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}: ` +
    `${total} correct sign-ins (both demo accounts) at ${RATE}/s for ${SECONDS} s from ${ADDRESSES} addresses. ` +
    `Home page: ${fmt(result.idleP50, 1)} ms idle; during the flood and the drain p50 ${fmt(result.pageP50)} ms, worst ${fmt(result.pageMax)} ms ` +
    `(${result.probes} fetches). Static asset: p50 ${fmt(result.scriptP50)} ms, worst ${fmt(result.scriptMax)} ms. ` +
    `Drain (last flood answer after the burst ended): ${fmt(result.drainMs / 1000, 1)} s. ` +
    `Answers: ${statuses}; a 200 took p50 ${fmt(result.successP50)} ms (worst ${fmt(result.successMax)} ms), a refusal p50 ${fmt(result.refusalP50, 1)} ms.`;
  log(line);

  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'flood', line)) log('figures written to docs/PERFORMANCE.md');
} finally {
  server.kill('SIGTERM');
}
