/**
 * Where the token lives between page loads: sessionStorage, one copy per browser tab.
 *
 * The trade-off, in short:
 * - Memory only (a variable): safest against theft, but a reload signs the user out.
 * - sessionStorage (our choice): survives a reload of this tab and dies with the tab; a new tab starts
 *   signed out. Any script running on the page (an XSS bug) can read it.
 * - localStorage: shared by every tab and kept after the browser closes, so a stolen token lives longer.
 *   Same exposure to XSS.
 * - An httpOnly cookie: page scripts cannot read it at all, which defeats XSS theft, but the browser then
 *   sends it automatically, so the server must defend against CSRF — and the SPA can no longer read the
 *   claims: it learns who and until when from the server's answers. The cookie kinds of the sessions lab do
 *   exactly that (auth/kinds/cookie.ts); this file is the bearer kind's storage.
 *
 * Storage can throw (private modes, a full quota, a sandboxed iframe); the app must then behave as signed out
 * rather than crash, so every access is guarded.
 */
export const TOKEN_STORAGE_KEY = 'session-lab.token';

export const tokenStorage = {
  where: 'sessionStorage' as const,
  read(): string | null {
    try {
      return window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
    } catch {
      return null;
    }
  },
  write(token: string): void {
    try {
      window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Without storage the session still works in memory; it just will not survive a reload.
    }
  },
  clear(): void {
    try {
      window.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    } catch {
      // Nothing was stored, so there is nothing to forget.
    }
  },
};
