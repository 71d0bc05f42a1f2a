// The refresh kind in real Chromium against the real server: two tabs of one browser renewing their access
// tokens at the same moment without setting off reuse detection (the Web Lock), and a stolen refresh token
// replayed from another browser, which ends the sign-in for the thief and for the user, and shows up on the
// teacher's page. Writes the screenshots of the new screens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shoot, signIn, useBrowserLab } from './harness.mjs';

// A server of its own for every test, as in session-kinds.test.mjs: the teacher's list of reuse incidents must
// hold exactly the one its own test provoked, whatever the tests before it ended.
const lab = useBrowserLab({ freshServerPerTest: true, env: { SESSION_STORE: 'memory' } });

/** A new browser (its own cookies and storage) with one page open. */
async function browserWindow() {
  const context = await lab.newContext();
  return { context, page: await context.newPage() };
}

async function openPanel(page) {
  await page.getByRole('button', { name: 'Inspector' }).click();
  await page.getByRole('heading', { name: 'Demo controls' }).waitFor();
}

/** Moves this tab's clock past its access token's exp: the next check finds it expired. No real waiting. */
const expireAccessToken = (page) => page.getByRole('button', { name: 'Expire now' }).click();
const timeline = (page) => page.getByRole('region', { name: 'Event timeline' });
const loadNotes = async (page) => {
  await page.getByRole('link', { name: 'Notes' }).click();
  await page.getByText(/Loaded at/).waitFor();
};

describe('refresh tokens in a real browser', () => {
  it('renews the access token silently in two tabs at the same moment, and both stay signed in', async () => {
    const { context, page: first } = await browserWindow();
    await first.goto(`${lab.server.base}/login`);
    await signIn(first, { kind: 'refresh', length: '1 minute' });
    await first.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // A second tab has no access token of its own (it lived in the first tab's memory): it gets one from the
    // shared refresh cookie, under the lock.
    const second = await context.newPage();
    await second.goto(`${lab.server.base}/dashboard`);
    await second.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await second.getByText('Signed in as student').waitFor();

    for (const page of [first, second]) {
      await openPanel(page);
      await expireAccessToken(page);
    }
    // Both tabs find their access token expired at once and both refresh. Without coordination they would send
    // the same refresh token together, and the server would take the second for a stolen copy.
    await Promise.all([loadNotes(first), loadNotes(second)]);

    for (const page of [first, second]) {
      await timeline(page).getByText('silent refresh: new access token, refresh token rotated').first().waitFor();
      assert.equal(await page.getByRole('alertdialog').count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Notes' }).count(), 1);
    }
    await timeline(first).getByText('silent refresh: new access token, refresh token rotated').first().scrollIntoViewIfNeeded();
    await shoot(first, '29-refresh-two-tabs-timeline');

    // And they keep going: one more round in both, each with its own access token.
    for (const page of [first, second]) await expireAccessToken(page);
    await Promise.all(
      [first, second].map(async (page) => {
        await page.getByRole('link', { name: 'Dashboard' }).click();
        await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
        await loadNotes(page);
      }),
    );
    for (const page of [first, second]) assert.equal(await page.getByRole('alertdialog').count(), 0);
  });

  it('ends the sign-in for the thief and the user when a stolen refresh token is replayed, and tells the teacher', async () => {
    const { context: victimContext, page: victim } = await browserWindow();
    await victim.goto(`${lab.server.base}/login`);
    await signIn(victim, { kind: 'refresh', length: '1 minute' });
    await victim.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await openPanel(victim);
    // The inspector shows both lifetimes: the access token's exp, and when the refresh family ends.
    await victim.getByText('Refresh token: sign-in ends').scrollIntoViewIfNeeded();
    await shoot(victim, '30-inspector-refresh');

    // The theft: every cookie of the victim's browser, copied into another browser (malware reading the
    // cookie jar would get exactly this). The refresh token is httpOnly: no script of the page could have.
    const jar = await victimContext.cookies();
    assert.ok(jar.some((cookie) => cookie.name === 'sl_refresh' && cookie.httpOnly && cookie.path === '/api/auth/refresh'));
    const { context: thiefContext, page: thief } = await browserWindow();
    await thiefContext.addCookies(jar);

    // The user carries on: the access token expires and the page renews it, rotating the refresh token.
    await expireAccessToken(victim);
    await loadNotes(victim);
    await timeline(victim).getByText('silent refresh: new access token, refresh token rotated').first().waitFor();

    // The thief now uses the copy, which has been rotated away: reuse. The thief's page is told so.
    await thief.goto(`${lab.server.base}/login`);
    await thief.evaluate(() => window.localStorage.setItem('session-lab.refresh-session', 'refresh'));
    await thief.goto(`${lab.server.base}/dashboard`);
    const thiefPopup = thief.getByRole('alertdialog', { name: 'Your refresh token was used twice' });
    await thiefPopup.waitFor();
    await shoot(thief, '31-refresh-reuse-popup-thief');
    await thiefPopup.getByRole('button', { name: 'OK' }).click();
    await thief.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The user's next refresh is refused too: the whole family is gone.
    await expireAccessToken(victim);
    await victim.getByRole('link', { name: 'Dashboard' }).click();
    const victimPopup = victim.getByRole('alertdialog', { name: 'Your refresh token was used twice' });
    await victimPopup.waitFor();
    await victimPopup.getByText(/someone had a copy/).waitFor();
    await shoot(victim, '32-refresh-reuse-popup-user');
    await victimPopup.getByRole('button', { name: 'OK' }).click();
    await victim.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The teacher's page lists the incident.
    const { page: teacher } = await browserWindow();
    await teacher.goto(`${lab.server.base}/login`);
    await signIn(teacher, { username: 'teacher', kind: 'session', length: '5 minutes' });
    await teacher.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await teacher.getByRole('link', { name: 'Teacher' }).click();
    const incidents = teacher.getByRole('table', { name: /Sign-ins ended by reuse detection \(1\)/ });
    await incidents.waitFor();
    await incidents.getByRole('rowheader', { name: 'student' }).waitFor();
    await incidents.scrollIntoViewIfNeeded();
    await shoot(teacher, '33-teacher-reuse-incidents');
  });

  it('plays the thief from the demo controls: the same refresh token twice ends the sign-in, and the page says why', async () => {
    const { page } = await browserWindow();
    await page.goto(`${lab.server.base}/login`);
    await shoot(page, '34-login-refresh-kind');
    await signIn(page, { kind: 'refresh', length: '1 minute' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await openPanel(page);
    await page.getByRole('button', { name: 'Steal the refresh token' }).click();
    const popup = page.getByRole('alertdialog', { name: 'Your refresh token was used twice' });
    await popup.waitFor();
    await timeline(page).getByText('a copy of the refresh token was replayed: REFRESH_TOKEN_REUSED').first().waitFor();
    await shoot(page, '35-steal-refresh-token-demo');
  });
});
