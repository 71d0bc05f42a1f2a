import type { ComponentType } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import { onDemand } from './components/onDemand';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ROUTES, type RouteName } from './routes';

/**
 * What each route shows. Only the home page (where a first visit lands) and the not-found page are in the
 * first download; every other page is a chunk of its own, fetched the first time it is opened (see
 * components/onDemand.tsx). The sign-in page is fetched as soon as the first page is up (`prefetchSignIn`),
 * so clicking "Sign in" does not wait for the network; the pages behind the sign-in come when asked for.
 */
const PAGES = {
  home: { Page: HomePage },
  login: onDemand(() => import('./pages/LoginPage').then((page) => page.LoginPage)),
  dashboard: onDemand(() => import('./pages/DashboardPage').then((page) => page.DashboardPage)),
  notes: onDemand(() => import('./pages/NotesPage').then((page) => page.NotesPage)),
  sessions: onDemand(() => import('./pages/SessionsPage').then((page) => page.SessionsPage)),
  compare: onDemand(() => import('./pages/ComparePage').then((page) => page.ComparePage)),
  admin: onDemand(() => import('./pages/AdminPage').then((page) => page.AdminPage)),
} satisfies Record<RouteName, { Page: ComponentType }>;

/**
 * Fetches the sign-in page's chunk once the browser has nothing better to do after the first page, without
 * showing it. It settles when the fetch is over; a failed fetch is forgotten, and opening the page asks again.
 */
export function prefetchSignIn(): Promise<void> {
  return new Promise((settled) => {
    const start = () => void PAGES.login.preload().then(() => settled(), () => settled());
    if ('requestIdleCallback' in window) window.requestIdleCallback(start);
    else setTimeout(start, 0);
  });
}

/**
 * The router, built from the route table. Protected routes are wrapped in the guard (which also checks a
 * route's required role), and nothing else is.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {(Object.keys(ROUTES) as RouteName[]).map((name) => {
          const route = ROUTES[name];
          const { Page } = PAGES[name];
          return (
            <Route
              key={name}
              path={route.path}
              element={route.protected ? <RequireAuth route={route}><Page /></RequireAuth> : <Page />}
            />
          );
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
