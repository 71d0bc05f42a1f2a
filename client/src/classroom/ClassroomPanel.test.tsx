import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionKind } from '@session-lab/shared';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { cookieLoginReply, loginReply, makeAccessToken, makeToken, meReply, refreshReply, sessionRow } from '../test/tokens';
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

  /** Signs in with `kind` as a reload would find it, with a notes route whose Server-Timing names the kind. */
  function openWith(kind: SessionKind) {
    const notes = () => ({ status: 200, headers: { 'server-timing': `sl-kind;desc=${kind}, sl-outcome;desc=valid` }, data: { notes: [] } });
    if (kind === 'bearer') {
      server = installFakeServer({ 'GET /api/notes': notes });
      return renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    }
    if (kind === 'refresh') {
      window.localStorage.setItem('session-lab.refresh-session', 'refresh');
      server = installFakeServer({
        'GET /api/auth/refresh': () => ({ status: 200, data: { csrfToken: 'csrf-refresh' } }),
        'POST /api/auth/refresh': () => refreshReply(makeAccessToken({ lifetimeSeconds: 300 })),
        'GET /api/sessions': () => ({ status: 200, data: { sessions: [sessionRow({ kind, current: true })] } }),
        'GET /api/notes': notes,
      });
      return renderApp({ route: ROUTES.dashboard.path });
    }
    server = installFakeServer({
      'GET /api/me': () => meReply(kind, { lifetimeSeconds: 300 }),
      'GET /api/auth/csrf': () => ({ status: 200, data: { csrfToken: 'csrf-abc' } }),
      'GET /api/sessions': () => ({ status: 200, data: { sessions: kind === 'cookie-jwt' ? [] : [sessionRow({ kind, current: true })] } }),
      'GET /api/notes': notes,
    });
    return renderApp({ route: ROUTES.dashboard.path, cookieSession: kind });
  }

  it.each([
    ['bearer', "4. Server verifies — The token's signature and exp, on every request."],
    ['cookie-jwt', "4. Server verifies — The token's signature and exp, on every request."],
    ['session', "4. Server verifies — No signature: the cookie's random id must name a live row of the session table, on every request."],
    ['hybrid', "4. Server verifies — The token's signature and exp, then its live row in the session table, on every request."],
    ['refresh', "4. Server verifies — The access token's signature and exp, on every request; the session table only when the token is refreshed."],
  ] as const)('says what the server verifies at step 4 when the kind is %s', async (kind, sentence) => {
    const { user } = openWith(kind);
    await screen.findByRole('heading', { name: 'Dashboard' });
    const story = await openPanel(user, 'The story, step by step');

    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');
    expect(highlightedSteps(story)).toEqual(['4Server verifies']);
    expect(within(story).getByRole('status')).toHaveTextContent(sentence);
  });

  it('says in Spanish that a server-side session has no signature to verify', async () => {
    const { user } = openWith('session');
    await screen.findByRole('heading', { name: 'Dashboard' });
    await user.click(screen.getByRole('button', { name: 'Español' }));
    const historia = await openPanel(user, 'La historia, paso a paso');

    await user.click(screen.getByRole('link', { name: 'Notas' }));
    await screen.findByText('No hay notas.');
    expect(within(historia).getByRole('status')).toHaveTextContent(
      'Acaba de pasar: 4. El servidor verifica — Sin firma: el identificador aleatorio de la cookie debe nombrar una fila viva de la tabla de sesiones, en cada petición.',
    );
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
  it('says at step 2 that the browser, not the page, keeps the credential of a cookie kind', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('cookie-jwt', { lifetimeSeconds: 300 }) });
    const { user } = renderApp({ route: ROUTES.login.path });
    const story = await openPanel(user, 'The story, step by step');

    await user.click(await screen.findByRole('radio', { name: 'JWT in an httpOnly cookie' }));
    await signInThroughForm(user);
    await screen.findByRole('heading', { name: 'Dashboard' });
    const status = within(story).getByRole('status');
    expect(status).toHaveTextContent("2. Token and flag — The browser keeps the cookie, out of the SPA's reach; the SPA raises the authenticated flag.");
    expect(status).not.toHaveTextContent('The SPA keeps the token');

    await user.click(screen.getByRole('button', { name: 'Español' }));
    const historia = await screen.findByRole('region', { name: 'La historia, paso a paso' });
    expect(within(historia).getByRole('status')).toHaveTextContent('El navegador guarda la cookie, fuera del alcance de la SPA');
  });
});
