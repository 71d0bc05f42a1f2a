import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '@session-lab/shared';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken, meReply, sessionRow } from '../test/tokens';
import { ROUTES } from '../routes';

const THIS_ONE = sessionRow({ id: 'thisOneAAAAAAAAAAAAAAA', current: true });
const LAPTOP = sessionRow({ id: 'laptopBBBBBBBBBBBBBBBB', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', ip: '10.0.0.7' });
const PHONE = sessionRow({ id: 'phoneCCCCCCCCCCCCCCCCC', kind: 'hybrid', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' });

/** A session table on the fake server that the DELETE routes really change. */
function table(rows: SessionView[]) {
  let live = [...rows];
  return {
    'GET /api/me': () => meReply('session'),
    'GET /api/auth/csrf': () => ({ status: 200, data: { csrfToken: 'csrf' } }),
    'GET /api/sessions': () => ({ status: 200, data: { sessions: live } }),
    'DELETE /api/sessions': () => {
      const before = live.length;
      live = live.filter((row) => row.current);
      return { status: 200, data: { revoked: before - live.length } };
    },
    [`DELETE /api/sessions/${LAPTOP.id}`]: () => {
      live = live.filter((row) => row.id !== LAPTOP.id);
      return { status: 204 };
    },
    [`DELETE /api/sessions/${THIS_ONE.id}`]: () => {
      live = live.filter((row) => row.id !== THIS_ONE.id);
      return { status: 204 };
    },
  };
}

describe('My sessions', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('lists my sessions with their device, kind, times and IP, this one marked', async () => {
    server = installFakeServer(table([THIS_ONE, LAPTOP, PHONE]));
    renderApp({ route: ROUTES.sessions.path, cookieSession: 'session' });

    const list = await screen.findByRole('table', { name: 'Your live sessions' });
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent(/Chrome 140 · Linux\s*this one/);
    expect(within(rows[0]!).getByRole('button', { name: 'End this session (sign out)' })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Firefox 128 · Windows');
    expect(rows[1]).toHaveTextContent('10.0.0.7');
    expect(rows[2]).toHaveTextContent('hybrid');
    expect(document.title).toBe('My sessions · Session Lab');
  });

  it("labels each cell with its column for the phone's cards, without a screen reader hearing the column twice", async () => {
    server = installFakeServer(table([THIS_ONE, LAPTOP]));
    renderApp({ route: ROUTES.sessions.path, cookieSession: 'session' });

    const list = await screen.findByRole('table', { name: 'Your live sessions' });
    const laptop = within(list).getAllByRole('row')[2]!;
    // The label is in the cell for the eye; the accessible name is the value alone, the header says the rest.
    expect(within(laptop).getByRole('cell', { name: '10.0.0.7' })).toHaveTextContent('IP10.0.0.7');
    expect(within(laptop).getByRole('cell', { name: 'session' })).toHaveTextContent('Kindsession');
    expect(within(list).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['Device', 'Kind', 'Signed in', 'Last seen', 'IP', 'Actions']);
  });

  it('ends one other session, and then all the others, through the server', async () => {
    server = installFakeServer(table([THIS_ONE, LAPTOP, PHONE]));
    const { user } = renderApp({ route: ROUTES.sessions.path, cookieSession: 'session' });
    const list = await screen.findByRole('table', { name: 'Your live sessions' });

    await user.click(within(list).getByRole('button', { name: /^End the session of Firefox 128 · Windows/ }));
    expect(await screen.findByText('Session ended: the server revoked it.')).toBeInTheDocument();
    expect(server.requests).toContainEqual(expect.objectContaining({ method: 'DELETE', url: `/api/sessions/${LAPTOP.id}`, csrf: 'csrf' }));
    expect(within(screen.getByRole('table')).queryByText('Firefox 128 · Windows')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'End all other sessions' }));
    expect(await screen.findByText('The server revoked 1 other session.')).toBeInTheDocument();
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'End all other sessions' })).toBeDisabled();
    // This session survived: the user is still signed in.
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
  });

  it('signs out when I end this very session', async () => {
    server = installFakeServer({ ...table([THIS_ONE]), 'POST /api/auth/logout': () => ({ status: 204 }) });
    const { user } = renderApp({ route: ROUTES.sessions.path, cookieSession: 'session' });
    await user.click(await screen.findByRole('button', { name: 'End this session (sign out)' }));

    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(server.requests).toContainEqual(expect.objectContaining({ method: 'DELETE', url: `/api/sessions/${THIS_ONE.id}` }));
  });

  it('explains, for a JWT kind, why this session cannot be listed or ended', async () => {
    server = installFakeServer({ 'GET /api/sessions': () => ({ status: 200, data: { sessions: [] } }) });
    renderApp({ route: ROUTES.sessions.path, storedToken: makeToken() });

    expect(await screen.findByText(/You are signed in with a token in the browser \(bearer\)\. This session is not in the list, and cannot be\./)).toBeInTheDocument();
    expect(screen.getByText(/the server keeps no record of it: there is nothing to list and nothing to end/)).toBeInTheDocument();
    expect(await screen.findByText('The session table has no live session of yours.')).toBeInTheDocument();
  });

  it('says why the server refused a state-changing request without the CSRF token, and keeps me signed in', async () => {
    server = installFakeServer({
      ...table([THIS_ONE, LAPTOP]),
      'DELETE /api/sessions': () => ({ status: 403, data: { statusCode: 403, code: 'CSRF_REJECTED', message: 'No.' } }),
    });
    const { user } = renderApp({ route: ROUTES.sessions.path, cookieSession: 'session' });
    await user.click(await screen.findByRole('button', { name: 'End all other sessions' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/CSRF_REJECTED/);
    expect(screen.getByText('Signed in as student')).toBeInTheDocument();
  });
});
