import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { loginReply, makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

describe('the route guard', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('sends a signed-out user to the login page and back to the page they wanted after sign-in', async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => loginReply(makeToken({ sub: 'student' })),
      'GET /api/notes': () => ({ status: 200, data: { notes: [] } }),
    });
    const { user } = renderApp({ route: ROUTES.notes.path });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText(/you will go back to \/notes/i)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Username'), 'student');
    await user.type(screen.getByLabelText('Password'), 'student123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Notes' })).toBeInTheDocument();
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/auth/login',
      authorization: undefined,
      body: { username: 'student', password: 'student123' },
    });
  });

  it('sends a user with no page to return to to the dashboard after sign-in', async () => {
    server = installFakeServer({ 'POST /api/auth/login': () => loginReply(makeToken({ sub: 'teacher', role: 'teacher' })) });
    const { user } = renderApp({ route: ROUTES.login.path });

    await user.type(await screen.findByLabelText('Username'), 'teacher');
    await user.type(screen.getByLabelText('Password'), 'teacher123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByText('Signed in as teacher')).toBeInTheDocument();
  });
});
