import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { encodeBase64Url } from '@session-lab/shared';
import { TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { renderApp } from '../test/test-utils';
import { makeToken } from '../test/tokens';
import { ROUTES } from '../routes';
import { useAuth } from './AuthProvider';

/** Any text as a token part, for parts that are deliberately not what the server would write. */
const base64url = (text: string) => encodeBase64Url(new TextEncoder().encode(text));

describe('AuthProvider', () => {
  it('makes useAuth throw a clear error outside the provider', () => {
    function Orphan() {
      useAuth();
      return null;
    }
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Orphan />)).toThrow(/outside <AuthProvider>/);
  });

  // jwt-decode does not validate anything, so the provider must refuse whatever a real server could not have
  // issued. Each of these is treated as "signed out": no crash, no error page, the storage cleaned up.
  it.each([
    ['garbage', 'not a token at all'],
    ['a two-part token', makeToken().split('.').slice(0, 2).join('.')],
    ['a token without exp', `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url('{"sub":"student","role":"student","iat":1}')}.c2ln`],
    ['an exp that is a string', `${base64url('{"alg":"HS256"}')}.${base64url('{"sub":"student","role":"student","iat":1,"exp":"9999999999"}')}.c2ln`],
    ['an alg: none token', makeToken({}, { alg: 'none', typ: 'JWT' }).replace(/[^.]+$/, '')],
    ['a payload that is not JSON', `${base64url('{"alg":"HS256"}')}.${base64url('{{{')}.c2ln`],
    ['an unknown role', makeToken({ role: 'admin' as never })],
  ])('treats %s in storage as signed out', async (_label, stored) => {
    renderApp({ route: ROUTES.dashboard.path, storedToken: stored });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('shows a username from the token as text, never as HTML', async () => {
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken({ sub: '<img src=x onerror="alert(1)">' }) });

    expect(await screen.findByText('Signed in as <img src=x onerror="alert(1)">')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});
