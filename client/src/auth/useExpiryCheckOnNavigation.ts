import { useLayoutEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { pathOf } from '../lib/returnPath';
import { useAuth } from './AuthProvider';

/**
 * Step 3 of the story, on the navigation side: every time the location changes (and once when the app
 * loads, which is how a reload with an old token gets caught), check the token's expiry. The check itself
 * lives in the AuthProvider; this hook only decides *when* it runs.
 */
export function useExpiryCheckOnNavigation(): void {
  const location = useLocation();
  const { checkExpiry } = useAuth();
  const path = pathOf(location);
  // React's StrictMode (on in `pnpm dev`) runs every effect twice on mount; remembering the last location
  // checked keeps the timeline to one check per navigation there too.
  const lastChecked = useRef<string | null>(null);

  // A layout effect runs before any page's data-loading effect, so an expired session is ended before the
  // new page can even try to send a request.
  useLayoutEffect(() => {
    if (lastChecked.current === location.key) return;
    // The first check of this page's life is the page load (a reload, or a link opened in a new tab), not
    // a change of route: the popup and the timeline say which one noticed an expired token.
    const trigger = lastChecked.current === null ? 'page-load' : 'route-change';
    lastChecked.current = location.key;
    checkExpiry(trigger, path);
    // Only a new location should trigger a check: `location.key` changes even when the same path is
    // visited again, which is a navigation too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);
}
