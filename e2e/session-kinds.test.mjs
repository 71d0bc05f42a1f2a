// The sessions lab in real Chromium against the real server: four of the five kinds (refresh has
// refresh-tokens.test.mjs), a reload with a cookie session, a teacher revoking a student's session from another
// browser, "end all others" across two browsers, the teachers-only page, and the header at a projector's
// 1024×768. Writes the screenshots of these screens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityAncestors, shoot, sideways, signIn, useBrowserLab } from './harness.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PROJECTOR = { width: 1024, height: 768 };

// A server of its own for every test (and so a session table of its own): the lists a test reads hold exactly
// the sessions it started. Its sessions live in memory, the one store with no lookup cache in front, so every
// request of a table kind reads the table and the timeline in the screenshots says so, as the walkthrough does.
const lab = useBrowserLab({ freshServerPerTest: true, env: { SESSION_STORE: 'memory' } });

/** A new browser (its own cookies and storage) with one page open. */
async function browserWindow(viewport = DESKTOP) {
  const context = await lab.newContext(viewport);
  return { context, page: await context.newPage() };
}

async function startSession(page, options) {
  await page.goto(`${lab.server.base}/login`);
  await signIn(page, { length: '5 minutes', ...options });
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

async function openPanel(page) {
  await page.getByRole('button', { name: 'Inspector' }).click();
  await page.getByRole('heading', { name: 'Demo controls' }).waitFor();
}

const timeline = (page) => page.getByRole('region', { name: 'Event timeline' });
const revokedDialog = (page) => page.getByRole('alertdialog', { name: 'The server ended your session' });

/** What the server reports doing for each kind, as the timeline words its Server-Timing header. */
const SERVER_DID = {
  bearer: /server did: signature (verified|verdict remembered) · session table not touched · verdict: accepted/,
  'cookie-jwt': /server did: signature (verified|verdict remembered) · session table not touched · verdict: accepted/,
  session: /server did: session table read \([\d.]+ ms\).*verdict: accepted/,
  hybrid: /server did: signature (verified|verdict remembered) · session table read \([\d.]+ ms\).*verdict: accepted/,
};
const SIGN_OUT = {
  bearer: 'the server had nothing to revoke: a copy of the token still works until exp',
  'cookie-jwt': 'the server cleared the cookie, but cannot revoke the token: a copy works until exp',
  session: 'the server revoked the row: a copy of the cookie is refused from now on',
  hybrid: 'the server revoked the row: a copy of the token is refused from now on',
};

describe('four of the five kinds of session in a real browser (refresh has refresh-tokens.test.mjs)', () => {
  for (const kind of ['bearer', 'cookie-jwt', 'session', 'hybrid']) {
    it(`signs in with ${kind}, loads the notes, shows what the server did, and signs out through the server`, async () => {
      const { context, page } = await browserWindow();
      await startSession(page, { kind });
      await page.getByRole('link', { name: 'Notes' }).click();
      await page.getByText(/Loaded at/).waitFor();
      await openPanel(page);

      await timeline(page).getByText(SERVER_DID[kind]).first().waitFor();
      const cookies = (await context.cookies()).map((cookie) => `${cookie.name}${cookie.httpOnly ? ' (httpOnly)' : ''}`);
      const visible = await page.evaluate(() => document.cookie);
      const stored = await page.evaluate(() => sessionStorage.getItem('session-lab.token'));
      if (kind === 'bearer') {
        assert.match(stored, /^ey/);
        assert.ok(!cookies.some((name) => name.startsWith('sl_jwt') || name.startsWith('sl_session') || name.startsWith('sl_hybrid')));
      } else {
        const name = { 'cookie-jwt': 'sl_jwt', session: 'sl_session', hybrid: 'sl_hybrid' }[kind];
        // The browser holds the credential, httpOnly; the page holds nothing of it.
        assert.ok(cookies.includes(`${name} (httpOnly)`), `cookies: ${cookies.join(', ')}`);
        assert.equal(stored, null);
        assert.ok(!visible.includes(name));
        await page.getByText(`It does not contain ${name}.`).waitFor();
      }
      if (kind === 'session' || kind === 'hybrid') {
        await page.getByRole('region', { name: "The server's row for this session" }).getByText('Public id (not the cookie)').waitFor();
      }
      // The panel scrolls on its own: bring the inspector into view for the picture.
      const section = kind === 'bearer' ? 'Session inspector' : 'Live proof: what page scripts see';
      await page.getByRole('heading', { name: section }).scrollIntoViewIfNeeded();
      await shoot(page, `16-inspector-${kind}`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await timeline(page).getByText(SIGN_OUT[kind]).waitFor();
    });
  }

  it('keeps a cookie session across a reload by asking the server, and shows the question in the timeline', async () => {
    const { page } = await browserWindow();
    await startSession(page, { kind: 'session' });
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByText(/Loaded at/).waitFor();

    const asked = page.waitForRequest((request) => request.url().endsWith('/api/me'));
    await page.reload();
    await asked;
    await page.getByRole('heading', { name: 'Notes' }).waitFor();
    await page.getByText(/Loaded at/).waitFor();
    await page.getByText('Signed in as student').waitFor();
    assert.equal(new URL(page.url()).pathname, '/notes');

    await openPanel(page);
    const question = timeline(page).getByText('this page cannot see a cookie session: asking the server');
    await question.scrollIntoViewIfNeeded();
    await shoot(page, '17-reload-asks-the-server');
  });
});

describe('sessions ended from elsewhere', () => {
  it("a teacher revokes a student's session from another browser; the student's next navigation shows who ended it", async () => {
    const student = await browserWindow();
    await startSession(student.page, { kind: 'session' });

    const teacher = await browserWindow();
    await startSession(teacher.page, { username: 'teacher', kind: 'hybrid' });
    await teacher.page.getByRole('link', { name: 'Teacher' }).click();
    const table = teacher.page.getByRole('table', { name: /Live sessions/ });
    await table.getByRole('row').filter({ hasText: 'student' }).waitFor();
    await shoot(teacher.page, '18-teacher-every-session');

    await table.getByRole('button', { name: /^Revoke the session of student/ }).click();
    await teacher.page.getByText('Revoked: student is refused on their next request.').waitFor();

    const refused = student.page.waitForResponse((response) => response.url().endsWith('/api/notes'));
    await student.page.getByRole('link', { name: 'Notes' }).click();
    const response = await refused;
    assert.equal(response.status(), 401);
    assert.equal((await response.json()).code, 'SESSION_REVOKED');
    await revokedDialog(student.page).getByText(/ended on the server, by a teacher/).waitFor();
    assert.equal(new URL(student.page.url()).pathname, '/login');
    await shoot(student.page, '19-student-revoked-popup');
  });

  it('"End all other sessions" in one browser signs the same user out of another', async () => {
    const laptop = await browserWindow();
    await startSession(laptop.page, { kind: 'session' });
    const phone = await browserWindow();
    await startSession(phone.page, { kind: 'hybrid' });

    await laptop.page.getByRole('link', { name: 'My sessions' }).click();
    const list = laptop.page.getByRole('table', { name: 'Your live sessions' });
    await list.getByText('this one').waitFor();
    assert.equal(await list.getByRole('row').count(), 3);
    await shoot(laptop.page, '20-my-sessions');

    await laptop.page.getByRole('button', { name: 'End all other sessions' }).click();
    await laptop.page.getByText('The server revoked 1 other session.').waitFor();
    // The list is asked for again after the answer; wait for the phone's row to leave it rather than count
    // the rows at once, which would race that second request.
    await list.getByRole('row').nth(2).waitFor({ state: 'detached' });
    assert.equal(await list.getByRole('row').count(), 2);

    await phone.page.getByRole('link', { name: 'Notes' }).click();
    await revokedDialog(phone.page).waitFor();
    // The laptop's own session is untouched.
    await laptop.page.getByRole('link', { name: 'Notes' }).click();
    await laptop.page.getByText(/Loaded at/).waitFor();
  });
});

describe('the new screens where a class sees them', () => {
  it('shows a student a "teachers only" page, and the API refuses them with 403 anyway', async () => {
    const { page } = await browserWindow();
    await startSession(page, { kind: 'bearer' });
    assert.equal(await page.getByRole('link', { name: 'Teacher' }).count(), 0);
    await page.goto(`${lab.server.base}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Teachers only' }).waitFor();
    assert.equal(await page.title(), 'Teachers only · Session Lab');

    const answer = page.waitForResponse((response) => response.url().endsWith('/api/admin/sessions'));
    await page.getByRole('button', { name: 'Ask the server anyway' }).click();
    assert.equal((await answer).status(), 403);
    await page.getByText('The server answered 403 FORBIDDEN').waitFor();
    await shoot(page, '21-teachers-only');
  });

  it('explains on My sessions why a JWT session has nothing to list', async () => {
    const { page } = await browserWindow();
    await startSession(page, { kind: 'cookie-jwt' });
    await page.getByRole('link', { name: 'My sessions' }).click();
    await page.getByText(/This session is not in the list, and cannot be/).waitFor();
    await shoot(page, '22-my-sessions-jwt');
  });

  it('keeps the header on one line at 1024×768 for a teacher, in both languages, and shows every new screen there', async () => {
    const { page } = await browserWindow(PROJECTOR);
    await page.goto(`${lab.server.base}/login`);
    await page.getByRole('group', { name: 'Kind of session' }).waitFor();
    // In front of a class the form must work without scrolling: the kinds stand beside the fields, and the
    // Sign in button is on the first screen, under the fields.
    const submit = await page.locator('form').getByRole('button', { name: 'Sign in' }).boundingBox();
    assert.ok(submit.y + submit.height <= PROJECTOR.height, `the Sign in button ends at ${submit.y + submit.height}px`);
    const kinds = await page.getByRole('group', { name: 'Kind of session' }).boundingBox();
    const username = await page.getByLabel('Username').boundingBox();
    assert.ok(kinds.x > username.x + username.width, 'the kinds stand to the right of the fields');
    await shoot(page, '23-login-kinds-1024');
    await signIn(page, { username: 'teacher', kind: 'session', length: '5 minutes' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    for (const language of ['en', 'es']) {
      const header = await page.locator('.site-header').boundingBox();
      const signOut = await page.locator('.session-status .button').boundingBox();
      // One line: the header is no taller than its tallest item plus its padding, and nothing sticks out.
      assert.ok(header.height < signOut.height * 2, `${language}: header ${header.height}px for a ${signOut.height}px button`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PROJECTOR.width);
      if (language === 'en') await page.getByRole('button', { name: 'Español' }).click();
      else await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: language === 'en' ? 'Tablero' : 'Dashboard' }).waitFor();
    }

    await page.getByRole('link', { name: 'Teacher' }).click();
    await page.getByRole('table', { name: /Live sessions/ }).waitFor();
    await shoot(page, '24-teacher-1024');
    await page.getByRole('link', { name: 'My sessions' }).click();
    await page.getByRole('table', { name: 'Your live sessions' }).waitFor();
    await shoot(page, '25-my-sessions-1024');
    await openPanel(page);
    await page.getByRole('heading', { name: 'Live proof: what page scripts see' }).scrollIntoViewIfNeeded();
    await page.getByText('It does not contain sl_session.').waitFor();
    await shoot(page, '26-inspector-session-1024');
  });

  it("fits a teacher's header on one line at 1024×768 in 14 px type, its links apart, in both languages, panel open or closed", async () => {
    const { page } = await browserWindow(PROJECTOR);
    await startSession(page, { username: 'teacher', kind: 'session' });
    const measure = () =>
      page.locator('.site-header').evaluate((header) => {
        const box = (element) => element.getBoundingClientRect();
        const links = [...header.querySelectorAll('.nav-links a')].map(box);
        return {
          fontSize: parseFloat(getComputedStyle(header).fontSize),
          overflow: header.scrollWidth - header.clientWidth,
          pageWidth: document.documentElement.scrollWidth,
          // One line: every part of the header (brand, links, tools, who is signed in) shares one middle.
          middles: [...header.children, ...header.querySelectorAll('.nav-links a, .button')].map((part) => Math.round(box(part).top + box(part).height / 2)),
          gaps: links.slice(1).map((link, i) => link.left - links[i].right),
          // No part wraps inside itself: each link is one line high, and "Signed in as teacher" one line box.
          linkHeights: new Set(links.map((link) => Math.round(link.height))).size,
          statusLines: header.querySelector('.session-status > span').getClientRects().length,
          right: Math.max(...[...header.querySelectorAll('*')].map((part) => box(part).right)),
        };
      });
    for (const language of ['en', 'es']) {
      if (language === 'es') {
        await page.getByRole('button', { name: 'Español' }).click();
        await page.getByRole('heading', { name: 'Tablero' }).waitFor();
      }
      for (const panel of ['closed', 'open']) {
        if (panel === 'open') {
          await page.locator('#classroom-toggle').click();
          await page.getByRole('heading', { name: /Demo controls|Controles de la demo/ }).waitFor();
        }
        const header = await measure();
        const where = `${language}, panel ${panel}`;
        assert.ok(header.fontSize >= 14, `${where}: ${header.fontSize}px type`);
        assert.equal(header.overflow, 0, `${where}: the header overflows`);
        assert.equal(header.pageWidth, PROJECTOR.width, `${where}: the page scrolls sideways`);
        assert.ok(header.right <= PROJECTOR.width, `${where}: something ends at ${header.right}px`);
        assert.ok(Math.max(...header.middles) - Math.min(...header.middles) <= 2, `${where}: not one line (${header.middles})`);
        assert.equal(header.linkHeights, 1, `${where}: a link wraps`);
        assert.equal(header.statusLines, 1, `${where}: who is signed in wraps`);
        assert.equal(header.gaps.length, 5, `${where}: a teacher has six links`);
        assert.ok(Math.min(...header.gaps) >= 4, `${where}: links ${header.gaps} px apart`);
        if (panel === 'open') await page.locator('#classroom-toggle').click();
      }
    }
  });

  it('shows the teachers-only page at 1024×768 and the new links on a phone', async () => {
    const projector = await browserWindow(PROJECTOR);
    await startSession(projector.page, { kind: 'bearer' });
    await projector.page.goto(`${lab.server.base}/admin`);
    await projector.page.getByRole('heading', { level: 1, name: 'Teachers only' }).waitFor();
    await shoot(projector.page, '27-teachers-only-1024');

    const phone = await browserWindow({ width: 390, height: 844 });
    await phone.page.goto(`${lab.server.base}/login`);
    await signIn(phone.page, { username: 'teacher', kind: 'hybrid', length: '5 minutes' });
    await phone.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await phone.page.getByRole('link', { name: 'Teacher' }).click();
    await phone.page.getByRole('table', { name: /Live sessions/ }).waitFor();
    await shoot(phone.page, '28-phone-teacher');
    assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), 390);
  });

  it('on a phone, shows every session as a card whose End or Revoke button is on screen and works, still in a cell of a row of the table', async () => {
    const PHONE = { width: 390, height: 844 };
    /**
     * Each row's button lies inside the screen's width as the page is laid out, and is at least 24 px high (WCAG
     * 2.5.8). Nothing is scrolled into view first: that would scroll a table's box sideways and hide the fault.
     */
    const checkButtons = async (page, table) => {
      const rows = table.locator('tbody').getByRole('row');
      for (let index = 0; index < (await rows.count()); index += 1) {
        const button = rows.nth(index).getByRole('button');
        assert.ok(await button.isVisible(), `row ${index}: the button is visible`);
        const box = await button.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `row ${index}: the button spans ${box.x}-${box.x + box.width} px`);
        assert.ok(box.height >= 24, `row ${index}: the button is ${box.height} px high`);
      }
    };
    // In the accessibility tree a screen reader reads, every End or Revoke button of a card is still in a cell of a
    // row of the table.
    const checkAccessibilityTree = async (page, names, count) => {
      const buttons = await accessibilityAncestors(page, (node) => node.role?.value === 'button' && names.test(node.name?.value ?? ''));
      assert.equal(buttons.length, count, `buttons named ${names}`);
      for (const { name, roles } of buttons) {
        assert.deepEqual(roles.filter((role) => ['cell', 'row', 'table'].includes(role)), ['cell', 'row', 'table'], name);
      }
    };

    // The student in three browsers, the last one a phone; then the teacher on a phone.
    await startSession((await browserWindow()).page, { kind: 'session' });
    await startSession((await browserWindow()).page, { kind: 'hybrid' });
    const student = await browserWindow(PHONE);
    await startSession(student.page, { kind: 'session' });
    await student.page.getByRole('link', { name: 'My sessions' }).click();
    const list = student.page.getByRole('table', { name: 'Your live sessions' });
    await list.getByText('this one').waitFor();
    assert.equal(await list.locator('tbody').getByRole('row').count(), 3);
    assert.equal(await list.evaluate((table) => getComputedStyle(table).display), 'block');
    assert.equal(await sideways(student.page), false);
    await checkButtons(student.page, list);
    // The column headers are hidden from the eye only: a screen reader still has them.
    assert.equal(await list.getByRole('columnheader', { name: 'Last seen' }).count(), 1);
    await checkAccessibilityTree(student.page, /^End (the session of|this session)/, 3);
    await list.evaluate((table) => table.scrollIntoView());
    await shoot(student.page, '36-phone-my-sessions');

    await list.getByRole('row').filter({ hasText: 'hybrid' }).getByRole('button', { name: /^End the session of/ }).click();
    await student.page.getByText('Session ended: the server revoked it.').waitFor();
    // The list is asked for again after the answer: wait for the row to leave it rather than count at once.
    await list.locator('tbody').getByRole('row').nth(2).waitFor({ state: 'detached' });
    assert.equal(await list.getByRole('row').filter({ hasText: 'hybrid' }).count(), 0);
    assert.equal(await sideways(student.page), false);

    const teacher = await browserWindow(PHONE);
    await startSession(teacher.page, { username: 'teacher', kind: 'hybrid' });
    await teacher.page.getByRole('link', { name: 'Teacher' }).click();
    const table = teacher.page.getByRole('table', { name: 'Live sessions (3)' });
    await table.waitFor();
    assert.equal(await sideways(teacher.page), false);
    await checkButtons(teacher.page, table);
    await checkAccessibilityTree(teacher.page, /^Revoke the session of/, 3);

    await table.getByRole('row').filter({ hasText: 'student' }).first().getByRole('button', { name: /^Revoke the session of student/ }).click();
    await teacher.page.getByText('Revoked: student is refused on their next request.').waitFor();
    // The table is asked for again after the answer; its caption counts the rows it then holds.
    const twoLeft = teacher.page.getByRole('table', { name: 'Live sessions (2)' });
    await twoLeft.waitFor();
    assert.equal(await twoLeft.locator('tbody').getByRole('row').count(), 2);
    assert.equal(await sideways(teacher.page), false);

    // What decides is the table's own room, not the screen's: a projector's 1024 px shows the table, until the
    // classroom panel takes half of the width beside it.
    const layout = () => teacher.page.getByRole('table', { name: /Live sessions/ }).evaluate((element) => getComputedStyle(element).display);
    await teacher.page.setViewportSize(PROJECTOR);
    assert.equal(await layout(), 'table');
    await openPanel(teacher.page);
    assert.equal(await layout(), 'block');
    assert.equal(await sideways(teacher.page), false);
  });
});
