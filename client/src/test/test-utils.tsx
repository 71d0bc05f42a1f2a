import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import type { CookieKind } from '@session-lab/shared';
import { AppRoutes } from '../AppRoutes';
import { AuthProvider } from '../auth/AuthProvider';
import { COOKIE_SESSION_HINT_KEY } from '../auth/kinds/cookie';
import { I18nProvider } from '../i18n/I18nProvider';
import { tokenStorage } from '../lib/tokenStorage';

interface RenderAppOptions {
  /** The URL the app opens at, as if typed into the address bar. */
  route?: string;
  /** A token already in sessionStorage, as if left there before a reload. */
  storedToken?: string;
  /**
   * The note a cookie sign-in leaves (auth/kinds/cookie.ts), as if this browser had signed in with that kind
   * before a reload: the page will ask the server about it.
   */
  cookieSession?: CookieKind;
  /** Use fake timers (and so a movable `Date.now`) for tests about expiry. */
  fakeTimers?: boolean;
}

/** Renders the whole app — providers, route table, guard and layout — in a memory router. */
export function renderApp({ route = '/', storedToken, cookieSession, fakeTimers = false }: RenderAppOptions = {}) {
  if (fakeTimers) vi.useFakeTimers({ shouldAdvanceTime: true });
  if (storedToken) tokenStorage.write(storedToken);
  if (cookieSession) window.localStorage.setItem(COOKIE_SESSION_HINT_KEY, cookieSession);
  const user = userEvent.setup(fakeTimers ? { advanceTimers: vi.advanceTimersByTime.bind(vi) } : {});
  const view = render(
    <I18nProvider>
      <MemoryRouter initialEntries={[route]}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </MemoryRouter>
    </I18nProvider>,
  );
  return { user, ...view };
}
