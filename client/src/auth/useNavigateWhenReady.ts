import { useCallback, useEffect, useRef } from 'react';
import { useNavigate, type NavigateOptions } from 'react-router-dom';

/**
 * The redirect job of the AuthProvider: navigate, even when asked before the router can.
 *
 * A router cannot navigate until it has finished mounting: React Router ignores `navigate()` before then
 * (and warns that it ran "when your component is first rendered"), and the router only starts listening to
 * the history in its own layout effect, which runs after those of everything inside it. The check made when
 * the page loads runs exactly then, in a layout effect of the layout below the provider. So a navigation asked
 * for before the app has mounted waits here, and this hook's first passive effect, which React runs only after
 * every layout effect (the router's included), carries it out. Every way a session can end goes through the
 * provider's `leaveSession`, and so through here, so all of them behave the same, page load included.
 */
export function useNavigateWhenReady(): (to: string, options: NavigateOptions) => void {
  const navigate = useNavigate();
  const mounted = useRef(false);
  const pendingNavigation = useRef<{ to: string; options: NavigateOptions } | null>(null);

  useEffect(() => {
    mounted.current = true;
    const pending = pendingNavigation.current;
    pendingNavigation.current = null;
    if (pending) void navigate(pending.to, pending.options);
    return () => {
      mounted.current = false;
    };
  }, [navigate]);

  return useCallback(
    (to: string, options: NavigateOptions) => {
      if (mounted.current) void navigate(to, options);
      else pendingNavigation.current = { to, options };
    },
    [navigate],
  );
}
