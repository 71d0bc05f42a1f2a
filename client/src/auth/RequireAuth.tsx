import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider';
import { onDemand } from '../components/onDemand';
import { pathOf } from '../lib/returnPath';
import { roleAllows, ROUTES, type AppRoute } from '../routes';
import { useAuth, type LoginLocationState } from './AuthProvider';

// Seen only by a signed-in user who followed a link their role cannot open, so it is not in the first download.
const Forbidden = onDemand(() => import('../pages/ForbiddenPage').then((page) => page.ForbiddenPage));

/**
 * The route guard. A signed-out user who opens a protected page is sent to the login page, and the page
 * they wanted travels along in navigation state so the login page can send them back after signing in. A
 * signed-in user without the route's role sees a "not for your role" page instead of the page itself.
 */
export function RequireAuth({ route, children }: { route: AppRoute; children: ReactNode }) {
  const t = useT();
  const { authenticated, restoring, session } = useAuth();
  const location = useLocation();
  // A reloaded page with a cookie session does not know yet whether it is signed in: only the server does,
  // and it has been asked. Redirecting now would throw away a session that is very likely alive.
  if (restoring) {
    return (
      <p role="status" className="notice">
        {t('guard.asking')}
      </p>
    );
  }
  if (!authenticated) {
    const from = pathOf(location);
    // `replace` keeps the protected URL out of the history: Back will not bounce between it and the login page.
    return <Navigate to={ROUTES.login.path} replace state={{ from } satisfies LoginLocationState} />;
  }
  if (!roleAllows(route, session?.role)) return <Forbidden.Page route={route} />;
  return <>{children}</>;
}
