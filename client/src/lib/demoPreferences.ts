/**
 * Choices a class makes on the sign-in form and keeps for the whole lesson. They are kept in localStorage
 * (every tab, every visit) so that a session that expires, or a reload, does not quietly put the form back
 * to its defaults in the middle of an exercise.
 */

/** The session lengths a student can pick, in seconds. "" means: let the server use its configured default. */
export const TTL_CHOICES = ['', '15', '60', '300'] as const;
export type TtlChoice = (typeof TTL_CHOICES)[number];

const TTL_KEY = 'session-lab.session-length';

function isTtlChoice(value: unknown): value is TtlChoice {
  return (TTL_CHOICES as readonly unknown[]).includes(value);
}

export const demoPreferences = {
  /** The session length chosen last, or the server's default when none was (or storage is unavailable). */
  get ttl(): TtlChoice {
    try {
      const stored = window.localStorage.getItem(TTL_KEY);
      return isTtlChoice(stored) ? stored : '';
    } catch {
      return '';
    }
  },
  setTtl(choice: TtlChoice): void {
    try {
      window.localStorage.setItem(TTL_KEY, choice);
    } catch {
      // Without storage the choice lasts as long as the form is on screen.
    }
  },
};
