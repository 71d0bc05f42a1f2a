import { Link, NavLink } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { useT } from '../i18n/I18nProvider';
import { NAV_ROUTES, ROUTES } from '../routes';

export function NavBar() {
  const t = useT();
  const { authenticated, session, signOut } = useAuth();
  return (
    <header className="site-header">
      <Link to={ROUTES.home.path} className="brand">
        {t('app.title')}
      </Link>
      <nav aria-label={t('nav.label')}>
        <ul className="nav-links">
          {NAV_ROUTES.map((route) => (
            <li key={route.path}>
              <NavLink to={route.path} end>
                {t(route.labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="session-status">
        {authenticated && session ? (
          <>
            <span>{t('nav.signedInAs', { username: session.claims.sub })}</span>
            <button type="button" className="button secondary" onClick={signOut}>
              {t('nav.signOut')}
            </button>
          </>
        ) : (
          <Link to={ROUTES.login.path} className="button">
            {t('nav.signIn')}
          </Link>
        )}
      </div>
    </header>
  );
}
