import { useSyncExternalStore } from 'react';
import { clock } from './clock';

/**
 * How often the time shown on the screen moves. A quarter of a second keeps a countdown from lagging visibly
 * behind the second it names, and the Inspector's live proof of `document.cookie` current.
 */
export const TICK_MS = 250;

/**
 * ONE timer for every component that shows the time, not one per component. Two timers started at different
 * moments tick at different moments, so the dashboard's countdown and the Inspector's, counting down to the same
 * millisecond, would change up to a tick apart and disagree by a second meanwhile. With one timer they read the
 * same `now` and change together. It runs only while something on the screen is subscribed.
 */
let current = clock.now();
const listeners = new Set<() => void>();
let stopTicking: (() => void) | null = null;

function tick(): void {
  current = clock.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (stopTicking === null) {
    // The first subscriber may come well after its first render (React subscribes in an effect, and after a
    // navigation that effect can wait): read the time now, so that React's look at the snapshot right after
    // subscribing sees the current time, not the one the screen was drawn with.
    current = clock.now();
    const timer = window.setInterval(tick, TICK_MS);
    // A shift of the demo clock shows at once, not at the next tick.
    const unsubscribe = clock.subscribe(tick);
    stopTicking = () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stopTicking !== null) {
      stopTicking();
      stopTicking = null;
    }
  };
}

/**
 * Tests only: drops every subscriber and stops the timer, so the next test starts one under its own clock (a
 * timer started under one test's fake timers would never tick in the next). Unmounting does the same; this makes
 * it true even for a component a test left mounted.
 */
export function stopTimeTicksForTests(): void {
  listeners.clear();
  stopTicking?.();
  stopTicking = null;
}

function snapshot(): number {
  // While no timer runs, `current` may be from long ago, and the first component to mount must not show it.
  // It is read again only when at least a tick old, so that React's repeated reads during one render agree.
  if (stopTicking === null && Math.abs(clock.now() - current) >= TICK_MS) current = clock.now();
  return current;
}

/**
 * The demo clock's time, the same for every component on the screen, moved every TICK_MS and whenever the
 * clock is shifted. Only display code uses this; the session checks read `clock.now()` at the moment they run.
 */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
