import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserEvent } from '@testing-library/user-event';
import { COOKIE_KINDS, type CookieKind } from '@session-lab/shared';
import { api } from '../lib/api';
import { sessionEvents } from '../lib/sessionEvents';
import { TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { cookieLoginReply, loginReply, makeToken, meReply } from '../test/tokens';
import { ROUTES } from '../routes';
import { COOKIE_SESSION_HINT_KEY } from './kinds/cookie';

const KIND_LABELS: Record<CookieKind, string> = {
  'cookie-jwt': 'JWT in an httpOnly cookie',
  session: 'server-side session',
  hybrid: 'hybrid (JWT + session table)',
};

const notes = () => ({ status: 200, data: { notes: [] } });
const revoked = () => ({
  status: 401,
  headers: { 'server-timing': 'sl-kind;desc=session, sl-store-read;dur=0.03, sl-outcome;desc=revoked' },
  data: { statusCode: 401, code: 'SESSION_REVOKED', message: 'Revoked.' },
});

async function signInAs(user: UserEvent, kindLabel: string) {
  await user.click(await screen.findByRole('radio', { name: kindLabel }));
  await user.type(screen.getByLabelText('Username'), 'student');
  await user.type(screen.getByLabelText('Password'), 'student123');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('a cookie session on the client', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it.each(COOKIE_KINDS)('raises the flag for %s from the server answer alone, keeps no credential and sends no Authorization header', async (kind) => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply(kind), 'GET /api/notes': notes });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, KIND_LABELS[kind]);

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(screen.getByText(KIND_LABELS[kind])).toBeInTheDocument();
    expect(server.requests[0]?.body).toMatchObject({ kind });
    // Nothing that could be replayed is stored: only a note saying which kind to ask the server about.
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(window.localStorage.getItem(COOKIE_SESSION_HINT_KEY)).toBe(kind);

    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');
    expect(server.requests.at(-1)).toMatchObject({ url: '/api/notes', authorization: undefined });
  });

  it('sends the CSRF token from the sign-in answer with state-changing requests, and never with reads', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => cookieLoginReply('session', { csrfToken: 'from-sign-in' }),
      'GET /api/sessions': () => ({ status: 200, data: { sessions: [] } }),
      'DELETE /api/sessions': () => ({ status: 200, data: { revoked: 0 } }),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, 'server-side session');
    await screen.findByRole('heading', { name: 'Dashboard' });

    await act(async () => {
      await api.get('/api/sessions');
      await api.delete('/api/sessions');
    });
    expect(server.requests.find((request) => request.method === 'GET')?.csrf).toBeUndefined();
    expect(server.requests.find((request) => request.method === 'DELETE')?.csrf).toBe('from-sign-in');
  });

  it('ends on a route change once the expiresAt the server gave has passed, without asking the server', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('hybrid', { lifetimeSeconds: 15 }) });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signInAs(user, 'hybrid (JWT + session table)');
    await screen.findByRole('heading', { name: 'Dashboard' });
    const sent = server.requests.length;

    act(() => vi.advanceTimersByTime(16_000));
    // The flag waits for a check, exactly as it does for a bearer token.
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Your session has expired' });
    expect(dialog).toHaveTextContent(/on a page change/);
    // No request went out for the page: only the sign-out that ends the session on the server as well.
    expect(server.requests.slice(sent).map((request) => `${request.method} ${request.url}`)).toEqual(['POST /api/auth/logout']);
    expect(window.localStorage.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull();
  });

  it('asks the server to end a cookie session the browser found expired, with its CSRF token, and says so in the popup', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => cookieLoginReply('session', { lifetimeSeconds: 15, csrfToken: 'csrf-of-this-session' }),
      'POST /api/auth/logout': () => ({ status: 204, headers: { 'server-timing': 'sl-kind;desc=session, sl-store-read;dur=0.02, sl-outcome;desc=session-expired' } }),
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signInAs(user, 'server-side session');
    await screen.findByRole('heading', { name: 'Dashboard' });

    act(() => vi.advanceTimersByTime(16_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Your session has expired' });
    expect(dialog).toHaveTextContent(/asked the server to end it as well/);
    expect(dialog).not.toHaveTextContent(/was not sent to the server again/);
    const logout = server.requests.find((request) => request.url === '/api/auth/logout');
    expect(logout?.csrf).toBe('csrf-of-this-session');
  });

  it('after a reload asks the server who it is (and for a fresh CSRF token) and stays signed in; the timeline shows the question', async () => {
    server = installFakeServer({
      'GET /api/me': () => meReply('session'),
      'GET /api/auth/csrf': () => ({ status: 200, data: { csrfToken: 'after-reload' } }),
      'DELETE /api/sessions': () => ({ status: 200, data: { revoked: 0 } }),
    });
    renderApp({ route: ROUTES.dashboard.path, cookieSession: 'session' });

    // Until the server answers, the page does not know, and says so instead of sending the user away.
    expect(screen.getByRole('status')).toHaveTextContent('Asking the server whether your session is still alive');
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByText('server-side session')).toBeInTheDocument();
    expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /api/me', 'GET /api/auth/csrf']);

    const history = sessionEvents.history();
    expect(history).toContainEqual(expect.objectContaining({ trigger: 'page-load', result: 'asking-server', kind: 'session', target: '/api/me' }));
    expect(history).toContainEqual(
      expect.objectContaining({ trigger: 'server-response', result: 'valid', target: '/api/me', server: expect.objectContaining({ storeReadMs: 0.02 }) }),
    );

    await act(async () => {
      await api.delete('/api/sessions');
    });
    expect(server.requests.at(-1)?.csrf).toBe('after-reload');
  });

  it('after a reload, a session revoked meanwhile ends with the popup saying the server ended it', async () => {
    server = installFakeServer({ 'GET /api/me': revoked });
    renderApp({ route: ROUTES.notes.path, cookieSession: 'session' });

    const dialog = await screen.findByRole('alertdialog', { name: 'The server ended your session' });
    expect(dialog).toHaveTextContent('(SESSION_REVOKED)');
    expect(dialog).toHaveTextContent('It did not expire');
    expect(screen.getByText('After signing in you will go back to /notes.')).toBeInTheDocument();
    expect(window.localStorage.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull();
  });

  it('after a reload, a cookie the browser has already dropped simply starts the page signed out', async () => {
    server = installFakeServer({
      'GET /api/me': () => ({ status: 401, data: { statusCode: 401, code: 'TOKEN_MISSING', message: 'No session.' } }),
    });
    renderApp({ route: ROUTES.dashboard.path, cookieSession: 'cookie-jwt' });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('keeps an active server-side session alive past its first deadline, because every answer says how far it slid', async () => {
    // The server slides the idle deadline on every request and reports the new one in Server-Timing.
    const slid = () => ({
      status: 200,
      headers: { 'server-timing': `sl-kind;desc=session, sl-store-read;dur=0.02, sl-outcome;desc=valid, sl-expires;desc=${Date.now() + 15_000}` },
      data: { notes: [] },
    });
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('session', { lifetimeSeconds: 15 }), 'GET /api/notes': slid });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signInAs(user, 'server-side session');
    await screen.findByRole('heading', { name: 'Dashboard' });

    for (let step = 0; step < 3; step += 1) {
      act(() => vi.advanceTimersByTime(10_000));
      await user.click(screen.getByRole('link', { name: 'Notes' }));
      await screen.findByText('No notes.');
      await user.click(screen.getByRole('link', { name: 'Dashboard' }));
    }
    // Thirty seconds after a 15-second deadline, and still signed in: each answer pushed the deadline on.
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(16_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));
    expect(await screen.findByRole('alertdialog', { name: 'Your session has expired' })).toBeInTheDocument();
  });

  it('says the browser no longer sent the cookie when the server answers TOKEN_MISSING to a cookie session', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => cookieLoginReply('cookie-jwt'),
      'GET /api/notes': () => ({ status: 401, data: { statusCode: 401, code: 'TOKEN_MISSING', message: 'No credential.' } }),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, 'JWT in an httpOnly cookie');
    await screen.findByRole('heading', { name: 'Dashboard' });
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'The server received no session cookie' });
    expect(dialog).toHaveTextContent('(TOKEN_MISSING)');
    expect(dialog).not.toHaveTextContent(/not a token the server issued/);
  });

  it('names a revocation for what it is when a request is refused with SESSION_REVOKED', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('session'), 'GET /api/notes': revoked });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, 'server-side session');
    await screen.findByRole('heading', { name: 'Dashboard' });
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'The server ended your session' });
    expect(dialog).toHaveTextContent(/ended on the server, by a teacher or by you signing out somewhere else/);
    expect(dialog).not.toHaveTextContent(/has expired/);
    expect(sessionEvents.history()[0]).toMatchObject({ result: 'refused-by-server', code: 'SESSION_REVOKED', kind: 'session' });
  });
});

describe('signing out, for every kind', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('tells the server about a bearer token too, which has nothing to revoke, and says so in the timeline', async () => {
    const token = makeToken();
    server = installFakeServer({
      'POST /api/auth/logout': () => ({ status: 204, headers: { 'server-timing': 'sl-kind;desc=bearer, sl-signature;desc=verified;dur=0.05, sl-outcome;desc=valid' } }),
    });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: token });
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    await vi.waitFor(() => expect(sessionEvents.history()[0]).toMatchObject({ result: 'sign-out-answered', kind: 'bearer' }));
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/auth/logout', authorization: `Bearer ${token}` });
    // No body at all: a null one goes out labelled as a form, and the API answers 415 to anything but JSON.
    expect(server.requests.at(-1)?.body).toBeUndefined();
  });

  it('sends a cookie session\'s CSRF token with the sign-out, and forgets the session here even when the call fails', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('hybrid', { csrfToken: 'csrf-for-logout' }), 'POST /api/auth/logout': () => 'network-error' });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, 'hybrid (JWT + session table)');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.localStorage.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull();
    await vi.waitFor(() => expect(sessionEvents.history()[0]).toMatchObject({ result: 'sign-out-failed', kind: 'hybrid' }));
    expect(server.requests.at(-1)).toMatchObject({ url: '/api/auth/logout', csrf: 'csrf-for-logout' });
  });
});

describe('the login form and the kinds', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('describes where each kind keeps its credential, and remembers the chosen kind across an expiry and a reload', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => cookieLoginReply('cookie-jwt', { lifetimeSeconds: 15 }) });
    const { user, unmount } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    const group = await screen.findByRole('group', { name: 'Kind of session' });
    expect(within(group).getAllByRole('radio')).toHaveLength(5);
    expect(within(group).getByRole('radio', { name: 'token in the browser (bearer)' })).toBeChecked();
    expect(within(group).getByRole('radio', { name: 'JWT in an httpOnly cookie' })).toHaveAccessibleDescription(/Page scripts cannot read it/);

    await signInAs(user, 'JWT in an httpOnly cookie');
    await screen.findByRole('heading', { name: 'Dashboard' });
    act(() => vi.advanceTimersByTime(16_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByRole('alertdialog');
    expect(screen.getByRole('radio', { name: 'JWT in an httpOnly cookie' })).toBeChecked();

    unmount();
    renderApp({ route: ROUTES.login.path });
    expect(screen.getByRole('radio', { name: 'JWT in an httpOnly cookie' })).toBeChecked();
  });

  it('forgets the note of an earlier cookie session when a bearer sign-in replaces it, so a reload does not ask about it', async () => {
    window.localStorage.setItem(COOKIE_SESSION_HINT_KEY, 'session');
    server = installFakeServer({
      'GET /api/me': () => ({ status: 401, data: { statusCode: 401, code: 'TOKEN_MISSING', message: 'No session.' } }),
      'POST /api/auth/login': () => loginReply(makeToken()),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signInAs(user, 'token in the browser (bearer)');
    await screen.findByRole('heading', { name: 'Dashboard' });

    expect(window.localStorage.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).not.toBeNull();
  });
});
