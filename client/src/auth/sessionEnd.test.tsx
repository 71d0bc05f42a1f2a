import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionEvents } from '../lib/sessionEvents';
import { TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

const refused = (code: 'TOKEN_EXPIRED' | 'TOKEN_INVALID') => () => ({
  status: 401,
  headers: { 'x-session-lab-token-check': code === 'TOKEN_EXPIRED' ? 'expired' : 'invalid' },
  data: { statusCode: 401, code, message: 'Refused.' },
});

/** Answers the element that has the focus at the first moment an <h1> with this text is in <main>. */
function focusWhenHeadingAppears(text: string): Promise<Element | null> {
  return new Promise((seen) => {
    const observer = new MutationObserver(() => {
      const heading = [...document.querySelectorAll('#main h1')].find((candidate) => candidate.textContent === text);
      if (!heading) return;
      observer.disconnect();
      seen(document.activeElement);
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

/** A token that expired a minute ago, as a reload after a long break finds it in sessionStorage. */
const expiredToken = () => makeToken({ iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 });

describe('how a session ends', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('sends a reload of a public page with an expired token to the login page, with the popup saying it was the page load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    renderApp({ route: ROUTES.home.path, storedToken: expiredToken() });

    const dialog = await screen.findByRole('alertdialog', { name: 'Your session has expired' });
    expect(dialog).toHaveTextContent('when the page loaded');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    // React Router warns when navigate() runs before the router is ready; the session must not rely on that.
    expect(warn).not.toHaveBeenCalledWith(expect.stringMatching(/navigate/));
  });

  it('takes the user back to the page they reloaded once they sign in again', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = renderApp({ route: `${ROUTES.dashboard.path}?tab=2`, storedToken: expiredToken() });
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'OK' }));

    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
  });

  it.each([
    ['TOKEN_EXPIRED', 'The server says your session has expired', /by the server's clock its expiry time had passed/],
    ['TOKEN_INVALID', 'The server refused your token', /This is not an expiry/],
  ] as const)('names a %s refusal for what it is', async (code, title, body) => {
    server = installFakeServer({ 'GET /api/notes': refused(code) });
    renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });

    const dialog = await screen.findByRole('alertdialog', { name: title });
    expect(dialog).toHaveTextContent(body);
    expect(dialog).toHaveTextContent(`(${code})`);
  });

  it('writes a timeline entry saying why garbage in storage started the page signed out', async () => {
    renderApp({ route: ROUTES.home.path, storedToken: 'not.a.token' });

    await screen.findByRole('heading', { level: 1 });
    expect(sessionEvents.history()).toContainEqual(expect.objectContaining({ trigger: 'page-load', result: 'unreadable-token' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});

describe('focus and titles', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('gives every page its own title and moves focus to its heading on a route change', async () => {
    server = installFakeServer({ 'GET /api/notes': () => ({ status: 200, data: { notes: [] } }) });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });
    expect(document.title).toBe('Dashboard · Session Lab');

    await user.click(screen.getByRole('link', { name: 'Notes' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Notes' })).toHaveFocus();
    expect(document.title).toBe('Notes · Session Lab');
  });

  it('moves focus to the new page heading after signing in and after signing out', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = renderApp({ route: ROUTES.login.path });
    expect(document.title).toBe('Sign in · Session Lab');
    await user.type(await screen.findByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { level: 1, name: /watch a client-side session/i })).toHaveFocus();
    expect(document.title).toBe('Session Lab');
  });

  it('has the focus on the new page heading in the very moment the page appears, not one task later', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = renderApp({ route: ROUTES.login.path });
    await user.type(await screen.findByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    // A MutationObserver answers in the microtask right after React writes the page into the document: what
    // has the focus then is what a screen reader is told about the new page, before any other code runs.
    const focusedOnArrival = focusWhenHeadingAppears('Dashboard');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await focusedOnArrival).toBe(screen.getByRole('heading', { level: 1, name: 'Dashboard' }));
  });

  it('has the focus on the heading the moment the page appears when its chunk was downloaded before, too', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(screen.getByRole('link', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    // The dashboard's chunk is here already, so the page is drawn at once: only the route change's own focus
    // move (usePageTitleAndFocus) can put the focus on its heading.
    const focusedOnArrival = focusWhenHeadingAppears('Dashboard');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await focusedOnArrival).toBe(screen.getByRole('heading', { level: 1, name: 'Dashboard' }));
  });

  it('keeps focus in the popup while it is open, then hands it to the login heading', async () => {
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ lifetimeSeconds: 15 }), fakeTimers: true });
    act(() => vi.advanceTimersByTime(16_000));
    await user.click(screen.getByRole('link', { name: 'Notes' }));

    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByRole('button', { name: 'OK' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'OK' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();
  });

  it('names a page that does not exist in its title', async () => {
    renderApp({ route: '/no-such-page' });
    expect(document.title).toBe('Page not found · Session Lab');
  });
});
