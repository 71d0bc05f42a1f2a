import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import { DashboardPage } from './pages/DashboardPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotesPage } from './pages/NotesPage';
import { AdminPage } from './pages/AdminPage';
import { ComparePage } from './pages/ComparePage';
import { SessionsPage } from './pages/SessionsPage';
import { ROUTES, type RouteName } from './routes';

const PAGES: Record<RouteName, ReactElement> = {
  home: <HomePage />,
  login: <LoginPage />,
  dashboard: <DashboardPage />,
  notes: <NotesPage />,
  sessions: <SessionsPage />,
  compare: <ComparePage />,
  admin: <AdminPage />,
};

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
          const page = PAGES[name];
          return (
            <Route
              key={name}
              path={route.path}
              element={route.protected ? <RequireAuth route={route}>{page}</RequireAuth> : page}
            />
          );
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
