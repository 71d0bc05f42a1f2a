// `pnpm bench:lighthouse`: Lighthouse 12's mobile performance score for a first visit to `/` and to `/login`.
//
// It starts the built server the way production runs it (`node server/dist/server.js`, NODE_ENV=production,
// a JWT_SECRET generated for this run, a throwaway SQLite file), launches Debian's Chromium through
// chrome-launcher, and runs Lighthouse's default mobile audit (a mid-range phone on a slow 4G connection,
// simulated from what the real page load did) several times per page. It reports each page's median score
// with its median first and largest contentful paint, and writes them into docs/PERFORMANCE.md between the
// `lighthouse:` markers. The real load is timed on this machine, so a busy machine lowers the score: run it
// on an idle one.
//
// Lighthouse 12 is the last version that runs on Node 20 (13 wants Node 22).
//
// Environment: LIGHTHOUSE_RUNS per page (3), CHROMIUM_PATH (/usr/bin/chromium).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_ARGS, startServer } from '../e2e/harness.mjs';
import { writeFigures } from './doc-figures.mjs';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const PAGES = ['/', '/login'];
const LIGHTHOUSE_VERSION = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('lighthouse/package.json'), 'utf8')).version;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line) => process.stdout.write(`${line}\n`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

// The browser tests' server (a free port, a throwaway SQLite file), run the way production runs it: its
// lowered scrypt cost is put back, since production refuses a cheaper one (it only slows the start-up).
const server = await startServer({ NODE_ENV: 'production', SCRYPT_COST: '131072', JWT_SECRET: randomBytes(48).toString('base64') });
const { base } = server;
let chrome;
try {
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  const rows = [];
  for (const page of PAGES) {
    const runs = [];
    for (let run = 1; run <= RUNS; run += 1) {
      // Lighthouse's defaults are the mobile preset: a Moto G Power-sized screen, slow 4G and a 4× slower CPU.
      const { lhr } = await lighthouse(`${base}${page}`, { port: chrome.port, logLevel: 'error', onlyCategories: ['performance'] });
      const metric = (id) => lhr.audits[id].numericValue;
      const result = {
        score: Math.round(lhr.categories.performance.score * 100),
        fcp: metric('first-contentful-paint'),
        lcp: metric('largest-contentful-paint'),
        tbt: metric('total-blocking-time'),
        cls: metric('cumulative-layout-shift'),
      };
      runs.push(result);
      log(`  ${page} run ${run}/${RUNS}: score ${result.score}, FCP ${seconds(result.fcp)}, LCP ${seconds(result.lcp)}`);
    }
    const of = (key) => median(runs.map((result) => result[key]));
    rows.push({ page, score: of('score'), scores: runs.map((result) => result.score), fcp: of('fcp'), lcp: of('lcp'), tbt: of('tbt'), cls: of('cls') });
  }
  const table = [
    '| page | performance (median) | every run | FCP | LCP | TBT | CLS |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| \`${row.page}\` | **${row.score}** | ${row.scores.join(', ')} | ${seconds(row.fcp)} | ${seconds(row.lcp)} | ${Math.round(row.tbt)} ms | ${row.cls.toFixed(3)} |`,
    ),
  ].join('\n');
  log(`\n${table}\n`);
  const text = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with Lighthouse ${LIGHTHOUSE_VERSION} (mobile preset: simulated slow 4G and a 4× slower CPU) driving ${CHROMIUM}, ${RUNS} runs per page (medians), on ${os.cpus().length} cores with a load average of ${os.loadavg()[0].toFixed(1)} at the end:`,
    '',
    table,
  ].join('\n');
  if (writeFigures(`${root}docs/PERFORMANCE.md`, 'lighthouse', text)) log('figures written to docs/PERFORMANCE.md');
} finally {
  await chrome?.kill();
  await server.stop();
}
