import { SESSION_KINDS, type SessionKind } from '@session-lab/shared';

/**
 * Choices a class makes on the sign-in form and keeps for the whole lesson: the session length and the kind
 * of session. They are kept in localStorage (every tab, every visit) so that a session that expires, or a
 * reload, does not quietly put the form back to its defaults in the middle of an exercise.
 */

/** The session lengths a student can pick, in seconds. "" means: let the server use its configured default. */
export const TTL_CHOICES = ['', '15', '60', '300'] as const;
export type TtlChoice = (typeof TTL_CHOICES)[number];

const TTL_KEY = 'session-lab.session-length';
const KIND_KEY = 'session-lab.session-kind';

function isTtlChoice(value: unknown): value is TtlChoice {
  return (TTL_CHOICES as readonly unknown[]).includes(value);
}

function isSessionKind(value: unknown): value is SessionKind {
  return (SESSION_KINDS as readonly unknown[]).includes(value);
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Without storage the choice lasts as long as the form is on screen.
  }
}

export const demoPreferences = {
  /** The session length chosen last, or the server's default when none was (or storage is unavailable). */
  get ttl(): TtlChoice {
    const stored = read(TTL_KEY);
    return isTtlChoice(stored) ? stored : '';
  },
  setTtl(choice: TtlChoice): void {
    write(TTL_KEY, choice);
  },
  /** The kind of session chosen last; `bearer`, the story the lesson starts with, until one is chosen. */
  get kind(): SessionKind {
    const stored = read(KIND_KEY);
    return isSessionKind(stored) ? stored : 'bearer';
  },
  setKind(kind: SessionKind): void {
    write(KIND_KEY, kind);
  },
};
