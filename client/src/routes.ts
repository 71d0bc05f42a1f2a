import type { Role } from '@session-lab/shared';
import type { MessageKey } from './i18n/en';

/**
 * The one route table: every path of the SPA and the label of its link. The router builds its routes from
 * it (src/AppRoutes.tsx), the header builds its links from it, and the tests import paths and labels from
 * it, so a path is spelled exactly once.
 *
 * `protected` routes sit behind the RequireAuth guard: a signed-out user is sent to the login page, which
 * remembers where they were going. A route with a `requiredRole` also shows a "not for your role" page to a
 * signed-in user without it. That page is a courtesy: the API answers 403 FORBIDDEN to that user anyway.
 */
export interface AppRoute {
  path: string;
  labelKey: MessageKey;
  protected: boolean;
  inNav: boolean;
  requiredRole?: Role;
}

export const ROUTES = {
  home: { path: '/', labelKey: 'nav.home', protected: false, inNav: true },
  login: { path: '/login', labelKey: 'nav.signIn', protected: false, inNav: false },
  dashboard: { path: '/dashboard', labelKey: 'nav.dashboard', protected: true, inNav: true },
  notes: { path: '/notes', labelKey: 'nav.notes', protected: true, inNav: true },
  sessions: { path: '/sessions', labelKey: 'nav.sessions', protected: true, inNav: true },
  compare: { path: '/compare', labelKey: 'nav.compare', protected: true, inNav: true },
  admin: { path: '/admin', labelKey: 'nav.admin', protected: true, inNav: true, requiredRole: 'teacher' },
} as const satisfies Record<string, AppRoute>;

export type RouteName = keyof typeof ROUTES;

export const NAV_ROUTES: readonly AppRoute[] = Object.values(ROUTES).filter((route) => route.inNav);

/**
 * The header's links for a user with `role` (or signed out): a route that needs a role the user lacks is left
 * out of the header, since following it could only show "not for your role". It still exists, and says so.
 */
export function navRoutesFor(role: Role | undefined): readonly AppRoute[] {
  return NAV_ROUTES.filter((route) => route.requiredRole === undefined || route.requiredRole === role);
}

/** Where a user lands after signing in when there is no (valid) page to return to. */
export const DEFAULT_AFTER_SIGN_IN = ROUTES.dashboard.path;

/** The route whose path is exactly `pathname`, if any (the SPA has no nested or parameterised paths yet). */
export function routeAt(pathname: string): AppRoute | undefined {
  return Object.values(ROUTES).find((route: AppRoute) => route.path === pathname);
}

/** True when a signed-in user with `role` may see `route`'s page (the guard shows "not for your role" otherwise). */
export function roleAllows(route: AppRoute | undefined, role: Role | undefined): boolean {
  return route?.requiredRole === undefined || route.requiredRole === role;
}
