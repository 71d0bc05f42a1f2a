import { Outlet } from 'react-router-dom';
import { useExpiryCheckOnNavigation } from '../auth/useExpiryCheckOnNavigation';
import { useT } from '../i18n/I18nProvider';
import { NavBar } from './NavBar';
import { SessionExpiredDialog } from './SessionExpiredDialog';

/** The frame around every page: header, the page itself, and the one expired-session popup. */
export function Layout() {
  const t = useT();
  useExpiryCheckOnNavigation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavBar />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
      <SessionExpiredDialog />
    </>
  );
}
