// `pnpm bench`: what each kind of session costs the server, measured on this machine.
//
// 1. Server CPU per request, per kind of session. Real server processes (bench-server.mjs), one per session
//    store (memory, SQLite, and Redis when redis-server is installed), and the peer (bench-peer.mjs: a bare
//    Fastify + @fastify/jwt set up as its docs show). Each row sends a fixed number of requests at a fixed
//    rate on one connection, well below saturation, and reads the server's own CPU time (process.cpuUsage,
//    over IPC) at the start and the end of a steady window: CPU per request = the difference ÷ the number of
//    answers in the window (`measure` says why one connection). Each kind is measured in adjacent pairs with
//    the open route of the same server process, for several rounds after a warm-up; the table shows each
//    row's median and its spread (the middle half of the samples), the store reads and writes per request
//    the server counted, and throughput and latency as secondary columns. Efficiency = the open route's CPU
//    per request ÷ the kind's, the median over the pairs. Our bearer route and the peer's JWT route are
//    paired the same way.
// 2. Sign-in cost: the latency of POST /api/auth/login next to one bare scrypt call with the same parameters.
// 3. Load check: 100 connections on /api/me with valid tokens, invalid tokens and sign-ins at the same time.
//    Must show zero 5xx and zero errors, with memory flat.
// 4. The SPA: gzip size of the JavaScript a first visit downloads, and of each lazy chunk; and whether any
//    chunk still holds React Router's development build (client/vite.config.ts swaps in its production build).
//
// Why CPU at a fixed rate: at saturation the server answers several requests per turn of its event loop and
// the CPU per request falls as the load rises, and on a 2-core machine the load generator takes its share of
// the cores, so req/s swings from run to run. The CPU the server spends on a fixed rate it can easily follow
// is what a route costs, and two routes are comparable only at the same rate.
//
// The figures are printed and written into docs/PERFORMANCE.md between the `bench:` markers. Nothing here is
// a pass/fail test; the exit code is non-zero only if the server answered a 5xx, a row got an unexpected
// status or a connection failed.
//
// Environment: BENCH_ROUNDS (9), BENCH_RATE requests per second (1000), BENCH_REQUESTS per row and round
// (1500), BENCH_LOAD_SECONDS (10), BENCH_REDIS_PORT (47210; redis-server is started on it when installed),
// BENCH_ONLY=cpu to run part 1 (and 4) alone.
import { execFileSync, fork } from 'node:child_process';
import { randomBytes, scrypt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { fmt, median, quantile, signIn, startRedis } from './bench-common.mjs';
import { writeFigures } from './doc-figures.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 47210);
const ONLY_CPU = process.env.BENCH_ONLY === 'cpu';
const root = fileURLToPath(new URL('..', import.meta.url));

const kb = (bytes) => `${fmt(bytes / 1024, 2)} KB`;
const mb = (bytes) => `${fmt(bytes / 2 ** 20, 1)} MB`;
const log = (line) => process.stdout.write(`${line}\n`);
const children = [];

/** Runs autocannon; with a `label`, a progress line updates once a second. */
function load(label, options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: 50, ...options }, (error, result) => {
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
      process.stdout.write(`\r\x1b[K  ${label}: ${ticks} s, ${fmt(requests / ticks)} req/s so far`);
    }, 1000);
    instance.on('done', () => clearInterval(timer));
  });
}

/** Starts a bench server (or the peer) as a child process and waits for its first message. */
function startChild(script, env = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(new URL(script, import.meta.url), {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    // From process start to listening: Node's start, loading the app, and seeding the demo accounts (two
    // scrypt hashes at full cost) — what `pnpm start` does after its build step.
    child.once('message', (message) => {
      pin(child.pid, String(SERVER_CORE));
      resolve({ child, readyMs: performance.now() - started, ...message });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code}`)));
  });
}

/**
 * Part 1 gives the servers a core of their own and everything else (this process, which generates the load,
 * and redis-server) the other ones, when the machine has at least two cores and `taskset` (util-linux) is
 * there. Left to the scheduler, a server sometimes shares a core with the load generator and sometimes not,
 * and that alone moved the same open route from 49 to 82 µs per request between two runs here; pinned, every
 * row runs in the same arrangement, and pairs of rows can be compared.
 */
const SERVER_CORE = os.cpus().length - 1;
const canPin = os.cpus().length >= 2 && ['/usr/bin/taskset', '/bin/taskset'].some((path) => existsSync(path));
function pin(pid, cores) {
  if (!canPin) return;
  // -a: every thread of the process, libuv's pool and V8's helpers included.
  execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
}

/** The server's CPU time so far (µs) and its store counters, as it reports them itself. */
function cpuOf(child) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (!message?.cpu) return;
      child.off('message', onMessage);
      resolve({ cpuUs: message.cpu.user + message.cpu.system, ...message.counts, logLines: message.logLines });
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
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

/**
 * Part 1: what one stream of requests on a row costs the server. One connection sends requests at RATE; the
 * server's CPU time is read once the stream is steady (after half a second: a new connection, and code the JIT
 * has not seen for a while, cost extra at first) and again REQUESTS answers later, and the difference is
 * divided by the answers counted in between.
 *
 * Why one connection: with several, how their requests happen to line up decides how many arrive in the same
 * turn of the server's event loop, and requests that share a turn cost less each. That alignment is different
 * in every burst, and it made the same route measure anywhere from 35 to 61 µs in bursts of 3000 requests
 * here. One connection at a fixed rate gives the server one request at a time, every time: the steady cost
 * of a route. (autocannon paces one connection at whole milliseconds, so it reaches a little less than RATE;
 * every row gets the same pace, which the req/s column shows.)
 */
function measure(row) {
  const warmUp = Math.round(RATE / 2);
  return new Promise((resolve, reject) => {
    let answered = 0;
    let start;
    let end;
    const instance = autocannon(
      {
        url: `${row.server.address}${row.path}`,
        headers: row.headers,
        // A little more after the window, so the last reading is taken while requests still arrive.
        amount: warmUp + REQUESTS + Math.round(RATE / 5),
        overallRate: RATE,
        connections: 1,
      },
      (error, result) => {
        if (error) return reject(error);
        count(row.label, result, { expect2xx: true });
        Promise.all([start, end]).then(([first, last]) => {
          const within = last.answered - first.answered;
          resolve({
            cpuUs: (last.cpuUs - first.cpuUs) / within,
            reads: (last.reads - first.reads) / within,
            writes: (last.writes - first.writes) / within,
            logLines: (last.logLines - first.logLines) / within,
            rps: result.requests.total / (result.duration || 1),
            p50: result.latency.p50,
            p99: result.latency.p99,
          });
        }, reject);
      },
    );
    // Each reading notes how many answers had arrived when the server replied with its figures.
    const reading = () => cpuOf(row.server.child).then((figures) => ({ ...figures, answered }));
    instance.on('response', () => {
      answered += 1;
      if (answered === warmUp) start = reading();
      if (answered === warmUp + REQUESTS) end = reading();
    });
  });
}

log(`Session Lab bench — Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`);
pin(process.pid, `0-${SERVER_CORE - 1}`);
log(canPin ? `servers pinned to core ${SERVER_CORE}, the load generator and redis-server to the others` : 'servers not pinned (one core, or no taskset)');
const dataFolder = mkdtempSync(join(os.tmpdir(), 'session-lab-bench-'));
const redis = await startRedis(REDIS_PORT);
if (redis?.process) {
  children.push(redis.process);
  pin(redis.process.pid, `0-${SERVER_CORE - 1}`);
}
const redisUrl = redis?.url;
const servers = {
  memory: await startChild('./bench-server.mjs', { SESSION_STORE: 'memory' }),
  sqlite: await startChild('./bench-server.mjs', { SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(dataFolder, 'sessions.sqlite') }),
  ...(redisUrl
    ? { redis: await startChild('./bench-server.mjs', { SESSION_STORE: 'redis', REDIS_URL: redisUrl, REDIS_PREFIX: `bench-${process.pid}:` }) }
    : {}),
  peer: await startChild('./bench-peer.mjs'),
};
const server = servers.memory;
const { address } = server;
log(`servers: ${Object.entries(servers).map(([name, s]) => `${name} ${s.address} (pid ${s.child.pid})`).join(', ')}`);
if (!redisUrl) log('redis-server is not installed and REDIS_URL is unset: the Redis rows are left out');

try {
  // 1. CPU per request, per kind.
  const rows = [
    { label: 'open route', server: servers.memory, path: '/bench/open', headers: {} },
    { label: 'bearer', server: servers.memory, path: '/bench/protected', headers: (await signIn(servers.memory.address)).headers },
    { label: 'cookie-jwt', server: servers.memory, path: '/bench/protected', headers: (await signIn(servers.memory.address, { kind: 'cookie-jwt' })).headers },
    { label: 'refresh (access token)', server: servers.memory, path: '/bench/protected', headers: (await signIn(servers.memory.address, { kind: 'refresh' })).headers },
    { label: 'session, memory', server: servers.memory, path: '/bench/protected', headers: (await signIn(servers.memory.address, { kind: 'session' })).headers },
    { label: 'open route, SQLite instance', server: servers.sqlite, path: '/bench/open', headers: {} },
    { label: 'session, SQLite', server: servers.sqlite, path: '/bench/protected', headers: (await signIn(servers.sqlite.address, { kind: 'session' })).headers },
    { label: 'hybrid, SQLite', server: servers.sqlite, path: '/bench/protected', headers: (await signIn(servers.sqlite.address, { kind: 'hybrid' })).headers },
    ...(servers.redis
      ? [
          { label: 'open route, Redis instance', server: servers.redis, path: '/bench/open', headers: {} },
          { label: 'session, Redis', server: servers.redis, path: '/bench/protected', headers: (await signIn(servers.redis.address, { kind: 'session' })).headers },
          { label: 'hybrid, Redis', server: servers.redis, path: '/bench/protected', headers: (await signIn(servers.redis.address, { kind: 'hybrid' })).headers },
        ]
      : []),
    { label: 'peer: open route', server: servers.peer, path: '/bench/open', headers: {} },
    { label: 'peer: @fastify/jwt route', server: servers.peer, path: '/bench/protected', headers: { authorization: `Bearer ${servers.peer.token}` } },
  ];
  for (const row of rows) row.samples = [];

  log(`\n1. server CPU per request: ${REQUESTS} requests per row at ${RATE} req/s on one connection, a warm-up pass then ${ROUNDS} rounds of pairs`);
  // A pass of warm-up: the first requests of a route run unoptimised code, and CPU per request keeps falling
  // until the JIT has compiled the hot paths.
  for (const row of rows) await measure(row);
  const openOf = (row) => rows.find((candidate) => candidate.server === row.server && candidate.path === '/bench/open');
  for (const row of rows) row.ratios = [];
  const peerRatios = [];
  const blocks = [...new Set(rows.map((row) => row.server))].map((owner) => rows.filter((row) => row.server === owner && row !== openOf(row)));
  for (let round = 0; round < ROUNDS; round += 1) {
    // Each kind is measured right next to its server's open route, in pairs, and its efficiency is the median
    // of the pairs' ratios: whatever else the machine is doing changes over seconds, and two bursts a second
    // apart see nearly the same machine. Which of the two goes first alternates, and the servers and the rows
    // within each rotate from round to round.
    for (let b = 0; b < blocks.length; b += 1) {
      const block = blocks[(b + round) % blocks.length];
      const open = openOf(block[0]);
      for (let r = 0; r < block.length; r += 1) {
        const row = block[(r + round) % block.length];
        const pair = (round + r) % 2 === 0 ? [open, row] : [row, open];
        const [first, second] = [await measure(pair[0]), await measure(pair[1])];
        const [openSample, rowSample] = pair[0] === open ? [first, second] : [second, first];
        open.samples.push(openSample);
        row.samples.push(rowSample);
        row.ratios.push(openSample.cpuUs / rowSample.cpuUs);
      }
    }
    // Our protected route next to the peer's, in pairs too, for the comparison with the peer.
    const ours = rows.find((row) => row.label === 'bearer');
    const theirs = rows.find((row) => row.label === 'peer: @fastify/jwt route');
    const [x, y] = round % 2 === 0 ? [ours, theirs] : [theirs, ours];
    const [first, second] = [await measure(x), await measure(y)];
    peerRatios.push(x === ours ? first.cpuUs / second.cpuUs : second.cpuUs / first.cpuUs);
    log(`  round ${round + 1}/${ROUNDS}: ${rows.filter((row) => row.ratios.length > 0).map((row) => `${row.label} ${fmt(row.samples.at(-1).cpuUs, 1)} µs (${fmt(row.ratios.at(-1), 2)})`).join(', ')}`);
  }
  // Issue 14's goals. The table kinds have theirs on SQLite and Redis, the stores a real deployment uses; the
  // memory store is a demo that forgets everything on a restart, and is measured without a goal.
  const goals = {
    bearer: 0.95,
    'cookie-jwt': 0.95,
    'refresh (access token)': 0.95,
    'session, SQLite': 0.85,
    'session, Redis': 0.85,
    'hybrid, SQLite': 0.85,
    'hybrid, Redis': 0.85,
  };
  const summary = rows.map((row) => {
    const cpu = row.samples.map((sample) => sample.cpuUs);
    return {
      label: row.label,
      cpu: median(cpu),
      low: quantile(cpu, 0.25),
      high: quantile(cpu, 0.75),
      efficiency: row.ratios.length > 0 ? median(row.ratios) : 1,
      efficiencySpread: row.ratios.length > 0 ? `${fmt(quantile(row.ratios, 0.25), 2)}–${fmt(quantile(row.ratios, 0.75), 2)}` : '',
      goal: goals[row.label],
      reads: median(row.samples.map((sample) => sample.reads)),
      writes: median(row.samples.map((sample) => sample.writes)),
      logLines: median(row.samples.map((sample) => sample.logLines)),
      rps: median(row.samples.map((sample) => sample.rps)),
      p50: median(row.samples.map((sample) => sample.p50)),
      p99: median(row.samples.map((sample) => sample.p99)),
    };
  });
  const peerJwt = summary.find((row) => row.label === 'peer: @fastify/jwt route');
  const ours = summary.find((row) => row.label === 'bearer');
  const cpuTable = [
    '| row | CPU per request (µs), median | spread (middle half) | efficiency (open ÷ row): median of pairs (middle half) | goal | store reads / writes per request | log lines per request | req/s | latency p50 / p99 (ms) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...summary.map(
      (row) =>
        `| ${row.label} | **${fmt(row.cpu, 1)}** | ${fmt(row.low, 1)}–${fmt(row.high, 1)} | ${fmt(row.efficiency, 2)}${row.efficiencySpread && ` (${row.efficiencySpread})`} | ${row.goal === undefined ? '' : `≥ ${fmt(row.goal, 2)} ${row.efficiency >= row.goal ? '✓' : '✗'}`} | ${fmt(row.reads, 2)} / ${fmt(row.writes, 4)} | ${fmt(row.logLines, 0)} | ${fmt(row.rps)} | ${row.p50} / ${row.p99} |`,
    ),
  ].join('\n');
  const peerLine = `Our bearer route costs **${fmt(ours.cpu, 1)} µs** of server CPU per request, the peer's @fastify/jwt route **${fmt(peerJwt.cpu, 1)} µs**; measured in adjacent pairs, ours costs **${fmt(median(peerRatios), 2)}×** the peer's (median of ${peerRatios.length} pairs, middle half ${fmt(quantile(peerRatios, 0.25), 2)}–${fmt(quantile(peerRatios, 0.75), 2)}; goal: no more than 1×).`;
  log(`\n${cpuTable}\n\n${peerLine}\n`);

  let rest = '';
  if (!ONLY_CPU) {
    const auth = rows[1].headers;
    // 2. Sign-in cost.
    log('2. sign-in cost: 10 sign-ins one after another, and 10 bare scrypt calls with the same parameters');
    const logins = [];
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      await signIn(address, { ttlSeconds: 60 });
      logins.push(performance.now() - started);
    }
    const scrypts = [];
    for (let i = 0; i < 10; i += 1) scrypts.push(await bareScrypt(server.scryptCost));
    const signInCost = { login: median(logins), scrypt: median(scrypts), cost: server.scryptCost };
    log(`  sign-in median ${fmt(signInCost.login, 1)} ms; bare scrypt (N=${signInCost.cost}, r=8, p=1) median ${fmt(signInCost.scrypt, 1)} ms`);

    // 3. Load check: valid tokens, invalid tokens and sign-ins together.
    log(`\n3. load check: 100 connections on /api/me for ${LOAD_SECONDS} s, with invalid tokens and sign-ins at the same time`);
    const token = auth.authorization.slice('Bearer '.length);
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
    log(`  server V8 heap used: start ${mb(loadCheck.heap.start)}, peak ${mb(loadCheck.heap.peak)}, end ${mb(loadCheck.heap.end)}`);
    log(`  server memory (RSS): start ${mb(loadCheck.rss.start)}, peak ${mb(loadCheck.rss.peak)}, end ${mb(loadCheck.rss.end)}`);
    rest = [
      '',
      `**Start-up**: the server process was listening ${fmt(server.readyMs)} ms after it started (demo accounts seeded at full scrypt cost).`,
      '',
      `**Sign-in cost**: median sign-in ${fmt(signInCost.login, 1)} ms; one bare scrypt call (N=${signInCost.cost}, r=8, p=1) ${fmt(signInCost.scrypt, 1)} ms in the same run. The password hash is the whole cost of signing in, by design.`,
      '',
      `**Load check** (${LOAD_SECONDS} s, at the same time): 100 connections on /api/me with a valid token: ${fmt(loadCheck.valid.rps)} req/s, p99 ${loadCheck.valid.p99} ms, ${loadCheck.valid.non2xx} non-2xx, ${loadCheck.valid.errors} errors; 10 connections with a forged token: ${fmt(loadCheck.invalid.rps)} req/s, every one refused with 401, ${loadCheck.invalid.fiveXx} 5xx, ${loadCheck.invalid.errors} errors; 2 connections signing in: ${fmt(loadCheck.logins.rps, 1)} req/s, ${loadCheck.logins.non2xx} non-2xx, ${loadCheck.logins.errors} errors. Server V8 heap used: ${mb(loadCheck.heap.start)} → peak ${mb(loadCheck.heap.peak)} → ${mb(loadCheck.heap.end)} at the end (${mb(loadCheck.heap.secondHalfGrowth)} over the second half). Server memory (RSS): ${mb(loadCheck.rss.start)} at the start, ${mb(loadCheck.rss.peak)} at the peak, ${mb(loadCheck.rss.end)} at the end (${mb(loadCheck.rss.secondHalfGrowth)} over the second half; each scrypt call of a sign-in briefly takes 128 MB).`,
    ].join('\n');
  }

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
  if (bundle.routerDevWarnings.length) failures.push("React Router's development build is in the bundle");

  // Vite's content hash is the last 8 characters before `.js`; a chunk's own name may hold hyphens too.
  const shortName = (file) => `\`${file.file.replace(/-[\w-]{8}\.js$/, '.js')}\` ${kb(file.gzip)}`;
  const report = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    '',
    `**Server CPU per request** (${REQUESTS} requests per row and round at ${fmt(RATE)} req/s on one connection, the CPU read over a steady window after half a second, ${canPin ? `every server pinned to core ${SERVER_CORE} and the load generator to the others` : 'nothing pinned'}; ${ROUNDS} rounds of pairs after a warm-up pass; every answer 2xx: ${failures.length === 0 ? 'yes' : 'NO, see the failures'}). Our server logs one line per request (counted, then dropped) and sends every security header; the peer has neither.`,
    '',
    cpuTable,
    '',
    peerLine,
    rest,
    '',
    `**SPA JavaScript** (gzip -9): first visit **${kb(firstVisitTotal)}**, or ${kb(firstVisitBrotli)} with brotli, which the server sends to browsers that accept it (${bundle.firstVisit.map(shortName).join(', ')}); loaded on demand: ${bundle.lazy.map(shortName).join(', ')}. ${routerBuild}.`,
  ].join('\n');
  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'bench', report)) log('figures written to docs/PERFORMANCE.md');
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataFolder, { recursive: true, force: true });
}

if (failures.length) {
  log(`\nFAILURES:\n${failures.map((line) => `  ${line}`).join('\n')}`);
  process.exitCode = 1;
} else {
  log('no 5xx, no errors');
}
