import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/test-utils';
import { ROUTES } from '../routes';
import { classroomMessages } from '../classroom/messages';
import { en } from './en';
import { es } from './es';

describe('languages', () => {
  it('starts in English, switches to Spanish, and remembers the choice across a reload', async () => {
    const first = renderApp({ route: ROUTES.login.path });
    expect(screen.getByLabelText('Username')).toBeInTheDocument();
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
    ['the app', en, es],
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
