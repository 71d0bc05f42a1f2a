import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { sessionEvents } from '../lib/sessionEvents';
import { ROUTES } from '../routes';
import { freezeTime, openPanel, signInThroughForm } from './testing';

/** The steps marked "just happened" in the diagram, read as a user sees them. */
function highlightedSteps(story: HTMLElement, marker = 'just happened'): string[] {
  return within(story)
    .getAllByText(marker)
    .map((tag) => (tag.parentElement?.textContent ?? '').replace(marker, '').trim());
}

describe('the classroom panel', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  beforeEach(() => sessionEvents.clear());
  afterEach(() => server?.restore());

  it('its header button says whether it is open, and its own close button hands focus back to that button', async () => {
    const { user } = renderApp({ route: ROUTES.home.path });
    const toggle = screen.getByRole('button', { name: 'Inspector' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await openPanel(user, 'Session inspector');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAttribute('aria-controls', screen.getByRole('complementary', { name: 'Classroom panel' }).id);

    await user.click(screen.getByRole('button', { name: 'Close the panel' }));
    expect(screen.queryByRole('complementary', { name: 'Classroom panel' })).not.toBeInTheDocument();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();
  });

  it('keeps the flag and the countdown in its top bar, beside the close button', async () => {
    freezeTime();
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 90 }) });
    await openPanel(user, 'Demo controls');
    const bar = screen.getByRole('button', { name: 'Close the panel' }).parentElement!;

    expect(bar).toHaveTextContent('authenticatedexp in 90 s');
  });
});

describe('the story diagram', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  beforeEach(() => sessionEvents.clear());
  afterEach(() => server?.restore());

  it('marks the step that just happened, in the picture and in words, as the session goes through the story', async () => {
    server = installFakeServer({
      'GET /api/notes': () => ({ status: 200, headers: { 'x-session-lab-token-check': 'valid' }, data: { notes: [] } }),
      'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 300 })),
    });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    const story = await openPanel(user, 'The story, step by step');
    const status = within(story).getByRole('status');

    // Opening the app on the dashboard ran the route check once, for the page load.
    expect(highlightedSteps(story)).toEqual(['3aRoute check']);
    expect(within(story).getByText('Route check').closest('[aria-current="step"]')).not.toBeNull();
    expect(status).toHaveTextContent('Just happened: 3a. Route check — on every page change and page load (Page load, valid here, /dashboard).');

    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');
    expect(highlightedSteps(story)).toEqual(['4Server verifies']);

    await user.click(within(screen.getByRole('region', { name: 'Demo controls' })).getByRole('button', { name: 'Expire now' }));
    await user.click(screen.getByRole('link', { name: 'Home' }));
    // One check found the dead token and, in the same go, redirected and opened the popup.
    expect(highlightedSteps(story)).toEqual(['5Expired or 401', '6Redirect and popup']);
    expect(status).toHaveTextContent('Just happened: 5. Expired or 401 → 6. Redirect and popup');

    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button'));
    await signInThroughForm(user);
    await screen.findByText('Signed in as student');
    expect(highlightedSteps(story)).toEqual(['7Return']);
  });

  it('marks a fresh sign-in as steps 1 and 2, and tells the same story in Spanish', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 300 })) });
    const { user } = renderApp({ route: ROUTES.login.path });
    const story = await openPanel(user, 'The story, step by step');
    expect(within(story).getByRole('status')).toHaveTextContent('Nothing has happened yet');

    await signInThroughForm(user);
    await screen.findByRole('heading', { name: 'Dashboard' });
    expect(highlightedSteps(story)).toEqual(['1Sign in', '2Token and flag']);
    // The login page's navigation to the dashboard belongs to the sign-in, so the sentence names the sign-in.
    expect(within(story).getByRole('status')).toHaveTextContent('(Sign in, session started).');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    const historia = await screen.findByRole('region', { name: 'La historia, paso a paso' });
    expect(highlightedSteps(historia, 'acaba de pasar')).toEqual(['1Inicio de sesión', '2Token y bandera']);
    expect(within(historia).getByRole('status')).toHaveTextContent('Acaba de pasar: 1. Inicio de sesión → 2. Token y bandera');
  });
});
