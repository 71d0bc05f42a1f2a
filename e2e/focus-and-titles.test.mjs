// What a keyboard or screen-reader user meets, in real Chromium: every page has its own title, focus moves to
// the new page's heading, the session popup is a real modal (the page behind is inert), a reload with an
// expired token ends on the login page, and a Spanish browser gets Spanish on its first visit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shoot, signIn, useBrowserLab } from './harness.mjs';

// One server for the file (no test reads another's session), and a new context for every test, so that each
// one starts signed out with no language remembered.
const lab = useBrowserLab({ contextPerTest: true });

/** What has the keyboard focus: its tag and its text. */
const focused = (page) => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent }));

describe('focus, titles and the modal popup in a real browser', () => {
  it('titles every page and moves focus to its heading after sign-in, navigation and sign-out', async () => {
    const page = await lab.context.newPage();
    await page.goto(`${lab.server.base}/login`);
    assert.equal(await page.title(), 'Sign in · Session Lab');

    await signIn(page, { length: '5 minutes' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    assert.deepEqual(await focused(page), { tag: 'H1', text: 'Dashboard' });
    assert.equal(await page.title(), 'Dashboard · Session Lab');

    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('heading', { name: 'Notes' }).waitFor();
    assert.deepEqual(await focused(page), { tag: 'H1', text: 'Notes' });
    assert.equal(await page.title(), 'Notes · Session Lab');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    assert.equal((await focused(page)).tag, 'H1');
    assert.equal(await page.title(), 'Session Lab');
  });

  it('makes the page behind the popup inert, keeps Tab inside it, and then focuses the login heading', async () => {
    const page = await lab.context.newPage();
    await page.clock.install();
    await page.goto(`${lab.server.base}/login`);
    await signIn(page, { length: '15 seconds' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.clock.fastForward('00:20');
    await page.getByRole('link', { name: 'Notes' }).click();

    const popup = page.getByRole('alertdialog', { name: 'Your session has expired' });
    await popup.waitFor();
    // showModal() puts the dialog in the top layer and makes everything else inert.
    assert.equal(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal')), true);
    // Tab never reaches the page behind. (Chromium lets it leave for the browser's own toolbar, as the HTML
    // standard allows, which leaves <body> as the page's active element; it never lands on a page control.)
    for (let press = 0; press < 4; press += 1) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() =>
        document.activeElement === document.body ? 'outside the page' : document.activeElement?.closest('dialog') ? 'popup' : 'page behind',
      );
      assert.notEqual(where, 'page behind');
    }
    // A click on a link behind the popup does nothing: the page behind cannot be used until it closes.
    await page.mouse.click(10, 10);
    await page.getByRole('link', { name: 'Home' }).click({ force: true, timeout: 2000 }).catch(() => {});
    assert.equal(new URL(page.url()).pathname, '/login');
    await shoot(page, '14-popup-is-modal');

    await popup.getByRole('button', { name: 'OK' }).click();
    await popup.waitFor({ state: 'detached' });
    assert.deepEqual(await focused(page), { tag: 'H1', text: 'Sign in' });
  });

  it('sends a reload of a public page with an expired token to the login page, and says it was the page load', async () => {
    const page = await lab.context.newPage();
    await page.clock.install();
    await page.goto(`${lab.server.base}/login`);
    await signIn(page, { length: '15 seconds' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    // The home page must be showing before time jumps: otherwise the route-change check of that very click
    // could run after the jump and end the session before the reload this test is about.
    await page.getByRole('heading', { level: 1, name: /watch a client-side session/i }).waitFor();
    await page.clock.fastForward('00:20');
    await page.reload();

    const popup = page.getByRole('alertdialog', { name: 'Your session has expired' });
    await popup.getByText(/when the page loaded/).waitFor();
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('session-lab.token')), null);
  });

  it("speaks Spanish on a first visit from a Spanish browser, errors included", async () => {
    // A browser set to Spanish: the page finds es-ES first in navigator.languages. Its context is watched like
    // the others; the wrong password's 401 is expected, and the watch does not count it.
    const spanish = await lab.newContext({ width: 1280, height: 800 }, { locale: 'es-ES' });
    const page = await spanish.newPage();
    await page.goto(`${lab.server.base}/login`);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.equal(await page.title(), 'Iniciar sesión · Session Lab');

    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByText('Escribe un nombre de usuario.').waitFor();
    await page.getByLabel('Usuario').fill('student');
    await page.getByLabel('Contraseña').fill('wrong-password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('alert').getByText('Usuario o contraseña incorrectos.').waitFor();
    await shoot(page, '15-spanish-first-visit-error');
  });
});
