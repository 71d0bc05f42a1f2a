import { lazy, Suspense, useState, useSyncExternalStore } from 'react';
import { Outlet } from 'react-router-dom';
import { useExpiryCheckOnNavigation } from '../auth/useExpiryCheckOnNavigation';
import { useProactiveExpiryChecks } from '../auth/useProactiveExpiryChecks';
import { useT } from '../i18n/I18nProvider';
import { clock } from '../lib/clock';
import { NavBar, PANEL_TOGGLE_ID } from './NavBar';
import { PanelCloseButton } from './PanelCloseButton';
import { ChunkLoadFailed, ChunkLoadFailure } from './onDemand';
import { usePageTitleAndFocus } from './usePageTitleAndFocus';
import { SessionExpiredDialog } from './SessionExpiredDialog';

// The classroom panel is a separate chunk: a visitor who never opens it never downloads it.
const ClassroomPanel = lazy(() => import('../classroom/ClassroomPanel'));
// The clock banner too: the demo clock can only be moved from the panel, so by the time the banner is
// needed its code is (almost always) already here.
const ClockBanner = lazy(() => import('../classroom/ClockBanner'));

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
  const clockOffset = useSyncExternalStore(clock.subscribe, clock.offsetMs, clock.offsetMs);
  useExpiryCheckOnNavigation();
  useProactiveExpiryChecks();
  usePageTitleAndFocus();

  const showPanel = (next: boolean) => {
    setPanelOpen(next);
    try {
      window.localStorage.setItem(PANEL_KEY, String(next));
    } catch {
      // The panel still opens; it just will not reopen by itself after a reload.
    }
  };
  const closePanelFromInside = () => {
    showPanel(false);
    // The close button disappears with the panel; focus goes back to the button that opens it again,
    // instead of falling to the top of the document.
    document.getElementById(PANEL_TOGGLE_ID)?.focus();
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavBar panelOpen={panelOpen} onTogglePanel={() => showPanel(!panelOpen)} />
      {clockOffset !== 0 ? (
        // Without its chunk the banner is simply missing: the classroom panel, where the clock was moved,
        // still shows the moved clock.
        <ChunkLoadFailure fallback={null}>
          <Suspense fallback={null}>
            <ClockBanner panelOpen={panelOpen} />
          </Suspense>
        </ChunkLoadFailure>
      ) : null}
      <div className={panelOpen ? 'frame with-panel' : 'frame'}>
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
        {panelOpen ? (
          <aside id="classroom-panel" aria-label={t('panel.label')} className="panel">
            <ChunkLoadFailure fallback={<PanelLoadFailed onClose={closePanelFromInside} />}>
              <Suspense fallback={<p role="status">{t('panel.loading')}</p>}>
                <ClassroomPanel onClose={closePanelFromInside} />
              </Suspense>
            </ChunkLoadFailure>
          </aside>
        ) : null}
      </div>
      <SessionExpiredDialog />
    </>
  );
}

/**
 * What the panel shows when its chunk cannot be fetched: the same bar at the top with the same close button
 * where the panel has its own, so a phone user can put the sheet away, and the reason with a reload below it.
 */
function PanelLoadFailed({ onClose }: { onClose(): void }) {
  return (
    <>
      <div className="panel-bar">
        <PanelCloseButton onClose={onClose} />
      </div>
      <ChunkLoadFailed message="panel.loadFailed" />
    </>
  );
}
