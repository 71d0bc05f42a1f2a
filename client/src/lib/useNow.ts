import { useEffect, useState } from 'react';
import { clock } from './clock';

/**
 * The demo clock's time, refreshed every `intervalMs` and whenever the clock is shifted. Only display code
 * uses this; the session checks read `clock.now()` at the moment they run.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const tick = () => setNow(clock.now());
    const timer = window.setInterval(tick, intervalMs);
    const unsubscribe = clock.subscribe(tick);
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [intervalMs]);
  return now;
}
