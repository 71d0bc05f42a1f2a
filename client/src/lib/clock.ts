/**
 * The one place the SPA reads "now". Every expiry check asks this module, never `Date.now()` directly,
 * for two reasons: tests can move time (fake timers move `Date.now`, and so this clock), and the classroom
 * controls can shift the browser's idea of the time to show clock skew — and that the server does not care.
 *
 * The demo moves this clock in two ways, and they last for different times:
 * - a deliberate SKEW (the −5 min / +5 min buttons) stays until someone resets it, across sign-ins, because a
 *   browser whose clock is wrong stays wrong: watching what that does to every new session is the lesson;
 * - the shift made by "Expire now" belongs to ONE session: it moves the clock just past that token's `exp`,
 *   and it ends when the next session starts. Otherwise every later sign-in would expire at once, and a
 *   demo button would have quietly broken the app for the rest of the class.
 */
type Listener = () => void;

let skewMs = 0;
let sessionShiftMs = 0;
const listeners = new Set<Listener>();

function notify(): void {
  for (const listener of listeners) listener();
}

export const clock = {
  /** Milliseconds since the Unix epoch, as this browser believes it (the real time plus any demo shift). */
  now(): number {
    return Date.now() + skewMs + sessionShiftMs;
  },
  /**
   * The real time, whatever the demo controls did: for things the demo clock must not bend, such as counting
   * down the seconds the server asked a client to wait, or stamping the timeline in the order things happened.
   */
  realNow(): number {
    return Date.now();
  },
  /** How far the demo controls have moved this clock away from the real one, in milliseconds (both kinds). */
  offsetMs(): number {
    return skewMs + sessionShiftMs;
  },
  /** The deliberate skew alone: it outlives sign-ins. */
  skewMs(): number {
    return skewMs;
  },
  /** The "Expire now" shift alone: it ends at the next sign-in. */
  sessionShiftMs(): number {
    return sessionShiftMs;
  },
  /** Skews the clock on purpose, as a badly set computer clock would; it stays until `reset()`. */
  shift(deltaMs: number): void {
    skewMs += deltaMs;
    notify();
  },
  /** Moves the clock for the current session only ("Expire now"); `startSession()` takes it back. */
  shiftForThisSession(deltaMs: number): void {
    sessionShiftMs += deltaMs;
    notify();
  },
  /** A new session begins: the shift that belonged to the old one ends, the deliberate skew stays. */
  startSession(): void {
    if (sessionShiftMs === 0) return;
    sessionShiftMs = 0;
    notify();
  },
  /** Back to the real time, both kinds of shift. */
  reset(): void {
    skewMs = 0;
    sessionShiftMs = 0;
    notify();
  },
  /** Called whenever the offset changes, so the UI can re-check and re-render at once. */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
