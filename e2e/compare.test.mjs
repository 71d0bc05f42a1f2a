// The comparison page in real Chromium against the real server: "Run all" fills the whole table (the browser
// rows in their own window on the other loopback name), every cell is checked against what this configuration
// must measure, the visitor's own session survives it, and the screenshots of the table and of one diagram are
// taken in both languages, at 1280×800 and at a projector's 1024×768. On a phone, or beside the open classroom
// panel, the same table is a card per question, one line per kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCREENSHOTS, accessibilityAncestors, shoot, sideways, signIn, useBrowserLab } from './harness.mjs';

const KINDS = ['bearer', 'cookie-jwt', 'session', 'hybrid', 'refresh'];

/** The row labels as the page shows them in English, by row id. */
const ROWS = {
  'fast-auth': 'Authenticates without a database',
  revoke: 'A session can be revoked by hand',
  audit: 'Audit and traceability of sessions',
  several: 'Control of several active sessions',
  'forced-logout': "Forced logout from the teacher's page",
  'role-in-token': 'The role travels in the credential',
  'store-per-request': 'Needs the store on every request',
  serverless: 'Works serverless (a cold instance per request)',
  restart: 'Survives a server restart',
  'two-instances': 'Works across two server instances',
  'stolen-detected': 'A stolen credential is detected',
  xss: 'A script on the page can read the credential (XSS)',
  csrf: 'Needs a CSRF defence',
  bytes: 'Bytes the browser sends for the session',
  work: 'Server work per request',
};

/**
 * What every yes/no cell must measure with this server's configuration: SQLite (the default store) and a
 * JWT_SECRET generated at start-up (the harness sets none), so another process signs with a key of its own.
 * bearer, cookie-jwt, session, hybrid, refresh. "partly" is a refresh cell whose two credentials disagreed:
 * the family was ended while the access token handed out before kept working until its exp.
 */
const EXPECTED = {
  'fast-auth': ['yes', 'yes', 'no', 'no', 'yes'],
  revoke: ['no', 'no', 'yes', 'yes', 'partly'],
  audit: ['no', 'no', 'yes', 'yes', 'yes'],
  several: ['no', 'no', 'yes', 'yes', 'partly'],
  'forced-logout': ['no', 'no', 'yes', 'yes', 'partly'],
  'role-in-token': ['yes', 'yes', 'no', 'yes', 'yes'],
  'store-per-request': ['no', 'no', 'yes', 'yes', 'no'],
  // Serverless functions read their secret from configuration: the same for every cold start.
  serverless: ['yes', 'yes', 'yes', 'yes', 'yes'],
  // A restart or a second process makes a new secret: the JWT kinds die; the session row lives in the file.
  // The refresh family lives there too, but the new key refuses its access token and the CSRF token its
  // refresh needs (403), so the refresh kind dies with the other JWT kinds.
  restart: ['no', 'no', 'yes', 'no', 'no'],
  'two-instances': ['no', 'no', 'yes', 'no', 'no'],
  // Only a rotating refresh token notices that two holders use it.
  'stolen-detected': ['no', 'no', 'no', 'no', 'yes'],
  // The refresh kind's access token lives in memory, but an injected script can ask the refresh route for one.
  xss: ['yes', 'no', 'no', 'no', 'yes'],
  // The refresh cookie never rides along to an API route; only its own route (which asks for a CSRF token) gets it.
  csrf: ['no', 'yes', 'yes', 'yes', 'no'],
};

// One server for the file, in the default configuration that EXPECTED describes. The attacker's page cannot
// even hold the opaque answers to its requests: the app's Cross-Origin-Resource-Policy (same-origin) makes
// Chromium block them, and say so in the console. That is part of the story, not a problem; anything else is.
const lab = useBrowserLab({ tolerate: [/ERR_BLOCKED_BY_RESPONSE\.NotSameOrigin/] });

const cell = (page, row, kind) => page.getByRole('row', { name: new RegExp(`^${escape(ROWS[row])}`) }).getByRole('cell').nth(KINDS.indexOf(kind));
/** The whole table, not just the screen: the filled table is what the walkthrough shows. */
const shootWhole = (page, name) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the comparison page', () => {
  it('runs the whole table, every cell as this configuration must measure it, and leaves the visitor signed in', async () => {
    const context = await lab.newContext({ width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(`${lab.server.base}/login`);
    await signIn(page, { length: '5 minutes', kind: 'session' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: "The notes' table, tested" }).waitFor();
    await page.getByText('Sessions live in a SQLite file here').waitFor();

    // The experiment window opens on the other loopback name, with a cookie jar of its own.
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Run all' }).click();
    const experimentWindow = await popup;
    await page.getByRole('status').filter({ hasText: 'Done: 75 of 75 experiments.' }).waitFor({ timeout: 120_000 });
    assert.match(experimentWindow.url(), /^http:\/\/localhost:\d+\/experiments\/run\.html/);

    for (const [row, answers] of Object.entries(EXPECTED)) {
      for (const [index, kind] of KINDS.entries()) {
        const text = await cell(page, row, kind).locator('.measured strong').textContent();
        assert.equal(text, answers[index], `${row} × ${kind}`);
      }
    }
    // The figure rows: a bearer token sends the same on a read and a change; a cookie kind adds its CSRF token.
    const bytes = await Promise.all(KINDS.map((kind) => cell(page, 'bytes', kind).locator('.measured strong').textContent()));
    for (const text of bytes) assert.match(text, /^GET \d+ B · POST \d+ B$/);
    const [get, post] = bytes[0].match(/\d+/g).map(Number);
    assert.equal(get, post);
    const work = await cell(page, 'work', 'session').locator('.measured strong').textContent();
    // Every request looks the session up; SQLite's lookup cache answers some of them without reading the table.
    assert.match(work, /^0 sig\. · 1 lookups · 0(\.\d+)? writes$/);
    // A refresh API request is checked by its signature alone; the renewal's read and write are in the evidence.
    assert.match(await cell(page, 'work', 'refresh').locator('.measured strong').textContent(), /^1 sig\. · 0 lookups · 0 writes$/);

    // The notes' "two instances" hypothesis (sessions do not scale) is wrong for a SQLite file on one machine.
    await cell(page, 'two-instances', 'session').getByText('disagrees with the notes').waitFor();

    // The visitor's own session cookie was never touched: still signed in, and the server still agrees.
    await page.getByText('Signed in as student').waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/me')).status), 200);

    await shootWhole(page, 'compare-table-en-1280');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shootWhole(page, 'compare-table-en-1024');
    // At a projector's width the table fits without scrolling sideways.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);

    // The refresh column's CSRF cell: the attacker forged a refresh too, and the page's own refresh still worked.
    await cell(page, 'csrf', 'refresh').getByRole('button', { name: 'Show the evidence: Needs a CSRF defence, refresh' }).click();
    await page.getByRole('region', { name: /Needs a CSRF defence/ }).getByText(/own refresh afterwards answered 200/).waitFor();
    // A stolen refresh token: the thief's replay and the user's next refresh are both refused as reuse.
    await cell(page, 'stolen-detected', 'refresh').getByRole('button', { name: 'Show the evidence: A stolen credential is detected, refresh' }).click();
    await page.getByRole('region', { name: /A stolen credential is detected/ }).getByText(/401 REFRESH_TOKEN_REUSED\. Reuse revoked the family/).waitFor();

    // Evidence one click away, keyboard first: focus lands on it.
    await cell(page, 'csrf', 'hybrid').getByRole('button', { name: 'Show the evidence: Needs a CSRF defence, hybrid' }).click();
    const evidence = page.getByRole('region', { name: /Needs a CSRF defence/ });
    await evidence.getByRole('img', { name: 'Sequence diagram: Needs a CSRF defence, hybrid' }).waitFor();
    await evidence.getByText(/The CSRF check answered 403 CSRF_REJECTED; the session afterwards: 200/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('evidence')), true);
    await evidence.scrollIntoViewIfNeeded();
    await shoot(page, 'compare-diagram-en-1024');

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'La tabla de los apuntes, puesta a prueba' }).waitFor();
    await page.getByRole('region', { name: /Necesita una defensa CSRF/ }).getByRole('img', { name: 'Diagrama de secuencia: Necesita una defensa CSRF, hybrid' }).waitFor();
    await page.getByRole('region', { name: /Necesita una defensa CSRF/ }).scrollIntoViewIfNeeded();
    await shoot(page, 'compare-diagram-es-1024');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shootWhole(page, 'compare-table-es-1280');
  });

  it('on a phone, and beside the open classroom panel, shows each question as a card, every line named by its kind, that fits and runs', async () => {
    const context = await lab.newContext({ width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`${lab.server.base}/login`);
    await signIn(page);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: "The notes' table, tested" }).waitFor();
    assert.equal(await sideways(page), false);

    // Every cell starts with its kind's name, on the line of its Run button, since the column headers are out of
    // sight; every button is a touch target of at least 24 px (WCAG 2.5.8).
    const lines = await page.locator('.compare-cell').evaluateAll((cells) =>
      cells.map((cell) => {
        const label = cell.querySelector('.cell-label').getBoundingClientRect();
        const run = cell.querySelector('button').getBoundingClientRect();
        return { kind: cell.querySelector('.cell-label').textContent, label, run: { left: run.left, top: run.top, bottom: run.bottom, height: run.height } };
      }),
    );
    assert.equal(lines.length, Object.keys(ROWS).length * KINDS.length);
    for (const [index, { kind, label, run }] of lines.entries()) {
      const where = `line ${index} (${kind})`;
      assert.equal(kind, KINDS[index % KINDS.length], where);
      assert.ok(label.width > 0 && label.right <= run.left, `${where}: the name stands left of Run`);
      const middle = label.top + label.height / 2;
      assert.ok(middle > run.top && middle < run.bottom, `${where}: the name is on Run's line`);
      assert.ok(run.height >= 24, `${where}: Run is ${run.height} px high`);
    }
    // The column headers are hidden from the eye only: a screen reader still has them.
    assert.equal(await page.getByRole('columnheader', { name: 'cookie-jwt' }).count(), 1);

    const twoInstances = cell(page, 'two-instances', 'session');
    await twoInstances.getByRole('button', { name: 'Run: Works across two server instances, session' }).click();
    await twoInstances.getByText('disagrees with the notes').waitFor();
    assert.equal(await twoInstances.locator('.measured strong').textContent(), 'yes');
    assert.equal(await sideways(page), false);

    // In the accessibility tree a screen reader reads, the card's Run button is still in a cell of a row of the table.
    const runs = await accessibilityAncestors(page, (node) => node.role?.value === 'button' && node.name?.value === 'Run: Works across two server instances, session');
    assert.deepEqual(
      runs.map(({ roles }) => roles.filter((role) => ['cell', 'row', 'table'].includes(role))),
      [['cell', 'row', 'table']],
    );

    await twoInstances.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -200));
    await shoot(page, 'compare-table-en-390');

    await twoInstances.getByRole('button', { name: 'Show the evidence: Works across two server instances, session' }).click();
    await page.getByRole('region', { name: /Works across two server instances/ }).getByText('Signed in on one instance, accepted by the other (200).').waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    assert.equal(await sideways(page), false);

    // What decides is the table's own room, not the screen's: a projector's 1024 px shows the table, until the
    // classroom panel takes half of the width beside it.
    const layout = () => page.locator('.compare-table').evaluate((table) => getComputedStyle(table).display);
    await page.setViewportSize({ width: 1024, height: 768 });
    assert.equal(await layout(), 'table');
    await page.getByRole('button', { name: 'Inspector' }).click();
    await page.getByRole('complementary', { name: 'Classroom panel' }).waitFor();
    assert.equal(await layout(), 'block');
    assert.equal(await sideways(page), false);
  });
});
