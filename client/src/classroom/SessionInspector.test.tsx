import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

describe('the session inspector', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('shows the flag, where the token is stored, a live countdown and the three parts of the token', async () => {
    const token = makeToken({ sub: 'teacher', role: 'teacher', lifetimeSeconds: 60 });
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: token, fakeTimers: true });
    await user.click(screen.getByRole('button', { name: 'Inspector' }));
    const inspector = await screen.findByRole('region', { name: 'Session inspector' });

    expect(within(inspector).getByText('authenticated')).toBeInTheDocument();
    expect(within(inspector).getByText('sessionStorage["session-lab.token"]')).toBeInTheDocument();
    // The token was issued at the start of this second, so a fraction of a second has already gone.
    expect(within(inspector).getByText(/^in (59|60) s$/)).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(10_000));
    expect(within(inspector).getByText(/^in (49|50) s$/)).toBeInTheDocument();

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
