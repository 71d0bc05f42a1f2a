import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { pathOf } from '../lib/returnPath';
import { ROUTES } from '../routes';
import { useAuth, type LoginLocationState } from './AuthProvider';

/**
 * The route guard. A signed-out user who opens a protected page is sent to the login page, and the page
 * they wanted travels along in navigation state so the login page can send them back after signing in.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { authenticated } = useAuth();
  const location = useLocation();
  if (!authenticated) {
    const from = pathOf(location);
    // `replace` keeps the protected URL out of the history: Back will not bounce between it and the login page.
    return <Navigate to={ROUTES.login.path} replace state={{ from } satisfies LoginLocationState} />;
  }
  return <>{children}</>;
}
