import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { clock } from '../lib/clock';
import { demoSettings } from '../lib/demoSettings';
import { ROUTES } from '../routes';
import { freezeTime, openPanel, signInThroughForm } from './testing';

/** A stand-in server that, like the real one, accepts only the exact token it issued. */
function serverThatAccepts(issued: string) {
  return installFakeServer({
    'GET /api/notes': (request) =>
      request.headers.get('Authorization') === `Bearer ${issued}`
        ? { status: 200, headers: { 'x-session-lab-token-check': 'valid' }, data: { notes: [] } }
        : {
            status: 401,
            headers: { 'x-session-lab-token-check': 'invalid' },
            data: { statusCode: 401, code: 'TOKEN_INVALID', message: 'The token is invalid.' },
          },
  });
}

async function openControls(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'Inspector' }));
  return screen.findByRole('region', { name: 'Demo controls' });
}

describe('the demo controls', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => {
    server?.restore();
    demoSettings.set({ proactiveChecks: false });
  });

  it('tampering with the role fools the page but not the server, whose refusal ends the session', async () => {
    const issued = makeToken({ sub: 'student', role: 'student', lifetimeSeconds: 300 });
    server = serverThatAccepts(issued);
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: issued });
    // The dashboard and the panel are chunks of their own, and either may arrive first.
    const facts = (await screen.findByRole('heading', { name: 'Dashboard' })).closest('section')!;
    const controls = await openControls(user);
    expect(within(facts).queryByText('teacher')).not.toBeInTheDocument();

    await user.click(within(controls).getByRole('button', { name: 'Tamper with the token' }));
    // The browser has no key, so it cannot tell: the dashboard now shows the forged role.
    expect(within(facts).getByText('teacher')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('The server refused the token (TOKEN_INVALID)');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.authorization).not.toBe(`Bearer ${issued}`);
  });

  it('a forged later expiry passes every client check, and the server still refuses the token', async () => {
    const issued = makeToken({ lifetimeSeconds: 15 });
    server = serverThatAccepts(issued);
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: issued, fakeTimers: true });
    const controls = await openControls(user);

    await user.click(within(controls).getByRole('button', { name: 'Forge a later expiry' }));
    act(() => vi.advanceTimersByTime(20_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    // The route check and the request interceptor both let it through: the request did leave the browser...
    const dialog = await screen.findByRole('alertdialog');
    expect(server.requests).toHaveLength(1);
    // ...and the server, which verifies the signature, refused it.
    expect(dialog).toHaveTextContent('TOKEN_INVALID');
  });

  it('"Expire now" moves the browser clock past exp, and nothing happens until the next check', async () => {
    server = installFakeServer({});
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    const controls = await openControls(user);

    await user.click(within(controls).getByRole('button', { name: 'Expire now' }));
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(screen.getByText(/the flag still says "authenticated"/)).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Home' }));
    expect(await screen.findByRole('alertdialog')).toHaveTextContent(/on a page change/);
  });

  it('shifting the browser clock five minutes ahead expires a one-minute token at the next check', async () => {
    server = installFakeServer({});
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 60 }) });
    const controls = await openControls(user);

    await user.click(within(controls).getByRole('button', { name: '+5 min' }));
    expect(screen.getByRole('region', { name: 'Session inspector' })).toHaveTextContent('shifted by +5 min');
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    expect(await screen.findByRole('alertdialog')).toBeInTheDocument();
    expect(server.requests).toHaveLength(0);
  });

  it('with proactive checks on, a timer ends the session at exp without any user action', async () => {
    server = installFakeServer({});
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    const controls = await openControls(user);
    await user.click(within(controls).getByRole('switch', { name: /proactive checks/i }));

    act(() => vi.advanceTimersByTime(15_100));

    expect(await screen.findByRole('alertdialog')).toHaveTextContent(/when its timer fired/);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('without proactive checks, an idle page keeps the flag up after exp', async () => {
    server = installFakeServer({});
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    await screen.findByRole('heading', { name: 'Dashboard' });

    act(() => vi.advanceTimersByTime(30_000));

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
  });

  it('with proactive checks on, a tab that becomes visible again checks at once', async () => {
    server = installFakeServer({});
    demoSettings.set({ proactiveChecks: true });
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    await screen.findByRole('heading', { name: 'Dashboard' });

    // A background tab's timers may be held back; the visibility check catches the expiry when it returns.
    vi.setSystemTime(Date.now() + 60_000);
    act(() => document.dispatchEvent(new Event('visibilitychange')));

    expect(await screen.findByRole('alertdialog')).toHaveTextContent(/when this tab became visible/);
  });

  it('"Expire now" ends only its own session: after the popup, the next sign-in lives its full five minutes', async () => {
    freezeTime();
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 300 })) });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    const controls = await openPanel(user, 'Demo controls');

    await user.click(within(controls).getByRole('button', { name: 'Expire now' }));
    // While the shift is in force it is announced above the page, not only inside the panel.
    const banner = screen.getByRole('region', { name: 'Demo clock' });
    expect(banner).toHaveTextContent('"Expire now" moved the browser clock +5 min 1 s');
    expect(banner).toHaveTextContent('returns to the real time at the next sign-in');

    await user.click(screen.getByRole('link', { name: 'Notes' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button'));
    await signInThroughForm(user);

    await screen.findByRole('heading', { name: 'Notes' });
    expect(screen.queryByRole('region', { name: 'Demo clock' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Session inspector' })).getByText('in 300 s')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(299_000));
    await user.click(screen.getByRole('link', { name: 'Dashboard' }));
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('a deliberate clock skew outlives sign-ins, stays announced with the panel closed, and resets from the banner', async () => {
    freezeTime();
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 600 })) });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 600 }) });
    const controls = await openPanel(user, 'Demo controls');
    await user.click(within(controls).getByRole('button', { name: '+5 min' }));

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(screen.getByRole('link', { name: 'Sign in' }));
    await signInThroughForm(user);
    await screen.findByRole('heading', { name: 'Dashboard' });
    // Skew is what a wrong computer clock does to every session, so the new session meets it too...
    expect(within(screen.getByRole('region', { name: 'Session inspector' })).getByText('in 300 s')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /close the panel/i }));
    // ...and it is said where everyone sees it, even with the panel closed.
    const banner = screen.getByRole('region', { name: 'Demo clock' });
    expect(banner).toHaveTextContent('shifted by +5 min (clock skew)');
    await user.click(within(banner).getByRole('button', { name: 'Reset the clock' }));

    expect(screen.queryByRole('region', { name: 'Demo clock' })).not.toBeInTheDocument();
    expect(clock.offsetMs()).toBe(0);
  });
});
