// The story of DEVELOPERS.md, in real Chromium against the real server. Each test is one step of the
// walkthrough in docs/walkthrough.md, and takes the screenshots that page shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shoot, signIn, useBrowserLab } from './harness.mjs';

// One server for the whole file: every step signs in afresh and reads only its own session, so the steps cannot
// disturb each other through it. Every step gets a new context, a browser with nothing stored yet. No page error
// and no console error in any step: a Content-Security-Policy violation would be one.
const lab = useBrowserLab({ contextPerTest: true });

const dialog = (page) => page.getByRole('alertdialog', { name: 'Your session has expired' });
const serverDialog = (page, title) => page.getByRole('alertdialog', { name: title });

/** Opens the sign-in page, signs in and waits for the dashboard the login page sends a user to. */
async function startSession(page, options) {
  await page.goto(`${lab.server.base}/login`);
  await signIn(page, options);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

async function openPanel(page) {
  await page.getByRole('button', { name: 'Inspector' }).click();
  await page.getByRole('heading', { name: 'Demo controls' }).waitFor();
}

describe('the client-side session in a real browser', () => {
  it('sends a signed-out visitor to the login page and back to the page they wanted after sign-in', async () => {
    const page = await lab.context.newPage();
    await page.goto(lab.server.base);
    await page.getByRole('heading', { name: /watch a client-side session/i }).waitFor();
    await shoot(page, '01-home');

    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.getByText('After signing in you will go back to /notes.').waitFor();
    await shoot(page, '02-login-remembers-notes');

    await signIn(page, { username: 'teacher' });
    await page.getByRole('heading', { name: 'Notes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/notes');
    await page.getByText('Teachers: roles are enforced by the server').waitFor();
    await page.getByText('Signed in as teacher').waitFor();
    await shoot(page, '03-notes-as-teacher');
  });

  it('navigates between protected pages while the flag is up, and shows the session in the inspector', async () => {
    const page = await lab.context.newPage();
    await startSession(page, { length: '5 minutes' });
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('heading', { name: 'Notes' }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await openPanel(page);
    const inspector = page.getByRole('region', { name: 'Session inspector' });
    await inspector.getByText('authenticated', { exact: true }).waitFor();
    await inspector.getByText('sessionStorage["session-lab.token"]').waitFor();
    const timeline = page.getByRole('region', { name: 'Event timeline' });
    // The notes request was checked by the browser and then accepted by the server, which said so.
    await timeline.getByText('server checked: valid').first().waitFor();
    await shoot(page, '04-dashboard-with-inspector');
  });

  it('finds the expiry on a route change, shows the popup, and returns to the page after signing in again', async () => {
    const page = await lab.context.newPage();
    // The page's clock is faked so the token's 15 seconds pass at once; the server keeps real time.
    await page.clock.install();
    await startSession(page, { length: '15 seconds' });

    await page.clock.fastForward('00:20');
    // Nothing has checked yet: the flag is still up.
    await page.getByText('Signed in as student').waitFor();
    await page.getByRole('link', { name: 'Notes' }).click();

    await dialog(page).waitFor();
    await dialog(page).getByText(/noticed it \(on a page change\)/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'OK');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('session-lab.token')), null);
    await shoot(page, '05-expired-on-route-change');

    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached' });
    await page.getByText('After signing in you will go back to /notes.').waitFor();
    await signIn(page);
    await page.getByRole('heading', { name: 'Notes' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/notes');
  });

  it('never sends an expired token: the request interceptor holds the request back', async () => {
    const page = await lab.context.newPage();
    await page.clock.install();
    await startSession(page, { length: '15 seconds' });
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByText(/Loaded at/).waitFor();
    await openPanel(page);

    const sent = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/')) sent.push(request.url());
    });
    await page.clock.fastForward('00:20');
    await page.getByRole('button', { name: 'Ask for the notes again' }).click();

    await dialog(page).getByText(/before sending a request/).waitFor();
    assert.deepEqual(sent, []);
    await page.getByRole('region', { name: 'Event timeline' }).getByText('expired here').first().waitFor();
    await shoot(page, '06-interceptor-held-back');
  });

  it('refuses a token that really expired, even when the browser clock says it is still valid', async () => {
    const page = await lab.context.newPage();
    await startSession(page, { length: '15 seconds' });
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByText(/Loaded at/).waitFor();
    await openPanel(page);
    // A browser clock five minutes slow passes every client check...
    await page.getByRole('button', { name: '−5 min' }).click();
    // ...but the server's clock is the real one. Wait out the 15 s plus the server's 2 s tolerance.
    await page.waitForTimeout(18_500);
    await page.getByRole('button', { name: 'Ask for the notes again' }).click();

    await serverDialog(page, 'The server says your session has expired').getByText('The server refused the token (TOKEN_EXPIRED)', { exact: false }).waitFor();
    await shoot(page, '07-server-refuses-expired');
  });

  it('tampering with the role is believed by the page and refused by the server', async () => {
    const page = await lab.context.newPage();
    await startSession(page, { length: '5 minutes' });
    await openPanel(page);
    await page.getByRole('button', { name: 'Tamper with the token' }).click();
    // The browser cannot check a signature: the role on the dashboard changes.
    await page.locator('main').getByText('teacher', { exact: true }).waitFor();
    await shoot(page, '08-tampered-role-believed');

    const refused = page.waitForResponse((response) => response.url().endsWith('/api/notes'));
    await page.getByRole('link', { name: 'Notes' }).click();
    const response = await refused;
    assert.equal(response.status(), 401);
    assert.equal((await response.json()).code, 'TOKEN_INVALID');
    await serverDialog(page, 'The server refused your token').getByText('The server refused the token (TOKEN_INVALID)', { exact: false }).waitFor();
    await shoot(page, '09-tampered-token-refused');
  });

  it('a forged later expiry passes the client checks and is refused by the server', async () => {
    const page = await lab.context.newPage();
    await startSession(page, { length: '5 minutes' });
    await openPanel(page);
    await page.getByRole('button', { name: 'Forge a later expiry' }).click();

    const refused = page.waitForResponse((response) => response.url().endsWith('/api/notes'));
    await page.getByRole('link', { name: 'Notes' }).click();
    assert.equal((await refused).status(), 401);
    await serverDialog(page, 'The server refused your token').getByText('TOKEN_INVALID', { exact: false }).waitFor();
  });

  it('signs out a second tab when the first one signs out', async () => {
    const first = await lab.context.newPage();
    await startSession(first, { length: '5 minutes' });
    await openPanel(first);

    // A tab opened from this one starts with a copy of its sessionStorage, so it shares the session.
    const [second] = await Promise.all([
      lab.context.waitForEvent('page'),
      first.getByRole('link', { name: 'Open a second tab' }).click(),
    ]);
    await second.getByText('Signed in as student').waitFor();

    await first.getByRole('button', { name: 'Sign out' }).click();
    await first.getByRole('link', { name: 'Sign in', exact: true }).waitFor();

    await second.getByRole('alertdialog', { name: 'You signed out in another tab' }).getByText(/signed out in another tab of this browser/).waitFor();
    assert.equal(new URL(second.url()).pathname, '/login');
    assert.equal(await second.evaluate(() => sessionStorage.getItem('session-lab.token')), null);
    await second.bringToFront();
    await shoot(second, '10-second-tab-signed-out');
  });

  it('switches to Spanish and remembers it across a reload', async () => {
    const page = await lab.context.newPage();
    await page.goto(`${lab.server.base}/login`);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await page.reload();
    await page.getByLabel('Usuario').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await page.getByLabel('Usuario').fill('student');
    await page.getByLabel('Contraseña').fill('student123');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Tablero' }).waitFor();
    await page.getByRole('button', { name: 'Inspector' }).click();
    await page.getByRole('heading', { name: 'Inspector de sesión' }).waitFor();
    await shoot(page, '11-spanish-with-inspector');
  });

  it('is usable on a phone', async () => {
    const phone = await lab.newContext({ width: 390, height: 844 });
    const page = await phone.newPage();
    await page.clock.install();
    await page.goto(`${lab.server.base}/login`);
    await shoot(page, '12-phone-login');
    await signIn(page, { length: '15 seconds' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.clock.fastForward('00:20');
    await page.getByRole('link', { name: 'Notes' }).click();
    await dialog(page).waitFor();
    await shoot(page, '13-phone-expired');
  });
});
