import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/test-utils';
import { ROUTES } from '../routes';
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

  it('has a Spanish sentence for every English one, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(es[key], key).toBeTruthy();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
