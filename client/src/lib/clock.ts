/**
 * The one place the SPA reads "now". Every expiry check asks this module, never `Date.now()` directly,
 * for two reasons: tests can move time (fake timers move `Date.now`, and so this clock), and the classroom
 * controls can shift the browser's idea of the time to show clock skew — and that the server does not care.
 */
type Listener = () => void;

let offsetMs = 0;
const listeners = new Set<Listener>();

function notify(): void {
  for (const listener of listeners) listener();
}

export const clock = {
  /** Milliseconds since the Unix epoch, as this browser believes it (the real time plus any demo shift). */
  now(): number {
    return Date.now() + offsetMs;
  },
  /**
   * The real time, whatever the demo controls did: for things the demo clock must not bend, such as counting
   * down the seconds the server asked a client to wait.
   */
  realNow(): number {
    return Date.now();
  },
  /** How far the demo controls have moved this clock away from the real one, in milliseconds. */
  offsetMs(): number {
    return offsetMs;
  },
  shift(deltaMs: number): void {
    offsetMs += deltaMs;
    notify();
  },
  reset(): void {
    offsetMs = 0;
    notify();
  },
  /** Called whenever the offset changes, so the UI can re-check and re-render at once. */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
