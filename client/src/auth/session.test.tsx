import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, SessionExpiredError } from '../lib/api';
import { sessionEvents } from '../lib/sessionEvents';
import { TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

const refused = (code: 'TOKEN_EXPIRED' | 'TOKEN_INVALID') => () => ({
  status: 401,
  headers: { 'www-authenticate': 'Bearer error="invalid_token"', 'x-session-lab-token-check': code === 'TOKEN_EXPIRED' ? 'expired' : 'invalid' },
  data: { statusCode: 401, code, message: 'Refused.' },
});

const notes = () => ({
  status: 200,
  headers: { 'x-session-lab-token-check': 'valid' },
  data: { notes: [{ id: 'n1', title: 'Tokens are signed, not encrypted', body: 'Anyone can read the payload.', audience: 'everyone' }] },
});

describe('the client-side session', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('survives a reload: a token left in sessionStorage signs the user straight back in', async () => {
    server = installFakeServer({});
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ sub: 'student' }) });

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
  });

  it('shows the expired popup and lands on the login page when the token lapses before a route change', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 15 })) });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();

    // Time passes; nothing happens yet, because nothing has checked: the flag is still "authenticated".
    act(() => vi.advanceTimersByTime(16_000));
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Your session has expired' });
    expect(dialog).toHaveTextContent(/on a page change/);
    expect(within(dialog).getByRole('button', { name: 'OK' })).toHaveFocus();
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    // No request was made for the notes: the route check stopped the expired session before the page loaded.
    expect(server.requests).toHaveLength(0);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    // Signing in again returns to the page the user had asked for when the session ran out.
    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Notes' })).toBeInTheDocument();
  });

  it('never sends an expired token: the request interceptor holds the request back and ends the session', async () => {
    server = installFakeServer({ 'GET /api/notes': notes });
    const { user } = renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    expect(await screen.findByText('Tokens are signed, not encrypted')).toBeInTheDocument();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.authorization).toMatch(/^Bearer /);

    act(() => vi.advanceTimersByTime(16_000));
    await user.click(screen.getByRole('button', { name: 'Ask for the notes again' }));

    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent(/before sending a request/);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a request with an expired token with a clear error instead of sending it', async () => {
    server = installFakeServer({ 'GET /api/me': notes });
    renderApp({ route: ROUTES.home.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    act(() => vi.advanceTimersByTime(16_000));

    let failure: unknown;
    await act(async () => {
      failure = await api.get('/api/me').catch((error: unknown) => error);
    });
    expect(failure).toBeInstanceOf(SessionExpiredError);
    expect(server.requests).toHaveLength(0);
  });

  it('ends the session when the server refuses the token, even though the browser thought it valid', async () => {
    server = installFakeServer({ 'GET /api/notes': refused('TOKEN_INVALID') });
    renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });

    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('The server refused the token (TOKEN_INVALID)');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('shows exactly one popup and ends the session once when three requests are refused together', async () => {
    server = installFakeServer({ 'GET /api/notes': notes, 'GET /api/me': refused('TOKEN_EXPIRED') });
    renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    expect(await screen.findByText('Tokens are signed, not encrypted')).toBeInTheDocument();

    sessionEvents.clear();
    await act(async () => {
      await Promise.allSettled([api.get('/api/me'), api.get('/api/me'), api.get('/api/me')]);
    });
    const events = sessionEvents.history();

    expect(screen.getAllByRole('alertdialog')).toHaveLength(1);
    expect(screen.getByRole('alertdialog')).toHaveTextContent('TOKEN_EXPIRED');
    expect(events.filter((event) => event.result === 'refused-by-server')).toHaveLength(1);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('keeps the user signed in and shows an error when the server cannot be reached or fails', async () => {
    let reply: 'network-error' | { status: number; data: unknown } = 'network-error';
    server = installFakeServer({ 'GET /api/notes': () => reply });
    const { user } = renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });

    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot be reached. You are still signed in/);
    reply = { status: 500, data: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error.' } };
    await user.click(screen.getByRole('button', { name: 'Ask for the notes again' }));

    expect(await screen.findByText(/the server failed \(INTERNAL_ERROR\)/)).toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('forgets the token and goes home on sign out', async () => {
    server = installFakeServer({});
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByRole('heading', { name: /watch a client-side session/i })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    // The protected pages are closed again.
    await user.click(screen.getByRole('link', { name: 'Dashboard' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});
