// The classroom panel where a teacher actually shows it: a 1024×768 projector and a phone. The panel must
// sit beside or over the page, never below it, with the flag and the demo controls on screen together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shoot, signIn, useBrowserLab } from './harness.mjs';

// One server for the file: each test reads only the panel of its own sign-in. Each opens its context at the
// screen size it is about.
const lab = useBrowserLab();

async function signedInPage(viewport) {
  const context = await lab.newContext(viewport);
  const page = await context.newPage();
  await page.goto(`${lab.server.base}/login`);
  await signIn(page, { length: '5 minutes' });
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  return page;
}

/** True when the whole element is inside the window, without scrolling the page. */
async function inViewport(page, locator) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

describe('the classroom panel on a projector and a phone', () => {
  it('at 1024×768 sits beside the page, with the flag and the demo controls in view together', async () => {
    const page = await signedInPage({ width: 1024, height: 768 });
    const toggle = page.getByRole('button', { name: 'Inspector' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const panel = page.getByRole('complementary', { name: 'Classroom panel' });
    await panel.getByRole('heading', { name: 'Demo controls' }).waitFor();

    // Beside the page: the panel starts to the right of the page's heading, at the top of the window.
    const heading = await page.getByRole('heading', { name: 'Dashboard' }).boundingBox();
    const box = await panel.boundingBox();
    assert.ok(box.x >= heading.x + heading.width, `panel at x=${box.x} overlaps the page heading`);
    assert.ok(box.y < 200, `panel starts at y=${box.y}, below the first screen`);

    const flag = panel.getByText('authenticated', { exact: true }).first();
    const story = panel.getByRole('region', { name: 'The story, step by step' });
    assert.ok(await inViewport(page, flag), 'the flag is on screen');
    assert.ok(await inViewport(page, story), 'the story diagram is on screen');
    await story.getByText('just happened').first().waitFor();
    await shoot(page, 'inspector-1024');

    // Scrolling the panel to the controls keeps the flag (in the panel's top bar) in view.
    const expireNow = panel.getByRole('button', { name: 'Expire now' });
    await expireNow.scrollIntoViewIfNeeded();
    assert.ok(await inViewport(page, expireNow), '"Expire now" is on screen');
    assert.ok(await inViewport(page, flag), 'the flag is still on screen beside the controls');
    await expireNow.click();
    await page.getByRole('region', { name: 'Demo clock' }).getByText(/Expire now/).waitFor();

    await page.getByRole('button', { name: 'Reset the clock' }).click();
    await page.getByRole('button', { name: 'Español' }).click();
    const panelEs = page.getByRole('complementary', { name: 'Panel de clase' });
    const historia = panelEs.getByRole('region', { name: 'La historia, paso a paso' });
    await historia.getByText('acaba de pasar').first().waitFor();
    await panelEs.evaluate((element) => element.scrollTo(0, 0));
    assert.ok(await inViewport(page, historia), 'the Spanish diagram is on screen');
    assert.ok(await inViewport(page, panelEs.getByText('autenticado', { exact: true }).first()));
    await shoot(page, 'inspector-1024-es');
  });

  it('on a phone opens as a sheet over the page, with the diagram and its own close button', async () => {
    const page = await signedInPage({ width: 390, height: 844 });
    const toggle = page.getByRole('button', { name: 'Inspector' });
    await toggle.click();
    const panel = page.getByRole('complementary', { name: 'Classroom panel' });
    const story = panel.getByRole('region', { name: 'The story, step by step' });
    await story.waitFor();

    const box = await panel.boundingBox();
    assert.ok(box.y > 0 && box.y < 844 / 2, `the sheet starts at y=${box.y}`);
    assert.ok(Math.abs(box.y + box.height - 844) <= 1, 'the sheet rests on the bottom of the screen');
    const close = panel.getByRole('button', { name: 'Close the panel' });
    assert.ok(await inViewport(page, close));
    assert.ok(await inViewport(page, story.getByText('just happened').first()));
    await shoot(page, 'inspector-phone');

    await close.click();
    await panel.waitFor({ state: 'detached' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  });

  it('on a phone keeps the demo-clock banner above the sheet once the clock is moved, in both languages and with the page scrolled', async () => {
    // A teacher in Spanish has the tallest header of all: six links on three lines.
    const context = await lab.newContext({ width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`${lab.server.base}/login`);
    await signIn(page, { username: 'teacher' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Inspector' }).click();
    const panel = page.getByRole('complementary', { name: /Classroom panel|Panel de clase/ });
    await panel.getByRole('button', { name: '+5 min' }).click();
    const banner = page.getByRole('region', { name: /Demo clock|Reloj de la demo/ });
    const reset = banner.getByRole('button');

    /** The banner ends where the sheet begins, and its Reset button is the element a tap there reaches. */
    const assertBannerAboveSheet = async (when) => {
      const bannerBox = await banner.boundingBox();
      const sheetBox = await panel.boundingBox();
      assert.ok(bannerBox.y + bannerBox.height <= sheetBox.y + 1, `${when}: banner ends at ${bannerBox.y + bannerBox.height}, sheet starts at ${sheetBox.y}`);
      assert.ok(Math.abs(sheetBox.y + sheetBox.height - 844) <= 1, `${when}: the sheet rests on the bottom of the screen`);
      assert.ok(await inViewport(page, reset), `${when}: the Reset button is on screen`);
      const box = await reset.boundingBox();
      const reached = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent, [box.x + box.width / 2, box.y + box.height / 2]);
      assert.equal(reached, await reset.textContent(), `${when}: the sheet covers the Reset button`);
    };

    await assertBannerAboveSheet('English');
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.y + header.height <= (await banner.boundingBox()).y + 1, 'the banner is below the whole header');

    await page.getByRole('button', { name: 'Español' }).click();
    await panel.getByRole('heading', { name: 'Controles de la demo' }).waitFor();
    await assertBannerAboveSheet('Spanish');

    // The page behind the sheet scrolls; the header goes with it, the banner stays at the top of the screen.
    await page.evaluate(() => window.scrollTo(0, 400));
    await page.waitForFunction(() => document.querySelector('.clock-banner')?.getBoundingClientRect().top === 0);
    await assertBannerAboveSheet('scrolled');

    await reset.click();
    await banner.waitFor({ state: 'detached' });
  });

  it('puts the proactive-checks box beside its label and each inspector value under its label, at 1024 px and on a phone', async () => {
    for (const viewport of [{ width: 1024, height: 768 }, { width: 390, height: 844 }]) {
      const context = await lab.newContext(viewport);
      const page = await context.newPage();
      await page.goto(`${lab.server.base}/login`);
      await signIn(page, { kind: 'session', length: '5 minutes' });
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByRole('button', { name: 'Inspector' }).click();
      const panel = page.getByRole('complementary', { name: 'Classroom panel' });

      const box = await panel.getByRole('switch', { name: /Proactive checks/ }).boundingBox();
      const label = await panel.locator('.control-switch label').boundingBox();
      assert.ok(box.width >= 24 && box.height >= 24, `${viewport.width}: the box is ${box.width}×${box.height}`);
      assert.ok(label.x >= box.x + box.width, `${viewport.width}: the label starts beside the box, not under it`);
      assert.ok(label.y < box.y + box.height, `${viewport.width}: the label's first line is level with the box`);

      // Every value (the CSRF token among them) gets the whole width of the list, its label on the line above.
      await panel.locator('.csrf-token').waitFor();
      const facts = panel.locator('.inspector-facts').first();
      const width = (await facts.boundingBox()).width;
      for (const value of await facts.locator('dd').all()) {
        assert.ok(Math.abs((await value.boundingBox()).width - width) <= 1, `${viewport.width}: a value narrower than the list`);
      }
      const token = await panel.locator('.csrf-token').boundingBox();
      const tokenLabel = await facts.getByText('CSRF token (in memory)').boundingBox();
      assert.ok(token.y >= tokenLabel.y + tokenLabel.height - 1, `${viewport.width}: the token is under its label`);
    }
  });
});
