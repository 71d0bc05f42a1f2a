import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken } from '../test/tokens';
import { ROUTES } from '../routes';
import { classroomMessages } from '../classroom/messages';
import { en } from './en';
import { enPages } from './en-pages';
import { es } from './es';

describe('languages', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  afterEach(() => {
    server?.restore();
    vi.restoreAllMocks();
  });

  it("follows the browser's language on a first visit, before anyone has chosen", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-ES', 'en']);
    renderApp({ route: ROUTES.login.path });

    expect(await screen.findByLabelText('Usuario')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Iniciar sesión' })).toBeInTheDocument();
  });

  it('asks the server for the notes in the page language, and asks again only when the language changes', async () => {
    server = installFakeServer({ 'GET /api/notes': () => ({ status: 200, data: { notes: [] } }) });
    const { user } = renderApp({ route: ROUTES.notes.path, storedToken: makeToken({ lifetimeSeconds: 300 }) });
    expect(await screen.findByText('No notes.')).toBeInTheDocument();
    expect(server.requests.map((request) => request.language)).toEqual(['en']);

    await user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByText('No hay notas.')).toBeInTheDocument();
    expect(server.requests.map((request) => request.language)).toEqual(['en', 'es']);
  });

  it("words a refused sign-in in Spanish by its code, whatever language the server's message is in", async () => {
    server = installFakeServer({
      'POST /api/auth/login': () => ({
        status: 401,
        data: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.' },
      }),
    });
    window.localStorage.setItem('session-lab.language', 'es');
    const { user } = renderApp({ route: ROUTES.login.path });
    await user.type(await screen.findByLabelText('Usuario'), 'student');
    await user.type(screen.getByLabelText('Contraseña'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Iniciar sesión' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Usuario o contraseña incorrectos.');
  });

  it('starts in English, switches to Spanish, and remembers the choice across a reload', async () => {
    const first = renderApp({ route: ROUTES.login.path });
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');

    await first.user.click(screen.getByRole('button', { name: 'Español' }));
    expect(await screen.findByLabelText('Usuario')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Inicio' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
    first.unmount();

    // A new page load reads the saved choice.
    renderApp({ route: ROUTES.login.path });
    expect(await screen.findByLabelText('Contraseña')).toBeInTheDocument();
    await first.user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByLabelText('Password')).toBeInTheDocument();
  });

  it.each([
    ['the first download', en, es],
    ['the pages loaded on demand', enPages, es],
    ['the classroom panel', classroomMessages.en, classroomMessages.es],
  ])('has a Spanish sentence for every English one in %s, with the same placeholders', (_label, english, spanish) => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, text] of Object.entries(english)) {
      const translation = (spanish as Record<string, string>)[key];
      expect(translation, key).toBeTruthy();
      expect(placeholders(translation!), key).toEqual(placeholders(text));
    }
  });
});
