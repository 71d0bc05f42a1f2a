// `pnpm bench:instructions`: how many instructions the server runs per request, per kind of session, counted
// exactly by valgrind's callgrind, and where a kind's extra instructions go.
//
// Why instructions next to `pnpm bench`'s CPU time: on a shared virtual machine CPU time per request wanders by
// several per cent from one burst to the next, too much to see a change of 2% or to say which functions a
// kind's extra cost is made of. callgrind counts the instructions the process runs, and the same requests give
// the same count to within a fraction of a per cent. What it cannot see: time in the kernel (the socket's
// system calls), cache misses and the like, which make one instruction cost more than another. CPU time stays
// the measure of issue 14's goals; instructions say where to look.
//
// How:
// - The same servers as `pnpm bench` (bench-server.mjs, one per session store, and the peer bench-peer.mjs),
//   each run under `valgrind --tool=callgrind`. callgrind counts only while libuv handles a socket's readiness
//   (`--toggle-collect=uv__stream_io`): the whole request, from parsing it to writing the answer and the log
//   line, and nothing of the timers or idle work between requests.
// - Node runs with `--single-threaded`, so V8 compiles and collects garbage on the main thread, where the
//   count sees it, instead of on helper threads in parallel; and with `--perf-basic-prof`, so V8 names the
//   code its JIT generates in /tmp/perf-<pid>.map, which callgrind alone sees only as addresses.
// - One keep-alive connection sends requests one at a time, in blocks of BENCH_BLOCK requests.
//   `callgrind_control -d` dumps the counters after each block, and a block's count ÷ its requests is the
//   instructions per request.
// - A long warm-up first: until the JIT has compiled the hot paths, a block's count includes compiling them.
//   Halfway through, three forced full garbage collections (`--expose-gc`; measureServer says why). The
//   compiler's instructions (the inclusive cost of calls into V8's compile entry points) are counted apart in
//   every block anyway: they are real work, but they land in lumps in whichever block makes a function hot.
// - Nothing else talks to a server while it is measured: the sign-ins closed their connections at once
//   (bench-common.mjs says why that matters).
// - Blocks alternate per server (open, kind, open, kind, …), so each kind has an open block on each side;
//   a kind's difference and efficiency are the median over the rounds of its block against the mean of those
//   two. Servers are measured BENCH_PARALLEL at a time: a busy core makes a server slower, not its count
//   larger, once the collections above are behind it (before them, V8's memory reducer collected sooner on a
//   busy machine and set off the recompiling in the middle of a round).
// - Two per-function breakdowns: our bearer route against our open route, and against the peer's @fastify/jwt
//   route. Each function's own instructions per request, from each route's block with the least compiling.
//
// The figures are printed and written into docs/PERFORMANCE.md between the `instructions:` markers.
//
// Environment: BENCH_ROUNDS (5), BENCH_BLOCK requests per block (300), BENCH_WARM_UP blocks per server before
// the rounds, its routes in turn (100), BENCH_PARALLEL servers at once (2), BENCH_PORT (the servers listen on
// BENCH_PORT, BENCH_PORT + 1, …; any free port when unset), BENCH_REDIS_PORT (47210; redis-server is started
// on it when installed, or REDIS_URL is used).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fmt, median, signIn, startRedis } from './bench-common.mjs';
import { describe, readDump, readPerfMap } from './callgrind.mjs';
import { writeFigures } from './doc-figures.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 300);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 100);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);
const FIRST_PORT = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 47210);
const TOP_FUNCTIONS = 12;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line) => process.stdout.write(`${line}\n`);
const run = promisify(execFile);

// valgrind is a system package, not a dependency: say how to get it rather than install anything.
const valgrindVersion = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
const hasControl = spawnSync('callgrind_control', ['-h'], { encoding: 'utf8' }).error === undefined;
if (valgrindVersion.error || !hasControl) {
  log('pnpm bench:instructions needs valgrind (callgrind and callgrind_control), which is not installed.');
  log('On Debian or Ubuntu: sudo apt-get install -y valgrind');
  process.exit(1);
}

const started = performance.now();
const folder = mkdtempSync(join(os.tmpdir(), 'session-lab-instructions-'));
const children = [];
let nextPort = FIRST_PORT;

/**
 * Starts bench-server.mjs or bench-peer.mjs under callgrind and waits for its first message (its address and,
 * for the peer, a token). The IPC channel Node's `fork` would set up is passed through valgrind as a plain
 * inherited pipe: valgrind runs node in the same process, so node finds it as usual.
 */
function startUnderCallgrind(name, script, env) {
  const cwd = join(folder, name);
  mkdirSync(cwd);
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      // V8 writes machine code into memory and rewrites it; valgrind must notice, or it runs stale translations.
      '--smc-check=all-non-file',
      '--toggle-collect=uv__stream_io',
      '--dump-instr=no',
      `--callgrind-out-file=${join(cwd, 'callgrind.%p')}`,
      process.execPath,
      '--single-threaded',
      '--perf-basic-prof',
      '--expose-gc',
      fileURLToPath(new URL(script, import.meta.url)),
    ],
    {
      // --perf-basic-prof also writes V8's log into the working folder; it goes away with the folder.
      cwd,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: {
        ...process.env,
        ...env,
        // Sign-ins are not measured; a cheap password hash keeps the start under valgrind short.
        SCRYPT_COST: '1024',
        ...(nextPort === undefined ? {} : { BENCH_PORT: String(nextPort++) }),
      },
    },
  );
  children.push(child);
  let errors = '';
  child.stderr.on('data', (data) => {
    errors = `${errors}${data}`.slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ name, child, cwd, dumps: 0, ...message }));
    child.once('exit', (code) => reject(new Error(`${script} (${name}) under valgrind exited with code ${code}:\n${errors}`)));
  });
}

/** One keep-alive connection that sends a request and waits for its whole answer before the next one. */
async function connection(address) {
  const url = new URL(address);
  const socket = connect({ host: url.hostname, port: Number(url.port) });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = Buffer.alloc(0);
  let waiting;
  socket.on('data', (data) => {
    received = received.length ? Buffer.concat([received, data]) : data;
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd === -1 || !waiting) return;
    const head = received.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (received.length < headEnd + 4 + length) return;
    received = received.subarray(headEnd + 4 + length);
    const { resolve } = waiting;
    waiting = undefined;
    resolve(Number(head.slice(9, 12)));
  });
  socket.on('error', (error) => waiting?.reject(error));
  return {
    /** Sends `count` requests of `raw` one after another; every answer must be 2xx. */
    async send(raw, count) {
      for (let i = 0; i < count; i += 1) {
        const status = await new Promise((resolve, reject) => {
          waiting = { resolve, reject };
          socket.write(raw);
        });
        if (status < 200 || status > 299) throw new Error(`answered ${status} to ${raw.toString('latin1').split('\r\n')[0]}`);
      }
    },
    close: () => socket.destroy(),
  };
}

/** The bytes of one request, with only the headers a minimal client and the session's credential need. */
function rawRequest(address, path, headers) {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${new URL(address).host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * Dumps the server's counters since its last dump and reads them: total instructions, the JIT compiler's,
 * each function's own. The length of the perf map at that moment goes with it, so the code at an address is
 * named as it was then, not as it may have been replaced later.
 */
async function dump(server) {
  await run('callgrind_control', ['-d', String(server.child.pid)]);
  server.dumps += 1;
  const file = join(server.cwd, `callgrind.${server.child.pid}.${server.dumps}`);
  const figures = readDump(file);
  rmSync(file);
  const perfMap = `/tmp/perf-${server.child.pid}.map`;
  return { ...figures, perfMapLength: existsSync(perfMap) ? statSync(perfMap).size : 0 };
}

/** Asks the server for a full garbage collection and waits until it is done. */
function collectGarbage(server) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message?.collected === undefined) return;
      server.child.off('message', onMessage);
      if (message.collected) resolve();
      else reject(new Error(`${server.name}: global.gc is missing (node without --expose-gc)`));
    };
    server.child.on('message', onMessage);
    server.child.send('gc');
  });
}

/** Warms a server's routes up, then measures them in rounds of alternating blocks. */
async function measureServer(server, rows) {
  const client = await connection(server.address);
  const open = rows.find((row) => row.open);
  const kinds = rows.filter((row) => !row.open);
  // Most of a request's code (Node's HTTP, Fastify, the log line) runs for every route alike, so a server gets
  // the same number of warm-up blocks however many routes it has, taken in turn.
  const warmUp = async (blocks) => {
    for (let i = 0; i < blocks; i += 1) await client.send(rows[i % rows.length].raw, BLOCK);
  };
  await warmUp(Math.ceil(WARM_UP / 2));
  // Optimised code depends on the hidden classes ("maps") it has seen, and V8 holds those only weakly: the full
  // collection that finds the maps of start-up and sign-in objects dead also throws away every optimised
  // function that mentions them, which then runs slower and is compiled again. Left to itself that collection
  // comes whenever V8's memory reducer decides (sooner when the machine is busy), in the middle of a round.
  // Three forced ones (V8 keeps an unused map through two) get it over with while warming up.
  for (let i = 0; i < 3; i += 1) await collectGarbage(server);
  await warmUp(Math.floor(WARM_UP / 2));
  await dump(server);
  for (let round = 0; round < ROUNDS; round += 1) {
    const block = async (row) => {
      await client.send(row.raw, BLOCK);
      const figures = await dump(server);
      const sample = { round, ir: (figures.total - figures.compile) / BLOCK, compile: figures.compile / BLOCK, self: figures.self, perfMapLength: figures.perfMapLength };
      row.samples.push(sample);
      return sample;
    };
    // The kinds take turns being first, so none always follows the same neighbour.
    const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]);
    let before = await block(open);
    for (const row of order) {
      const sample = await block(row);
      const after = await block(open);
      const openIr = (before.ir + after.ir) / 2;
      row.pairs.push({ difference: sample.ir - openIr, efficiency: openIr / sample.ir });
      before = after;
    }
    log(`  ${server.name}, round ${round + 1}/${ROUNDS}: ${rows.map((row) => `${row.label} ${fmt(row.samples.at(-1).ir)}`).join(', ')}`);
  }
  client.close();
  // Named now, while the server and its perf map are still there.
  const nameJit = readPerfMap(`/tmp/perf-${server.child.pid}.map`);
  for (const row of rows) row.profile = profileOf(row, nameJit);
}

/**
 * A route's own instructions per request by function, from its block with the least compiling (and of those,
 * the one nearest the median), JIT code named through the perf map as it stood when that block was dumped.
 */
function profileOf(row, nameJit) {
  const least = Math.min(...row.samples.map((sample) => sample.compile));
  const typical = median(row.samples.map((sample) => sample.ir));
  const sample = row.samples
    .filter((candidate) => candidate.compile <= least + 1)
    .sort((a, b) => Math.abs(a.ir - typical) - Math.abs(b.ir - typical))[0];
  const functions = new Map();
  for (const [key, cost] of sample.self) {
    const [object, fn] = key.split('\t');
    const { name, group } = describe(object, fn, (address) => nameJit(address, sample.perfMapLength));
    const entry = functions.get(name) ?? { name, group, ir: 0 };
    entry.ir += cost / BLOCK;
    functions.set(name, entry);
  }
  return { functions, compile: sample.compile };
}

/** Asks a child to stop and waits until it has; one that is still there after ten seconds is killed. */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs `tasks` (functions returning promises) at most `limit` at a time. */
async function inTurns(tasks, limit) {
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await queue.shift()();
  });
  await Promise.all(workers);
}

/**
 * A function's name as Markdown code inside a table cell: a name holding a backtick (a regular expression can)
 * is fenced with two, and a pipe is escaped so that it does not end the cell.
 */
function codeSpan(name) {
  const text = name.replaceAll('|', '\\|');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The per-function difference `to − from`: a table of groups and one of the largest functions. */
function breakdown(from, to, fromLabel, toLabel) {
  const names = new Set([...from.functions.keys(), ...to.functions.keys()]);
  const functions = [...names].map((name) => {
    const a = from.functions.get(name);
    const b = to.functions.get(name);
    return { name, group: (a ?? b).group, from: a?.ir ?? 0, to: b?.ir ?? 0 };
  });
  const groups = new Map();
  for (const fn of functions) {
    const group = groups.get(fn.group) ?? { name: fn.group, from: 0, to: 0 };
    group.from += fn.from;
    group.to += fn.to;
    groups.set(fn.group, group);
  }
  const byDifference = (a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from);
  const sum = (list, key) => list.reduce((total, item) => total + item[key], 0);
  const signed = (value) => `${value >= 0 ? '+' : '−'}${fmt(Math.abs(value))}`;
  const groupRows = [...groups.values()].filter((group) => Math.abs(group.to - group.from) >= 50 || group.from >= 1000).sort(byDifference);
  const allGroups = [...groups.values()];
  const groupTable = [
    `| where | ${fromLabel} | ${toLabel} | difference |`,
    '|---|---|---|---|',
    ...groupRows.map((group) => `| ${group.name} | ${fmt(group.from)} | ${fmt(group.to)} | ${signed(group.to - group.from)} |`),
    `| everything (the smaller groups included) | ${fmt(sum(allGroups, 'from'))} | ${fmt(sum(allGroups, 'to'))} | **${signed(sum(allGroups, 'to') - sum(allGroups, 'from'))}** |`,
  ].join('\n');
  const functionTable = [
    `| function (own instructions) | where | ${fromLabel} | ${toLabel} | difference |`,
    '|---|---|---|---|---|',
    ...functions
      .sort(byDifference)
      .slice(0, TOP_FUNCTIONS)
      .map((fn) => `| ${codeSpan(fn.name)} | ${fn.group} | ${fmt(fn.from)} | ${fmt(fn.to)} | ${signed(fn.to - fn.from)} |`),
  ].join('\n');
  return { groupTable, functionTable };
}

log(`Session Lab instructions per request — Node ${process.version}, ${valgrindVersion.stdout.trim()}, ${os.cpus().length} cores`);
log(`${WARM_UP} warm-up blocks per server, then ${ROUNDS} rounds; ${BLOCK} requests per block on one connection; ${PARALLEL} servers at a time`);
const redis = await startRedis(REDIS_PORT);
if (redis?.process) children.push(redis.process);
if (!redis) log('redis-server is not installed and REDIS_URL is unset: the Redis rows are left out');

const plans = [
  { name: 'memory', script: './bench-server.mjs', env: { SESSION_STORE: 'memory' }, kinds: [['bearer', 'bearer'], ['cookie-jwt', 'cookie-jwt'], ['refresh (access token)', 'refresh'], ['session, memory', 'session']], open: 'open route' },
  { name: 'sqlite', script: './bench-server.mjs', env: { SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'sessions.sqlite') }, kinds: [['session, SQLite', 'session'], ['hybrid, SQLite', 'hybrid']], open: 'open route, SQLite instance' },
  ...(redis
    ? [{ name: 'redis', script: './bench-server.mjs', env: { SESSION_STORE: 'redis', REDIS_URL: redis.url, REDIS_PREFIX: `bench-instructions-${process.pid}:` }, kinds: [['session, Redis', 'session'], ['hybrid, Redis', 'hybrid']], open: 'open route, Redis instance' }]
    : []),
  { name: 'peer', script: './bench-peer.mjs', env: {}, kinds: [['peer: @fastify/jwt route', 'peer']], open: 'peer: open route' },
];
const rows = [];
let exitCode = 0;
try {
  await inTurns(
    plans.map((plan) => async () => {
      const server = await startUnderCallgrind(plan.name, plan.script, plan.env);
      log(`  ${plan.name}: listening under callgrind at ${server.address} (pid ${server.child.pid}), ${fmt((performance.now() - started) / 1000)} s into the run`);
      const serverRows = [{ label: plan.open, open: true, headers: {} }];
      for (const [label, kind] of plan.kinds) {
        const headers = kind === 'peer' ? { authorization: `Bearer ${server.token}` } : (await signIn(server.address, { kind })).headers;
        serverRows.push({ label, headers });
      }
      for (const row of serverRows) Object.assign(row, { server: plan.name, raw: rawRequest(server.address, row.open ? '/bench/open' : '/bench/protected', row.headers), samples: [], pairs: [] });
      rows.push(...serverRows);
      await measureServer(server, serverRows);
      await stop(server.child);
      rmSync(`/tmp/perf-${server.child.pid}.map`, { force: true });
    }),
    PARALLEL,
  );

  // The table keeps `pnpm bench`'s order of rows whichever server finished first.
  const order = plans.flatMap((plan) => [plan.open, ...plan.kinds.map(([label]) => label)]);
  rows.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  const summary = rows.map((row) => {
    const irs = row.samples.map((sample) => sample.ir);
    return {
      label: row.label,
      ir: median(irs),
      low: Math.min(...irs),
      high: Math.max(...irs),
      compile: row.samples.reduce((sum, sample) => sum + sample.compile, 0) / row.samples.length,
      difference: row.open ? 0 : median(row.pairs.map((pair) => pair.difference)),
      efficiency: row.open ? 1 : median(row.pairs.map((pair) => pair.efficiency)),
    };
  });
  const table = [
    '| row | instructions per request, median | lowest – highest block | JIT compiler per request (mean of its blocks) | over its server\'s open route | efficiency (open ÷ row) |',
    '|---|---|---|---|---|---|',
    ...summary.map(
      (row) =>
        `| ${row.label} | **${fmt(row.ir)}** | ${fmt(row.low)} – ${fmt(row.high)} | ${fmt(row.compile)} | ${row.difference ? `+${fmt(row.difference)}` : ''} | ${fmt(row.efficiency, 3)} |`,
    ),
  ].join('\n');
  const byLabel = (label) => rows.find((row) => row.label === label);
  const ours = summary.find((row) => row.label === 'bearer');
  const peer = summary.find((row) => row.label === 'peer: @fastify/jwt route');
  const peerLine = `Our bearer route runs **${fmt(ours.ir)}** instructions per request, the peer's @fastify/jwt route **${fmt(peer.ir)}**: ours runs **${fmt(ours.ir / peer.ir, 2)}×** the peer's (two processes, so a ratio of medians rather than of adjacent blocks).`;
  const againstOpen = breakdown(byLabel('open route').profile, byLabel('bearer').profile, 'open route', 'bearer');
  const againstPeer = breakdown(byLabel('peer: @fastify/jwt route').profile, byLabel('bearer').profile, 'peer: @fastify/jwt', 'our bearer');
  const minutes = (performance.now() - started) / 60_000;
  log(`\n${table}\n\n${peerLine}\n\nbearer − open route, by where the code lives:\n${againstOpen.groupTable}\n\n${againstOpen.functionTable}`);
  log(`\nour bearer − the peer's @fastify/jwt route:\n${againstPeer.groupTable}\n\n${againstPeer.functionTable}\n`);
  log(`the run took ${fmt(minutes, 1)} minutes`);

  const report = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, Node ${process.version}, ${valgrindVersion.stdout.trim()}, in ${fmt(minutes, 1)} minutes: ${WARM_UP} warm-up blocks per server (its routes in turn, three forced full garbage collections halfway), then ${ROUNDS} rounds of blocks (open, kind, open, …) of ${fmt(BLOCK)} requests on one keep-alive connection, one request at a time. Every answer 2xx. The JIT compiler's instructions are counted apart and not in the other columns.`,
    '',
    table,
    '',
    peerLine,
    '',
    "**Where `bearer`'s extra instructions go** (our open route and `bearer` on the same server: each function's own instructions per request, from each route's block with the least compiling; JavaScript named through V8's perf map, so a function appears under its package):",
    '',
    againstOpen.groupTable,
    '',
    `The ${TOP_FUNCTIONS} functions whose own instructions differ most:`,
    '',
    againstOpen.functionTable,
    '',
    "**Our `bearer` route against the peer's @fastify/jwt route** (two processes, the same way):",
    '',
    againstPeer.groupTable,
    '',
    againstPeer.functionTable,
  ].join('\n');
  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'instructions', report)) log('figures written to docs/PERFORMANCE.md');
} catch (error) {
  log(`\nFAILED: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await Promise.all(children.map(stop));
  for (const child of children) rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
  rmSync(folder, { recursive: true, force: true });
}
// A failure can leave another server's task waiting on a socket that will never answer; do not wait for it.
if (exitCode) process.exit(exitCode);
