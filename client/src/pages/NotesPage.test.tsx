import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeAccessToken, refreshReply } from '../test/tokens';
import { ROUTES } from '../routes';

describe('the notes page', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => server?.restore());

  it('says a refresh session sends its access token in the Authorization header, and sends exactly that, in both languages', async () => {
    const access = makeAccessToken({ lifetimeSeconds: 300 });
    window.localStorage.setItem('session-lab.refresh-session', 'refresh');
    server = installFakeServer({
      'GET /api/auth/refresh': () => ({ status: 200, data: { csrfToken: 'csrf-refresh' } }),
      'POST /api/auth/refresh': () => refreshReply(access),
      'GET /api/notes': () => ({ status: 200, data: { notes: [] } }),
    });
    const { user } = renderApp({ route: ROUTES.notes.path });
    await screen.findByText('No notes.');

    expect(screen.getByText(/Each load carries your session's credential/)).toHaveTextContent(
      'a token in the Authorization header for a bearer session and the access token of a refresh session, a cookie the browser adds for the three cookie kinds',
    );
    const notes = server.requests.filter((request) => request.url === '/api/notes');
    expect(notes.map((request) => request.authorization)).toEqual([`Bearer ${access}`]);

    await user.click(screen.getByRole('button', { name: 'Español' }));
    await screen.findByText('No hay notas.');
    expect(screen.getByText(/Cada carga lleva la credencial de tu sesión/)).toHaveTextContent(
      'un token en la cabecera Authorization si la sesión es bearer, o su token de acceso si es refresh; una cookie que añade el navegador en los tres tipos con cookie',
    );
  });
});
