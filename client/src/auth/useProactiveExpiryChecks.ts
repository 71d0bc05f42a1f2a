import { useEffect, useSyncExternalStore } from 'react';
import { clock } from '../lib/clock';
import { useDemoSettings } from '../lib/demoSettings';
import { useAuth } from './AuthProvider';
import { millisecondsLeftIn } from './clientSession';

const subscribeToClock = (listener: () => void) => clock.subscribe(listener);
const readOffset = () => clock.offsetMs();

/**
 * The optional third kind of check, for comparison with the route and request checks: a timer that fires
 * at the session's end (a token's `exp`, a cookie session's `expiresAt`) even when the user does nothing, and
 * a check when a hidden tab becomes visible again (browsers slow down or pause timers in background tabs, so
 * the timer alone can be late).
 *
 * With it, the flag turns false exactly on time. Without it, an idle page keeps saying "authenticated"
 * until the next navigation or request — harmless, because the server refuses the session anyway.
 */
export function useProactiveExpiryChecks(): void {
  const { proactiveChecks } = useDemoSettings();
  const { session, checkExpiry } = useAuth();
  // Shifting the demo clock moves the moment the end is reached, so the timer is rescheduled.
  const clockOffset = useSyncExternalStore(subscribeToClock, readOffset, readOffset);
  const expiresAt = session?.expiresAt;

  useEffect(() => {
    if (!proactiveChecks || expiresAt === undefined) return;
    // setTimeout cannot wait longer than about 24.8 days; a session never lives that long here.
    // A few milliseconds past `expiresAt`, so the check cannot run a hair too early and find the session still valid.
    const delay = Math.min(millisecondsLeftIn({ expiresAt }, clock.now()) + 10, 2 ** 31 - 1);
    const timer = window.setTimeout(() => checkExpiry('timer'), delay);
    return () => window.clearTimeout(timer);
  }, [proactiveChecks, expiresAt, clockOffset, checkExpiry]);

  useEffect(() => {
    if (!proactiveChecks || expiresAt === undefined) return;
    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') checkExpiry('tab-visible');
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => document.removeEventListener('visibilitychange', onVisibilityChange);
  }, [proactiveChecks, expiresAt, checkExpiry]);
}
