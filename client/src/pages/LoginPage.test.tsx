import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@session-lab/shared';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

describe('the login page', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  /** Opens the sign-in page and waits for it: it is a chunk of its own, fetched the first time it is shown. */
  async function renderLoginPage(options: Omit<Parameters<typeof renderApp>[0], 'route'> = {}) {
    const view = renderApp({ route: ROUTES.login.path, ...options });
    await screen.findByRole('heading', { name: 'Sign in', level: 1 });
    return view;
  }

  async function signIn(user: Awaited<ReturnType<typeof renderLoginPage>>['user'], password = 'wrong') {
    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
  }

  it("words a wrong password in the page's own sentence, never in the server's developer message", async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 401,
        data: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Unknown user or wrong password.' },
      }),
    });
    const { user } = await renderLoginPage();
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.queryByText(/Unknown user/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('never shows raw schema text when the server refuses the form', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 400,
        data: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'body/username must NOT have fewer than 1 characters' },
      }),
    });
    const { user } = await renderLoginPage();
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('The server did not accept this form. Check the fields and try again.');
    expect(screen.queryByText(/body\/username/)).not.toBeInTheDocument();
  });

  it('checks the fields before sending anything, with a sentence next to each field', async () => {
    server = installFakeServer({});
    const { user } = await renderLoginPage();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const username = screen.getByLabelText('Username');
    expect(username).toHaveAccessibleDescription('Enter a username.');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(username).toHaveFocus();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter the password.');
    expect(server.requests).toHaveLength(0);

    await user.type(username, 'student');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(server.requests).toHaveLength(0);
  });

  it("stops typing at the server's limits, so a very long username can never be sent", async () => {
    await renderLoginPage();
    expect(screen.getByLabelText('Username')).toHaveAttribute('maxLength', String(USERNAME_MAX_LENGTH));
    expect(screen.getByLabelText('Password')).toHaveAttribute('maxLength', String(PASSWORD_MAX_LENGTH));
  });

  it('answers a body the server found too large with a sentence, not "Signing in failed"', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({ status: 413, data: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Too large.' } }),
    });
    const { user } = await renderLoginPage();
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('What was typed is longer than the server accepts.');
  });

  it('says when the server cannot be reached', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => 'network-error' });
    const { user } = await renderLoginPage();
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot be reached/i);
  });

  it('counts down the seconds the server asked to wait, then says the user may try again', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 429,
        headers: { 'retry-after': '3' },
        data: { statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-ins.' },
      }),
    });
    const { user } = await renderLoginPage({ fakeTimers: true });
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed attempts for this account from this computer.');
    expect(screen.getByRole('timer')).toHaveTextContent('You can try again in 3 s.');
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByRole('timer')).toHaveTextContent('You can try again in 2 s.');
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByRole('timer')).toHaveTextContent('You can try again now.');
  });

  it('says the server is busy, and for how long, when its sign-in queue is full', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 503,
        headers: { 'retry-after': '2' },
        data: { statusCode: 503, code: 'SERVER_BUSY', message: 'Busy.' },
      }),
    });
    const { user } = await renderLoginPage({ fakeTimers: true });
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('The server is busy checking other sign-ins.');
    expect(screen.getByRole('timer')).toHaveTextContent('You can try again in 2 s.');
  });

  it('says that signing in again replaces the session when the user is already signed in', async () => {
    await renderLoginPage({ storedToken: makeToken({ sub: 'teacher', role: 'teacher' }) });

    expect(screen.getByText(/already signed in as teacher\. Signing in again replaces that session/)).toBeInTheDocument();
  });

  it('remembers the chosen session length after the session expires and across a reload', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 15 })) });
    const first = await renderLoginPage({ fakeTimers: true });
    await first.user.selectOptions(screen.getByLabelText('Session length'), '15 seconds');
    await signIn(first.user, 'student123');
    await screen.findByRole('heading', { name: 'Dashboard' });

    act(() => vi.advanceTimersByTime(16_000));
    await first.user.click(screen.getByRole('link', { name: 'Notes' }));
    await screen.findByRole('alertdialog');
    expect(screen.getByLabelText('Session length')).toHaveDisplayValue('15 seconds');
    first.unmount();

    await renderLoginPage();
    expect(screen.getByLabelText('Session length')).toHaveDisplayValue('15 seconds');
  });

  it('sends the chosen session length as ttlSeconds', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 15 })) });
    const { user } = await renderLoginPage();
    await user.selectOptions(screen.getByLabelText('Session length'), '15 seconds');
    await signIn(user, 'student123');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(server.requests[0]?.body).toEqual({ username: 'student', password: 'student123', kind: 'bearer', ttlSeconds: 15 });
  });

  it("leaves ttlSeconds out when the server's default is chosen", async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = await renderLoginPage();
    expect(screen.getByLabelText('Session length')).toHaveDisplayValue('Server default');
    await signIn(user, 'student123');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(server.requests[0]?.body).toEqual({ username: 'student', password: 'student123', kind: 'bearer' });
  });
});
