// Shared by the browser tests (and `pnpm bench:lighthouse`): start the real built server on a free port, launch
// Debian's Chromium, and take screenshots into docs/screenshots/ for the walkthrough. `useBrowserLab` is the
// setup every test file shares: the server, the browser, and the check that no page reported a problem.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { after, afterEach, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = `${root}docs/screenshots`;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How Chromium is started here: no sandbox (we run as root in a VM), no GPU, and none of its background traffic. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node server/dist/server.js` (the same command `pnpm start` ends with) and waits for /api/health. */
export async function startServer(env = {}) {
  const port = await freePort();
  // Each server gets its own SQLite file, thrown away when it stops: browser tests must neither read the rows
  // of earlier runs nor leave rows in the data/ folder that `pnpm start` uses.
  const dataDir = mkdtempSync(join(tmpdir(), 'session-lab-e2e-'));
  const child = spawn(process.execPath, ['server/dist/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // A lower scrypt cost keeps the many sign-ins of the walkthrough quick; the throttle limits are
      // raised so that retries never meet a 429. Neither changes what the walkthrough demonstrates.
      SCRYPT_COST: '16384',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_ATTEMPTS_PER_IP: '10000',
      SESSION_DB_PATH: join(dataDir, 'sessions.sqlite'),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        return { base, stop: () => stop(child).then(() => rmSync(dataDir, { recursive: true, force: true })) };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop(child);
  rmSync(dataDir, { recursive: true, force: true });
  throw new Error('the server did not answer /api/health within 10 s');
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * A fresh browser context (its own storage, like a new browser profile) whose pages fail the test on any
 * page error or console error — a Content-Security-Policy violation shows up as one. `options` are
 * Playwright's other context options, such as the `locale` a browser sends in Accept-Language.
 */
export async function newContext(browser, problems, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ ...options, viewport });
  context.on('page', (page) => watch(page, problems));
  return context;
}

/**
 * Registers the node:test hooks a browser test file needs and returns what its tests read: `lab.server.base`,
 * `lab.browser`, `lab.context` (with `contextPerTest`) and `lab.newContext(viewport?, options?)`. Call it once,
 * at the top of the file.
 *
 * - One Chromium serves the whole file, launched once: each context is as clean as a new browser profile, so
 *   the tests share nothing through it.
 * - The server is started once for the file, with `env` added to the harness's environment, unless
 *   `freshServerPerTest` asks for one per test: the choice of a file whose tests read lists of sessions that
 *   another test's sign-ins would fill.
 * - Every context the lab opens is watched, and closed after its test even when the test fails half-way, so
 *   that a failure does not leave pages running into the next test.
 * - After every test, the problems the pages reported (a page error, a console error, a CSP violation) must be
 *   none, except those matching one of `tolerate`: a file that provokes an error on purpose says which.
 */
export function useBrowserLab({ env = {}, freshServerPerTest = false, contextPerTest = false, tolerate = [] } = {}) {
  let problems = [];
  const contexts = [];
  const lab = {
    server: undefined,
    browser: undefined,
    /** With `contextPerTest`: the context opened for the running test. */
    context: undefined,
    /** Opens a watched context (1280×800 unless told) that is closed after the running test. */
    async newContext(viewport, options) {
      const context = await newContext(lab.browser, problems, viewport, options);
      contexts.push(context);
      return context;
    },
  };

  before(async () => {
    lab.browser = await launchBrowser();
    if (!freshServerPerTest) lab.server = await startServer(env);
  });
  after(async () => {
    await lab.browser?.close();
    await lab.server?.stop();
  });
  beforeEach(async () => {
    // A new list for every test, so that a failure names the test whose page reported the problem.
    problems = [];
    if (freshServerPerTest) lab.server = await startServer(env);
    if (contextPerTest) lab.context = await lab.newContext();
  });
  afterEach(async () => {
    try {
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    } finally {
      if (freshServerPerTest) {
        await lab.server?.stop();
        lab.server = undefined;
      }
      lab.context = undefined;
    }
    assert.deepEqual(
      problems.filter((problem) => !tolerate.some((pattern) => pattern.test(problem))),
      [],
    );
  });
  return lab;
}

function watch(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 401 the app expects (the server refusing a session) and a 403 (a student asking the teacher's API, to
    // watch it refuse) are logged by Chromium as failed resource loads; they are part of the story.
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}

export async function shoot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** Whether the page, or a table's own box (.table-scroll, for a table wider than it), scrolls sideways. */
export function sideways(page) {
  return page.evaluate(() => [document.documentElement, ...document.querySelectorAll('.table-scroll')].some((box) => box.scrollWidth > box.clientWidth));
}

/**
 * The name of every node `matches` picks in Chromium's own accessibility tree, which is what a screen reader reads
 * (Playwright's roles are computed from the DOM), with the roles from that node up to the root, ignored ones left out.
 */
export async function accessibilityAncestors(page, matches) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((node) => [node.nodeId, node]));
    return nodes.filter(matches).map((found) => {
      const roles = [];
      for (let node = found; node; node = byId.get(node.parentId)) if (!node.ignored) roles.push(node.role.value);
      return { name: found.name?.value, roles };
    });
  } finally {
    await cdp.detach();
  }
}

/** The label of each kind's radio button on the sign-in form. */
export const KIND_LABELS = {
  bearer: 'token in the browser (bearer)',
  'cookie-jwt': 'JWT in an httpOnly cookie',
  session: 'server-side session',
  hybrid: 'hybrid (JWT + session table)',
  refresh: 'short access token + refresh token (refresh)',
};

export async function signIn(page, { username = 'student', password = `${username}123`, length = 'Server default', kind } = {}) {
  // The form remembers the last kind; a test that does not name one leaves that choice alone.
  if (kind) await page.getByRole('radio', { name: KIND_LABELS[kind] }).check();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Session length').selectOption({ label: length });
  await page.getByRole('button', { name: 'Sign in' }).click();
}
