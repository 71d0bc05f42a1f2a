import { useSyncExternalStore } from 'react';

/**
 * Switches the teacher flips in the demo controls. They live outside React's component tree because the
 * controls load lazily while the session code that obeys them is always there.
 */
export interface DemoSettings {
  /** Expire at `exp` with a timer, and check when the tab becomes visible, even if the user does nothing. */
  proactiveChecks: boolean;
}

let settings: DemoSettings = { proactiveChecks: false };
const listeners = new Set<() => void>();

export const demoSettings = {
  get(): DemoSettings {
    return settings;
  },
  set(patch: Partial<DemoSettings>): void {
    settings = { ...settings, ...patch };
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useDemoSettings(): DemoSettings {
  return useSyncExternalStore(demoSettings.subscribe, demoSettings.get, demoSettings.get);
}
