import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeAccessToken, makeToken, refreshLoginReply } from '../test/tokens';
import { ROUTES } from '../routes';

/**
 * The seconds a countdown shows. The test's clock is faked but still creeps forward with the real one (see
 * test-utils), so a token made for 90 s may already show 89 when it is read.
 */
const secondsIn = (element: HTMLElement) => Number(/^(\d+) s$/.exec(element.textContent ?? '')?.[1]);

/** The value shown under a label of the dashboard's facts. */
function fact(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  return within(term.parentElement!).getByRole('definition');
}

describe('the dashboard', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it("shows a bearer session's end and the seconds left, and says the flag outlives exp until a check runs", async () => {
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 90 }), fakeTimers: true });
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    expect(secondsIn(fact('Time left'))).toBeGreaterThan(80);
    expect(secondsIn(fact('Time left'))).toBeLessThanOrEqual(90);
    expect(screen.queryByText('Sign-in ends at')).not.toBeInTheDocument();

    act(() => vi.advanceTimersByTime(91_000));

    // The page arrived as a chunk of its own, and React may still be running its effects (the countdown's
    // subscription to the clock among them): hence a query that waits for the page to update.
    expect(await screen.findByText(/The session has expired, but the flag still says "authenticated"/)).toBeInTheDocument();
    expect(fact('Time left')).toHaveTextContent('0 s');
  });

  it("names a refresh sign-in's two ends, the access token's and the sign-in's own, and says what the next check will do after each", async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => refreshLoginReply(makeAccessToken({ lifetimeSeconds: 60 }), { familySeconds: 1800 }) });
    const { user } = renderApp({ route: ROUTES.login.path, fakeTimers: true });
    await user.click(await screen.findByRole('radio', { name: 'short access token + refresh token (refresh)' }));
    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });

    expect(screen.queryByText('Session ends at')).not.toBeInTheDocument();
    expect(secondsIn(fact("Access token's time left"))).toBeGreaterThan(50);
    expect(secondsIn(fact("Access token's time left"))).toBeLessThanOrEqual(60);
    const signInEnds = within(fact('Sign-in ends at')).getByText(/\d/, { selector: 'time' });
    const accessEnds = within(fact('Access token expires at')).getByText(/\d/, { selector: 'time' });
    expect(Date.parse(signInEnds.getAttribute('datetime')!) - Date.parse(accessEnds.getAttribute('datetime')!)).toBeGreaterThan(25 * 60_000);

    act(() => vi.advanceTimersByTime(61_000));

    // Nothing has checked yet, and what the next check will do is renew, not end. (As above, the query waits
    // for the page to update.)
    expect(await screen.findByText(/The access token has expired, and the flag still says "authenticated"/)).toHaveTextContent('asks the refresh route');
    expect(fact("Access token's time left")).toHaveTextContent('0 s');

    // Once the sign-in itself has ended, the next check cannot renew anything: the page says what it will do.
    act(() => vi.advanceTimersByTime(1800_000));
    expect(await screen.findByText(/The session has expired, but the flag still says "authenticated"/)).toBeInTheDocument();
    expect(screen.queryByText(/asks the refresh route/)).not.toBeInTheDocument();
  });
});
