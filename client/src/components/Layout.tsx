import { lazy, Suspense, useState } from 'react';
import { Outlet } from 'react-router-dom';
import { useExpiryCheckOnNavigation } from '../auth/useExpiryCheckOnNavigation';
import { useProactiveExpiryChecks } from '../auth/useProactiveExpiryChecks';
import { useT } from '../i18n/I18nProvider';
import { NavBar } from './NavBar';
import { usePageTitleAndFocus } from './usePageTitleAndFocus';
import { SessionExpiredDialog } from './SessionExpiredDialog';

// The classroom panel is a separate chunk: a visitor who never opens it never downloads it.
const ClassroomPanel = lazy(() => import('../classroom/ClassroomPanel'));

const PANEL_KEY = 'session-lab.classroom-open';

function readPanelOpen(): boolean {
  try {
    return window.localStorage.getItem(PANEL_KEY) === 'true';
  } catch {
    return false;
  }
}

/** The frame around every page: header, the page itself, the classroom panel and the one expired popup. */
export function Layout() {
  const t = useT();
  const [panelOpen, setPanelOpen] = useState(readPanelOpen);
  useExpiryCheckOnNavigation();
  useProactiveExpiryChecks();
  usePageTitleAndFocus();

  const togglePanel = () => {
    const next = !panelOpen;
    setPanelOpen(next);
    try {
      window.localStorage.setItem(PANEL_KEY, String(next));
    } catch {
      // The panel still opens; it just will not reopen by itself after a reload.
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavBar panelOpen={panelOpen} onTogglePanel={togglePanel} />
      <div className={panelOpen ? 'frame with-panel' : 'frame'}>
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
        {panelOpen ? (
          <aside id="classroom-panel" aria-label={t('panel.label')} className="panel">
            <Suspense fallback={<p role="status">{t('panel.loading')}</p>}>
              <ClassroomPanel />
            </Suspense>
          </aside>
        ) : null}
      </div>
      <SessionExpiredDialog />
    </>
  );
}
