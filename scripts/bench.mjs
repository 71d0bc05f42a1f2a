// `pnpm bench`: what tokens cost, measured on this machine.
//
// 1. Protected vs open route: identical handlers, one behind `authenticate`, alternated for several rounds
//    after a warm-up. Reports req/s per round, the median, p50/p99 latency and the ratio protected ÷ open.
// 2. Sign-in cost: the latency of POST /api/auth/login next to one bare scrypt call with the same parameters.
// 3. Load check: 100 connections on /api/me with valid tokens, invalid tokens and sign-ins at the same time.
//    Must show zero 5xx and zero errors, with memory flat.
// 4. The SPA: gzip size of the JavaScript a first visit downloads, and of each lazy chunk; and whether any
//    chunk still holds React Router's development build (client/vite.config.ts swaps in its production build).
//
// The figures are printed and written into docs/PERFORMANCE.md between the `bench:` markers. Nothing here is
// a pass/fail test; the exit code is non-zero only if the server answered a 5xx or a connection failed.
//
// Environment: BENCH_ROUNDS (3), BENCH_SECONDS per round and route (5), BENCH_LOAD_SECONDS (30),
// BENCH_CONNECTIONS (50).
import { fork } from 'node:child_process';
import { randomBytes, scrypt } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { writeFigures } from './doc-figures.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = fileURLToPath(new URL('..', import.meta.url));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fmt = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kb = (bytes) => `${fmt(bytes / 1024, 2)} KB`;
const mb = (bytes) => `${fmt(bytes / 2 ** 20, 1)} MB`;
const log = (line) => process.stdout.write(`${line}\n`);

/** Runs autocannon with a progress line that updates once a second. */
function load(label, options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (error, result) => {
      process.stdout.write('\r\x1b[K');
      if (error) reject(error);
      else resolve(result);
    });
    let ticks = 0;
    let requests = 0;
    instance.on('response', () => {
      requests += 1;
    });
    const timer = setInterval(() => {
      ticks += 1;
      process.stdout.write(`\r\x1b[K  ${label}: ${ticks}/${options.duration} s, ${fmt(requests / ticks)} req/s so far`);
    }, 1000);
    instance.on('done', () => clearInterval(timer));
  });
}

function startServer() {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./bench-server.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // From process start to listening: Node's start, loading the app, and seeding the demo accounts (two
    // scrypt hashes at full cost) — what `pnpm start` does after its build step.
    child.once('message', (message) => resolve({ child, readyMs: performance.now() - started, ...message }));
    child.once('exit', (code) => reject(new Error(`the bench server exited with code ${code}`)));
  });
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

async function signIn(address, ttlSeconds = 3600) {
  const response = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'student', password: 'student123', ttlSeconds }),
  });
  if (!response.ok) throw new Error(`sign-in failed with ${response.status}`);
  return (await response.json()).token;
}

function bareScrypt(cost) {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    scrypt('student123', randomBytes(16), 32, { N: cost, r: 8, p: 1, maxmem: 2 * 128 * cost * 8 }, (error) =>
      error ? reject(error) : resolve(performance.now() - started),
    ),
  );
}

function bundleSizes() {
  const dist = `${root}client/dist`;
  const html = readFileSync(`${dist}/index.html`, 'utf8');
  // What a first visit downloads: the entry script and everything the HTML preloads with it.
  const firstVisit = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  const gz = (file) => gzipSync(readFileSync(`${dist}/${file}`), { level: 9 }).length;
  const br = (file) =>
    brotliCompressSync(readFileSync(`${dist}/${file}`), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const chunks = readdirSync(`${dist}/assets`)
    .filter((name) => name.endsWith('.js'))
    .map((name) => `assets/${name}`);
  // Sentences React Router prints only from its development build (behind its ENABLE_DEV_WARNINGS constant).
  const devOnly = ['You rendered descendant <Routes>', 'No routes matched location', 'Error handled by React Router default ErrorBoundary'];
  return {
    firstVisit: firstVisit.map((file) => ({ file, gzip: gz(file), brotli: br(file) })),
    lazy: chunks.filter((file) => !firstVisit.includes(file)).map((file) => ({ file, gzip: gz(file), brotli: br(file) })),
    routerDevWarnings: chunks.filter((file) => devOnly.some((text) => readFileSync(`${dist}/${file}`, 'utf8').includes(text))),
  };
}

const failures = [];
function count(label, result, { expect2xx }) {
  const fiveXx = result['5xx'] ?? 0;
  const non2xx = result.non2xx ?? 0;
  if (result.errors || result.timeouts || fiveXx || (expect2xx && non2xx)) {
    failures.push(`${label}: ${non2xx} non-2xx (${fiveXx} 5xx), ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { non2xx, fiveXx, errors: result.errors + result.timeouts };
}

log(`Session Lab bench — Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`);
const server = await startServer();
const { address } = server;
log(`server at ${address} (pid ${server.child.pid}), listening ${fmt(server.readyMs)} ms after its process started`);

try {
  const token = await signIn(address);
  const auth = { authorization: `Bearer ${token}` };

  // 1. Open vs protected.
  log(`\n1. open vs protected route: ${CONNECTIONS} connections, warm-up then ${ROUNDS} rounds of ${SECONDS} s each`);
  // Both routes get the very same request, token included, so the only difference is whether it is verified.
  await load('warm-up open', { url: `${address}/bench/open`, headers: auth, duration: 3 });
  await load('warm-up protected', { url: `${address}/bench/protected`, headers: auth, duration: 3 });
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternate which route goes first, so neither always runs on a machine that just got warmer.
    const order = round % 2 ? ['open', 'protected'] : ['protected', 'open'];
    const row = { round };
    for (const route of order) {
      const result = await load(`round ${round}/${ROUNDS} ${route}`, {
        url: `${address}/bench/${route}`,
        headers: auth,
        duration: SECONDS,
      });
      count(`round ${round} ${route}`, result, { expect2xx: true });
      row[route] = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
    }
    row.ratio = row.protected.rps / row.open.rps;
    rounds.push(row);
    log(`  round ${round}: open ${fmt(row.open.rps)} req/s, protected ${fmt(row.protected.rps)} req/s, ratio ${fmt(row.ratio, 3)}`);
  }
  const medianRound = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
  const summary = {
    openRps: median(rounds.map((row) => row.open.rps)),
    protectedRps: median(rounds.map((row) => row.protected.rps)),
    ratio: medianRound.ratio,
    p99Ratio: medianRound.protected.p99 / Math.max(medianRound.open.p99, 1),
  };

  // 2. Sign-in cost.
  log('\n2. sign-in cost: 10 sign-ins one after another, and 10 bare scrypt calls with the same parameters');
  const logins = [];
  for (let i = 0; i < 10; i += 1) {
    const started = performance.now();
    await signIn(address, 60);
    logins.push(performance.now() - started);
  }
  const scrypts = [];
  for (let i = 0; i < 10; i += 1) scrypts.push(await bareScrypt(server.scryptCost));
  const signInCost = { login: median(logins), scrypt: median(scrypts), cost: server.scryptCost };
  log(`  sign-in median ${fmt(signInCost.login, 1)} ms; bare scrypt (N=${signInCost.cost}, r=8, p=1) median ${fmt(signInCost.scrypt, 1)} ms`);

  // 3. Load check: valid tokens, invalid tokens and sign-ins together.
  log(`\n3. load check: 100 connections on /api/me for ${LOAD_SECONDS} s, with invalid tokens and sign-ins at the same time`);
  const forged = `${token.slice(0, -4)}AAAA`;
  const heap = [];
  const onMemory = (message) => {
    if (message?.memory) heap.push(message.memory.heapUsed);
  };
  server.child.on('message', onMemory);
  const rss = [rssOf(server.child.pid)];
  const sampler = setInterval(() => {
    rss.push(rssOf(server.child.pid));
    server.child.send('memory');
  }, 1000);
  const [valid, invalid, logins2] = await Promise.all([
    load('load', { url: `${address}/api/me`, headers: auth, duration: LOAD_SECONDS, connections: 100 }),
    autocannon({ url: `${address}/api/me`, headers: { authorization: `Bearer ${forged}` }, duration: LOAD_SECONDS, connections: 10 }),
    autocannon({
      url: `${address}/api/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'teacher', password: 'teacher123' }),
      duration: LOAD_SECONDS,
      connections: 2,
    }),
  ]);
  clearInterval(sampler);
  server.child.off('message', onMemory);
  rss.push(rssOf(server.child.pid));
  const loadCheck = {
    valid: { rps: valid.requests.average, p99: valid.latency.p99, ...count('load /api/me valid', valid, { expect2xx: true }) },
    invalid: { rps: invalid.requests.average, p99: invalid.latency.p99, ...count('load /api/me invalid', invalid, { expect2xx: false }), refused: invalid['4xx'] ?? 0 },
    logins: { rps: logins2.requests.average, p99: logins2.latency.p99, ...count('load sign-ins', logins2, { expect2xx: true }) },
    rss: { start: rss[0], peak: Math.max(...rss), end: rss.at(-1), secondHalfGrowth: rss.at(-1) - rss[Math.floor(rss.length / 2)] },
    heap: { start: heap[0] ?? 0, peak: Math.max(0, ...heap), end: heap.at(-1) ?? 0, secondHalfGrowth: (heap.at(-1) ?? 0) - (heap[Math.floor(heap.length / 2)] ?? 0) },
  };
  log(`  /api/me valid: ${fmt(loadCheck.valid.rps)} req/s, p99 ${loadCheck.valid.p99} ms, ${loadCheck.valid.non2xx} non-2xx, ${loadCheck.valid.errors} errors`);
  log(`  /api/me invalid: ${fmt(loadCheck.invalid.rps)} req/s, all refused with 401: ${loadCheck.invalid.refused === invalid.requests.total}, ${loadCheck.invalid.fiveXx} 5xx, ${loadCheck.invalid.errors} errors`);
  log(`  sign-ins: ${fmt(loadCheck.logins.rps, 1)} req/s, p99 ${loadCheck.logins.p99} ms, ${loadCheck.logins.non2xx} non-2xx, ${loadCheck.logins.errors} errors`);
  log(`  server V8 heap used: start ${mb(loadCheck.heap.start)}, peak ${mb(loadCheck.heap.peak)}, end ${mb(loadCheck.heap.end)}, growth over the second half ${mb(loadCheck.heap.secondHalfGrowth)}`);
  log(`  server memory (RSS): start ${mb(loadCheck.rss.start)}, peak ${mb(loadCheck.rss.peak)}, end ${mb(loadCheck.rss.end)}, growth over the second half ${mb(loadCheck.rss.secondHalfGrowth)}`);

  // 4. The SPA.
  const bundle = bundleSizes();
  const firstVisitTotal = bundle.firstVisit.reduce((sum, file) => sum + file.gzip, 0);
  const firstVisitBrotli = bundle.firstVisit.reduce((sum, file) => sum + file.brotli, 0);
  log(`\n4. SPA JavaScript, gzip -9: first visit ${kb(firstVisitTotal)} (brotli, as served to browsers that accept it: ${kb(firstVisitBrotli)})`);
  for (const file of [...bundle.firstVisit, ...bundle.lazy]) log(`  ${file.file}: ${kb(file.gzip)}${bundle.lazy.includes(file) ? ' (lazy)' : ''}`);
  const routerBuild = bundle.routerDevWarnings.length
    ? `React Router's **development** build, dev-only warnings in ${bundle.routerDevWarnings.join(', ')}`
    : "React Router's production build (none of its dev-only warnings in any chunk)";
  log(`  ${routerBuild.replaceAll('**', '')}`);

  // The table at the end, and the same figures in docs/PERFORMANCE.md.
  const table = [
    '| round | open req/s | protected req/s | ratio | open p50 / p99 (ms) | protected p50 / p99 (ms) |',
    '|---|---|---|---|---|---|',
    ...rounds.map(
      (row) =>
        `| ${row.round} | ${fmt(row.open.rps)} | ${fmt(row.protected.rps)} | ${fmt(row.ratio, 3)} | ${row.open.p50} / ${row.open.p99} | ${row.protected.p50} / ${row.protected.p99} |`,
    ),
    `| **median** (each column on its own) | **${fmt(summary.openRps)}** | **${fmt(summary.protectedRps)}** | **${fmt(summary.ratio, 3)}** (round ${medianRound.round}) | | p99 protected ÷ open in round ${medianRound.round}: **${fmt(summary.p99Ratio, 2)}** |`,
  ].join('\n');
  log(`\n${table}\n`);

  const report = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}. The load generator (autocannon) shares the cores with the server, so compare ratios rather than absolute numbers.`,
    '',
    `**Open vs protected route** (${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route after a warm-up; non-2xx and errors in every round: ${rounds.every((row) => !row.open.non2xx && !row.protected.non2xx && !row.open.errors && !row.protected.errors) ? '0' : 'SEE FAILURES'})`,
    '',
    table,
    '',
    `**Start-up**: the server process was listening ${fmt(server.readyMs)} ms after it started (demo accounts seeded at full scrypt cost).`,
    '',
    `**Sign-in cost**: median sign-in ${fmt(signInCost.login, 1)} ms; one bare scrypt call (N=${signInCost.cost}, r=8, p=1) ${fmt(signInCost.scrypt, 1)} ms in the same run. The password hash is the whole cost of signing in, by design.`,
    '',
    `**Load check** (${LOAD_SECONDS} s, at the same time): 100 connections on /api/me with a valid token: ${fmt(loadCheck.valid.rps)} req/s, p99 ${loadCheck.valid.p99} ms, ${loadCheck.valid.non2xx} non-2xx, ${loadCheck.valid.errors} errors; 10 connections with a forged token: ${fmt(loadCheck.invalid.rps)} req/s, every one refused with 401, ${loadCheck.invalid.fiveXx} 5xx, ${loadCheck.invalid.errors} errors; 2 connections signing in: ${fmt(loadCheck.logins.rps, 1)} req/s, ${loadCheck.logins.non2xx} non-2xx, ${loadCheck.logins.errors} errors. Server V8 heap used: ${mb(loadCheck.heap.start)} → peak ${mb(loadCheck.heap.peak)} → ${mb(loadCheck.heap.end)} at the end (${mb(loadCheck.heap.secondHalfGrowth)} over the second half). Server memory (RSS): ${mb(loadCheck.rss.start)} at the start, ${mb(loadCheck.rss.peak)} at the peak, ${mb(loadCheck.rss.end)} at the end (${mb(loadCheck.rss.secondHalfGrowth)} over the second half; each scrypt call of a sign-in briefly takes 128 MB).`,
    '',
    `**SPA JavaScript** (gzip -9): first visit **${kb(firstVisitTotal)}**, or ${kb(firstVisitBrotli)} with brotli, which the server sends to browsers that accept it (${bundle.firstVisit.map((file) => `\`${file.file.replace(/-[\w-]{8}\.js$/, '.js')}\` ${kb(file.gzip)}`).join(', ')}); loaded later: ${bundle.lazy.map((file) => `\`${file.file.replace(/-[\w-]{8}\.js$/, '.js')}\` ${kb(file.gzip)}`).join(', ')}. ${routerBuild}.`,
  ].join('\n');
  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'bench', report)) log('figures written to docs/PERFORMANCE.md');
} finally {
  server.child.kill('SIGTERM');
}

if (failures.length) {
  log(`\nFAILURES:\n${failures.map((line) => `  ${line}`).join('\n')}`);
  process.exitCode = 1;
} else {
  log('no 5xx, no errors');
}
