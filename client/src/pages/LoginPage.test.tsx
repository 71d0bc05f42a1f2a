import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

describe('the login page', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  async function signIn(user: ReturnType<typeof renderApp>['user'], password = 'wrong') {
    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
  }

  it("shows the server's message when the password is wrong, and stays signed out", async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 401,
        data: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Unknown user or wrong password.' },
      }),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown user or wrong password.');
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('says when the server cannot be reached', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => 'network-error' });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot be reached/i);
  });

  it('says how long to wait after too many attempts', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 429,
        headers: { 'retry-after': '42' },
        data: { statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-ins.' },
      }),
    });
    const { user } = renderApp({ route: ROUTES.login.path });
    await signIn(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 seconds.');
  });

  it('sends the chosen session length as ttlSeconds', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ lifetimeSeconds: 15 })) });
    const { user } = renderApp({ route: ROUTES.login.path });
    await user.selectOptions(screen.getByLabelText('Session length'), '15 seconds');
    await signIn(user, 'student123');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(server.requests[0]?.body).toEqual({ username: 'student', password: 'student123', ttlSeconds: 15 });
  });

  it("leaves ttlSeconds out when the server's default is chosen", async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken()) });
    const { user } = renderApp({ route: ROUTES.login.path });
    expect(screen.getByLabelText('Session length')).toHaveDisplayValue('Server default');
    await signIn(user, 'student123');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(server.requests[0]?.body).toEqual({ username: 'student', password: 'student123' });
  });
});
