import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserEvent } from '@testing-library/user-event';
import { api } from '../lib/api';
import { sessionEvents } from '../lib/sessionEvents';
import { TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { installFakeServer, type FakeReply } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeAccessToken, refreshLoginReply, refreshReply } from '../test/tokens';
import { ROUTES } from '../routes';
import { REFRESH_SESSION_HINT_KEY } from './kinds/refresh';
import { REFRESH_LOCK_NAME } from './useSilentRefresh';

const KIND_LABEL = 'short access token + refresh token (refresh)';
const notes = () => ({ status: 200, data: { language: 'en', notes: [] } });
const refused = (code: string, status = 401): FakeReply => ({
  status,
  headers: { 'server-timing': `sl-kind;desc=refresh, sl-store-read;dur=0.02, sl-outcome;desc=${code === 'REFRESH_TOKEN_REUSED' ? 'reused' : 'revoked'}` },
  data: { statusCode: status, code, message: 'Refused.' },
});

async function signIn(user: UserEvent) {
  await user.click(await screen.findByRole('radio', { name: KIND_LABEL }));
  await user.type(screen.getByLabelText('Username'), 'student');
  await user.type(screen.getByLabelText('Password'), 'student123');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { name: 'Dashboard' });
}

/** A reply the test releases when it chooses, so requests can pile up while a refresh is under way. */
function held<T>() {
  let release: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (release = resolve));
  return { promise, release };
}

describe('the refresh kind on the client', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('keeps the access token in memory only, with a note that a refresh sign-in exists', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()) });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signIn(user);
    expect(server.requests[0]?.body).toMatchObject({ kind: 'refresh' });
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(window.localStorage.getItem(REFRESH_SESSION_HINT_KEY)).toBe('refresh');
  });

  it('sends ten requests that find the access token expired after ONE refresh, all with the new token, without leaving the page', async () => {
    const renewed = makeAccessToken({ lifetimeSeconds: 120, jti: 'renewed' });
    const answer = held<FakeReply>();
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken({ lifetimeSeconds: 60 })),
      'POST /api/auth/refresh': () => answer.promise,
      'GET /api/notes': notes,
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));

    let settled: PromiseSettledResult<unknown>[] = [];
    await act(async () => {
      const ten = Promise.allSettled(Array.from({ length: 10 }, () => api.get('/api/notes')));
      // All ten wait on the same refresh; the server has not answered it yet.
      await vi.advanceTimersByTimeAsync(10);
      expect(server!.requests.filter((r) => r.url === '/api/auth/refresh')).toHaveLength(1);
      expect(server!.requests.filter((r) => r.url === '/api/notes')).toHaveLength(0);
      answer.release(refreshReply(renewed));
      settled = await ten;
    });

    expect(settled.every((result) => result.status === 'fulfilled')).toBe(true);
    const sent = server.requests.filter((r) => r.url === '/api/notes');
    expect(sent).toHaveLength(10);
    expect(sent.every((r) => r.authorization === `Bearer ${renewed}`)).toBe(true);
    // The refresh carried the CSRF token of the sign-in and no access token.
    expect(server.requests.find((r) => r.url === '/api/auth/refresh')).toMatchObject({ csrf: 'csrf-refresh', authorization: undefined });
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(sessionEvents.history().filter((event) => event.result === 'refreshed')).toHaveLength(1);
  });

  it('renews silently when the server answers TOKEN_EXPIRED, and sends the request once more with the new token', async () => {
    const first = makeAccessToken({ jti: 'first' });
    const renewed = makeAccessToken({ jti: 'renewed' });
    let notesCalls = 0;
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(first),
      'POST /api/auth/refresh': () => refreshReply(renewed),
      // The server's clock is ahead of ours: it says the token has expired, ours does not think so yet.
      'GET /api/notes': () => (notesCalls++ === 0 ? refused('TOKEN_EXPIRED') : notes()),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signIn(user);
    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');

    const sent = server.requests.filter((r) => r.url === '/api/notes').map((r) => r.authorization);
    expect(sent).toEqual([`Bearer ${first}`, `Bearer ${renewed}`]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('renews silently on a page change after the access token expired, and the page stays', async () => {
    const renewed = makeAccessToken({ lifetimeSeconds: 120, jti: 'renewed' });
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
      'POST /api/auth/refresh': () => refreshReply(renewed),
      'GET /api/notes': notes,
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');
    expect(server.requests.filter((r) => r.url === '/api/auth/refresh')).toHaveLength(1);
    expect(server.requests.find((r) => r.url === '/api/notes')?.authorization).toBe(`Bearer ${renewed}`);
  });

  it('ends the session with the popup saying the refresh token was reused when the server refuses the refresh', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
      'POST /api/auth/refresh': () => refused('REFRESH_TOKEN_REUSED'),
      'GET /api/notes': notes,
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Your refresh token was used twice' });
    expect(dialog).toHaveAccessibleDescription(/someone had a copy/);
    expect(within(dialog).getByText(/REFRESH_TOKEN_REUSED/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    // The notes were never asked for with the dead access token.
    expect(server.requests.filter((r) => r.url === '/api/notes')).toHaveLength(0);
    expect(window.localStorage.getItem(REFRESH_SESSION_HINT_KEY)).toBeNull();
  });

  it('says the sign-in was ended on the server when a revoked family refuses the refresh', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
      'POST /api/auth/refresh': () => refused('SESSION_REVOKED'),
      'GET /api/notes': notes,
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));
    await act(async () => {
      await api.get('/api/notes').catch(() => undefined);
    });
    const dialog = await screen.findByRole('alertdialog', { name: 'Your session could not be renewed' });
    expect(dialog).toHaveAccessibleDescription(/ended on the server/);
  });

  it('keeps the session when the refresh could not reach the server, and tries again with the next request', async () => {
    let attempts = 0;
    const renewed = makeAccessToken({ lifetimeSeconds: 120, jti: 'renewed' });
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
      'POST /api/auth/refresh': () => (attempts++ === 0 ? 'network-error' : refreshReply(renewed)),
      'GET /api/notes': notes,
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));
    await act(async () => {
      await expect(api.get('/api/notes')).rejects.toThrow(/not sent/);
      await api.get('/api/notes');
    });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(server.requests.filter((r) => r.url === '/api/notes').map((r) => r.authorization)).toEqual([`Bearer ${renewed}`]);
  });

  it('signs out with DELETE /api/auth/refresh, carrying the CSRF token, even after the access token expired', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
      'DELETE /api/auth/refresh': () => ({ status: 204 }),
    });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await signIn(user);
    act(() => vi.advanceTimersByTime(61_000));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/auth/refresh', csrf: 'csrf-refresh', authorization: undefined });
    expect(window.localStorage.getItem(REFRESH_SESSION_HINT_KEY)).toBeNull();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('gets a reloaded page an access token of its own from the refresh cookie: CSRF token first, then one refresh', async () => {
    window.localStorage.setItem(REFRESH_SESSION_HINT_KEY, 'refresh');
    const renewed = makeAccessToken({ jti: 'after-reload' });
    server = installFakeServer({
      'GET /api/auth/refresh': () => ({ status: 200, data: { csrfToken: 'csrf-after-reload' } }),
      'POST /api/auth/refresh': () => refreshReply(renewed),
    });
    renderApp({ route: ROUTES.dashboard.path });
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/auth/refresh', 'POST /api/auth/refresh']);
    expect(server.requests[1]).toMatchObject({ csrf: 'csrf-after-reload' });
  });

  it('spends the refresh token only while holding the Web Lock every tab takes', async () => {
    const taken: string[] = [];
    let holding = false;
    const sentWhileHolding: boolean[] = [];
    Object.defineProperty(navigator, 'locks', {
      configurable: true,
      value: {
        request: async (name: string, work: () => Promise<unknown>) => {
          taken.push(name);
          holding = true;
          try {
            return await work();
          } finally {
            holding = false;
          }
        },
      },
    });
    try {
      server = installFakeServer({
        'POST /api/auth/login': () => refreshLoginReply(makeAccessToken()),
        'POST /api/auth/refresh': () => {
          sentWhileHolding.push(holding);
          return refreshReply(makeAccessToken({ lifetimeSeconds: 120, jti: 'renewed' }));
        },
        'GET /api/notes': notes,
      });
      const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
      await signIn(user);
      act(() => vi.advanceTimersByTime(61_000));
      await act(async () => {
        await api.get('/api/notes');
      });
      expect(taken).toEqual([REFRESH_LOCK_NAME]);
      expect(sentWhileHolding).toEqual([true]);
    } finally {
      Reflect.deleteProperty(navigator, 'locks');
    }
  });
});
