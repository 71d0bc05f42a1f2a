import { useLayoutEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { useT } from '../i18n/I18nProvider';
import { focusPageHeading } from '../lib/focus';
import { roleAllows, routeAt } from '../routes';

/**
 * What a full page load gives for free and a single-page app must do itself on every route change:
 * - a title of its own for every page (WCAG 2.4.2), so tabs, history and screen readers name the page;
 * - focus at the start of the new page (WCAG 2.4.3), so the keyboard and the screen reader follow the user
 *   there instead of being left on <body> or on a link that has just disappeared.
 * Signing in, signing out and a session that ends all change the route, so they are covered here too.
 */
export function usePageTitleAndFocus(): void {
  const t = useT();
  const location = useLocation();
  const { sessionEnd, session } = useAuth();
  const route = routeAt(location.pathname);
  // A signed-in user without the route's role sees the "teachers only" page, and its title says so.
  const forbidden = route !== undefined && session !== null && !roleAllows(route, session.role);
  const page = t(route === undefined ? 'notFound.title' : forbidden ? 'forbidden.title' : route.labelKey);

  // A layout effect, like the focus move below: a screen reader that announces the focused heading may read the
  // title with it, and it must be the new page's.
  useLayoutEffect(() => {
    document.title = route === undefined || route.path !== '/' ? t('app.documentTitle', { page }) : t('app.title');
  }, [t, page, route]);

  const firstRender = useRef(true);
  // A layout effect runs while React writes the new page into the document, before the browser paints it
  // and before any other task. A plain effect would run one task later, and for a navigation (a transition
  // in React Router) that is a moment in which the new page is on screen with the focus still on <body>.
  useLayoutEffect(() => {
    // On the first load the browser starts at the top of the document, which is where the skip link is.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // While the session popup is open it holds the focus; it hands it to the heading when it closes.
    if (sessionEnd) return;
    focusPageHeading();
    // Only a new location moves focus; a change of the popup alone must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);
}
