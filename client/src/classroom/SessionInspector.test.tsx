import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeAccessToken, makeToken, meReply, refreshReply, sessionRow } from '../test/tokens';
import { ROUTES } from '../routes';
import { sessionEvents } from '../lib/sessionEvents';
import { freezeTime, openPanel } from './testing';

describe('the session inspector', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('shows the flag, where the token is stored, a live countdown and the three parts of the token', async () => {
    // The wall clock stands still, so the countdown reads exactly 60 s however long rendering takes.
    freezeTime();
    const token = makeToken({ sub: 'teacher', role: 'teacher', lifetimeSeconds: 60 });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: token });
    const inspector = await openPanel(user, 'Session inspector');

    expect(within(inspector).getByText('authenticated')).toBeInTheDocument();
    expect(within(inspector).getByText('sessionStorage["session-lab.token"]')).toBeInTheDocument();
    expect(within(inspector).getByText('in 60 s')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(10_000));
    expect(within(inspector).getByText('in 50 s')).toBeInTheDocument();

    const [header, payload, signature] = token.split('.');
    const raw = within(inspector).getByLabelText('The raw token');
    expect(raw).toHaveTextContent(`${header}.${payload}.${signature}`);

    const claims = within(inspector).getByRole('table', { name: 'Decoded payload (claims)' });
    const roleRow = within(claims).getByRole('row', { name: /role/ });
    expect(roleRow).toHaveTextContent('"teacher"');
    expect(roleRow).toHaveTextContent(/signature covers it/);
    expect(within(claims).getByRole('row', { name: /exp/ })).toHaveTextContent(/the server refuses the token/);
    expect(within(inspector).getByRole('table', { name: 'Decoded header' })).toHaveTextContent('"HS256"');
  });

  it('shows both lifetimes of a refresh session, the access token\'s and the sign-in\'s, and that the refresh token is out of reach', async () => {
    freezeTime();
    window.localStorage.setItem('session-lab.refresh-session', 'refresh');
    server = installFakeServer({
      'GET /api/auth/refresh': () => ({ status: 200, data: { csrfToken: 'csrf-refresh' } }),
      'POST /api/auth/refresh': () => refreshReply(makeAccessToken({ lifetimeSeconds: 60 }), { familySeconds: 1800 }),
      'GET /api/sessions': () => ({ status: 200, data: { sessions: [sessionRow({ kind: 'refresh', current: true })] } }),
    });
    const { user } = renderApp({ route: ROUTES.dashboard.path });
    await screen.findByRole('heading', { name: 'Dashboard' });
    const inspector = await openPanel(user, 'Session inspector');

    const access = within(inspector).getByText('Access token expires (exp)').parentElement!;
    expect(access).toHaveTextContent('in 60 s');
    const family = within(inspector).getByText('Refresh token: sign-in ends').parentElement!;
    expect(family).toHaveTextContent('in 1800 s');
    act(() => vi.advanceTimersByTime(10_000));
    expect(access).toHaveTextContent('in 50 s');
    expect(family).toHaveTextContent('in 1790 s');

    expect(within(inspector).getByText(/refresh token in the httpOnly cookie sl_refresh, sent only to \/api\/auth\/refresh/)).toBeInTheDocument();
    expect(within(inspector).getByText(/checked by its signature alone/)).toBeInTheDocument();
    expect(within(inspector).getByRole('table', { name: 'Decoded payload (claims)' })).toHaveTextContent('sid');
  });

  it("shows the same seconds as the dashboard at every moment, rounded up: 0.25 s left reads 1 s", async () => {
    freezeTime();
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 60 }) });
    const timeLeft = within((await screen.findByText('Time left')).parentElement!).getByRole('definition');
    // The panel opens a moment after the dashboard appeared, as it does in class, so any timer of its own would
    // tick out of step with the dashboard's.
    act(() => vi.advanceTimersByTime(130));
    const inspector = await openPanel(user, 'Session inspector');
    const expiry = within(inspector).getByText('Expiry (exp)').parentElement!;
    const bar = screen.getByRole('button', { name: 'Close the panel' }).parentElement!;

    const shown = () => {
      const dashboard = /^(\d+) s$/.exec(timeLeft.textContent ?? '')?.[1];
      const inspectorSeconds = /in (\d+) s/.exec(expiry.textContent ?? '')?.[1];
      const barSeconds = /exp in (\d+) s/.exec(bar.textContent ?? '')?.[1];
      return { dashboard, inspector: inspectorSeconds, bar: barSeconds };
    };
    expect(shown()).toEqual({ dashboard: '60', inspector: '60', bar: '60' });
    // Step through three seconds in small steps: the three countdowns change together, never a second apart.
    for (let step = 0; step < 60; step += 1) {
      act(() => vi.advanceTimersByTime(50));
      const { dashboard, inspector: inInspector, bar: inBar } = shown();
      expect(inInspector).toBe(dashboard);
      expect(inBar).toBe(dashboard);
    }
    // The screen moves every 250 ms; its last move, at 59.75 s, left 0.25 s: still "1 s", where rounding to the
    // nearest second would already say "0 s".
    act(() => vi.advanceTimersByTime(59_800 - 130 - 60 * 50));
    expect(shown()).toEqual({ dashboard: '1', inspector: '1', bar: '1' });
  });

  it('shows "not authenticated" and no token once signed out', async () => {
    const { user } = renderApp({ route: ROUTES.home.path });
    await user.click(screen.getByRole('button', { name: 'Inspector' }));
    const inspector = await screen.findByRole('region', { name: 'Session inspector' });

    expect(within(inspector).getByText('not authenticated')).toBeInTheDocument();
    expect(within(inspector).getByText(/No token/)).toBeInTheDocument();
  });
});

describe('the event timeline', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('lists each check with its trigger and result, including what the server verified, and can be cleared', async () => {
    server = installFakeServer({
      'GET /api/notes': () => ({ status: 200, headers: { 'x-session-lab-token-check': 'valid' }, data: { notes: [] } }),
    });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });
    await user.click(screen.getByRole('button', { name: 'Inspector' }));
    const timeline = await screen.findByRole('region', { name: 'Event timeline' });
    await user.click(within(timeline).getByRole('button', { name: 'Clear' }));
    expect(within(timeline).getByText(/No checks yet/)).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByText('No notes.');

    const items = within(within(timeline).getByRole('list')).getAllByRole('listitem');
    // Newest first: the server's answer, the interceptor's check, the route change.
    expect(items[0]).toHaveTextContent(/Server response.*accepted by the server.*server checked: valid.*\/api\/notes/);
    expect(items[1]).toHaveTextContent(/Request interceptor.*valid here.*\/api\/notes/);
    expect(items[2]).toHaveTextContent(/Route change.*valid here.*\/notes/);

    await user.click(within(timeline).getByRole('button', { name: 'Clear' }));
    expect(within(timeline).queryByRole('list')).not.toBeInTheDocument();
  });
});

describe('the event timeline and a shifted demo clock', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  beforeEach(() => sessionEvents.clear());
  afterEach(() => server?.restore());

  const time = (at: number) => new Date(at).toLocaleTimeString('en');

  it('stamps each check with the real time, newest first, and shows the shifted clock the check used beside it', async () => {
    freezeTime();
    const start = Date.now();
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 3600 }) });
    const timeline = await openPanel(user, 'Event timeline');
    const controls = screen.getByRole('region', { name: 'Demo controls' });

    act(() => vi.advanceTimersByTime(1000));
    await user.click(within(controls).getByRole('button', { name: '−5 min' }));
    await user.click(screen.getByRole('link', { name: 'Home' }));

    const [latest, first] = within(within(timeline).getByRole('list')).getAllByRole('listitem');
    // The later check comes first and shows the later real time, although its clock read five minutes earlier.
    expect(latest).toHaveTextContent(`${time(start + 1000)}browser clock: ${time(start + 1000 - 5 * 60_000)}Route change`);
    expect(first).toHaveTextContent(`${time(start)}Page load`);
    expect(first).not.toHaveTextContent('browser clock');
  });

  it('speaks Spanish throughout, including what the server said it verified', async () => {
    server = installFakeServer({
      'GET /api/notes': () => ({ status: 200, headers: { 'x-session-lab-token-check': 'valid' }, data: { notes: [] } }),
    });
    const { user } = renderApp({ route: ROUTES.notes.path, storedToken: makeToken() });
    await screen.findByText('No notes.');
    await user.click(screen.getByRole('button', { name: 'Español' }));
    const timeline = await openPanel(user, 'Línea de tiempo');

    const [answer] = within(within(timeline).getByRole('list')).getAllByRole('listitem');
    expect(answer).toHaveTextContent('Respuesta del servidoraceptado por el servidorel servidor comprobó: válido');
    expect(answer).not.toHaveTextContent(/\bvalid\b/);
  });
});

describe('the inspector and the timeline for the cookie kinds', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => {
    server?.restore();
    document.cookie = 'theme=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    document.cookie = 'sl_session=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  const cookieSession = (kind: 'cookie-jwt' | 'session' | 'hybrid', extra: Parameters<typeof installFakeServer>[0] = {}) =>
    installFakeServer({
      'GET /api/me': () => meReply(kind),
      'GET /api/auth/csrf': () => ({ status: 200, data: { csrfToken: 'csrf-abc' } }),
      ...extra,
    });

  it('says where a cookie credential lives and proves, live, that document.cookie does not contain it', async () => {
    freezeTime();
    server = cookieSession('cookie-jwt');
    document.cookie = 'theme=dark';
    const { user } = renderApp({ route: ROUTES.dashboard.path, cookieSession: 'cookie-jwt' });
    await screen.findByRole('heading', { name: 'Dashboard' });
    const inspector = await openPanel(user, 'Session inspector');

    expect(inspector).toHaveTextContent('an httpOnly cookie, sl_jwt (sent by the browser to /api)');
    expect(inspector).toHaveTextContent(/Page scripts can read\s*nothing of the credential/);
    expect(within(inspector).getByText('csrf-abc')).toBeInTheDocument();
    expect(within(inspector).queryByLabelText('The raw token')).not.toBeInTheDocument();
    const proof = within(inspector).getByRole('region', { name: 'Live proof: what page scripts see' });
    expect(proof).toHaveTextContent('theme=dark');
    expect(proof).toHaveTextContent('It does not contain sl_jwt.');

    // Were the credential's cookie readable (not httpOnly), the same proof would say so on its next tick.
    document.cookie = 'sl_jwt=readable';
    act(() => vi.advanceTimersByTime(250));
    expect(proof).toHaveTextContent('It contains sl_jwt!');
    document.cookie = 'sl_jwt=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it("shows the server's row for a table-kind session: the one GET /api/sessions marks as this one", async () => {
    server = cookieSession('session', {
      'GET /api/sessions': () => ({
        status: 200,
        data: { sessions: [sessionRow({ id: 'otherAAAAAAAAAAAAAAAAA' }), sessionRow({ id: 'mineBBBBBBBBBBBBBBBBBB', ip: '192.0.2.4', current: true })] },
      }),
    });
    const { user } = renderApp({ route: ROUTES.dashboard.path, cookieSession: 'session' });
    await screen.findByRole('heading', { name: 'Dashboard' });
    const inspector = await openPanel(user, 'Session inspector');

    const row = within(inspector).getByRole('region', { name: "The server's row for this session" });
    expect(await within(row).findByText('mineBBBBBBBBBBBBBBBBBB')).toBeInTheDocument();
    expect(row).toHaveTextContent('192.0.2.4');
    expect(row).not.toHaveTextContent('otherAAAAAAAAAAAAAAAAA');
  });

  it('shows in every timeline entry the kind and what the server did for the request', async () => {
    server = cookieSession('hybrid', {
      'GET /api/notes': () => ({
        status: 200,
        headers: { 'server-timing': 'sl-kind;desc=hybrid, sl-signature;desc=remembered;dur=0.001, sl-store-read;dur=0.021, sl-outcome;desc=valid' },
        data: { notes: [] },
      }),
    });
    const { user } = renderApp({ route: ROUTES.notes.path, cookieSession: 'hybrid' });
    await screen.findByText('No notes.');
    const timeline = await openPanel(user, 'Event timeline');

    const items = within(within(timeline).getByRole('list')).getAllByRole('listitem');
    // Opening the inspector asked for this session's row too; the notes request is the one to look at here.
    const [answer, check] = items.filter((item) => item.textContent?.includes('/api/notes'));
    expect(answer).toHaveTextContent('hybrid (JWT + session table)');
    expect(answer).toHaveTextContent('server did: signature verdict remembered · session table read (0.021 ms) · verdict: accepted');
    expect(check).toHaveTextContent(/Request interceptor.*valid here.*hybrid/);
    // The reload's question to the server is there too, at the start of the story.
    expect(items.at(-1)).toHaveTextContent(/Page load.*this page cannot see a cookie session: asking the server.*\/api\/me/);
  });

  it("says what the instance's lookup cache did without naming a store, in both languages", async () => {
    // What a SQLite server (pnpm start's default) answers: a miss the first time, then a hit. The header names no
    // store, so neither may the timeline.
    let asked = 0;
    server = cookieSession('session', {
      'GET /api/notes': () => {
        asked += 1;
        const cache = asked === 1 ? 'sl-cache;desc=miss;dur=0.003, sl-store-read;dur=0.041' : 'sl-cache;desc=hit;dur=0.002';
        return { status: 200, headers: { 'server-timing': `sl-kind;desc=session, ${cache}, sl-outcome;desc=valid` }, data: { notes: [] } };
      },
    });
    const { user } = renderApp({ route: ROUTES.notes.path, cookieSession: 'session' });
    await screen.findByText('No notes.');
    await user.click(screen.getByRole('button', { name: 'Ask for the notes again' }));
    await waitFor(() => expect(asked).toBe(2));
    const timeline = await openPanel(user, 'Event timeline');

    // The notes' answers only (opening the inspector asks for this session's row too), newest first.
    const answers = (list: HTMLElement) =>
      within(list)
        .getAllByRole('listitem')
        .filter((item) => item.textContent?.includes('/api/notes'))
        .flatMap((item) => within(item).queryAllByText(/^(server did|el servidor hizo):/));
    const [hit, miss] = answers(within(timeline).getByRole('list'));
    expect(hit).toHaveTextContent("server did: answered from this instance's cache, without reading the session table · verdict: accepted");
    expect(miss).toHaveTextContent("server did: not in this instance's cache · session table read (0.041 ms) · verdict: accepted");
    expect(timeline).not.toHaveTextContent(/Redis|SQLite/);

    await user.click(screen.getByRole('button', { name: 'Español' }));
    const linea = await screen.findByRole('region', { name: 'Línea de tiempo' });
    // The page asked for the notes again in Spanish: one more hit, newest first; the miss stays the oldest.
    const respuestas = answers(within(linea).getByRole('list'));
    expect(respuestas[0]).toHaveTextContent('el servidor hizo: respondido desde la caché de esta instancia, sin leer la tabla de sesiones · veredicto: aceptada');
    expect(respuestas.at(-1)).toHaveTextContent('el servidor hizo: no estaba en la caché de esta instancia · lectura de la tabla de sesiones (0.041 ms)');
    expect(linea).not.toHaveTextContent(/Redis|SQLite/);
  });

  it('disables the token controls for a cookie session and says why; "Expire now" still works on its expiresAt', async () => {
    server = cookieSession('session');
    const { user } = renderApp({ route: ROUTES.dashboard.path, cookieSession: 'session' });
    await screen.findByRole('heading', { name: 'Dashboard' });
    const controls = await openPanel(user, 'Demo controls');

    expect(within(controls).getByRole('button', { name: 'Tamper with the token' })).toBeDisabled();
    expect(within(controls).getByRole('button', { name: 'Forge a later expiry' })).toBeDisabled();
    expect(controls).toHaveTextContent(/Not for a cookie session: this page cannot reach its credential/);

    await user.click(within(controls).getByRole('button', { name: 'Expire now' }));
    await user.click(screen.getByRole('link', { name: 'Notes' }));
    expect(await screen.findByRole('alertdialog', { name: 'Your session has expired' })).toHaveTextContent(/on a page change/);
  });
});
