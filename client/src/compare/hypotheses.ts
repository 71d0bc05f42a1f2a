import type { ExperimentRow, SessionKind } from '@session-lab/shared';

/**
 * The class notes' comparison table (the memo on sessions, in /work/shared/lesson), as hypotheses the page
 * tests. The notes have three columns; they map onto our kinds as follows:
 * - "JWT solo" is the memo's JWT in an httpOnly cookie: `cookie-jwt`. The notes on client-side tokens say the
 *   same things of a token the page keeps (no session on the server, nothing to revoke, easy to scale), so
 *   `bearer` gets the same verdicts.
 * - "Tabla de sesiones" is `session`; "JWT + sesiones" is `hybrid`.
 *
 * Each cell keeps the mark exactly as the notes print it, and what we read it as: `true` (✓, and "~" where the
 * memo's own text says yes: "se pueden revocar sesiones individualmente"), `false` (× or X), or `null` where the
 * cell is blank or its mark is unclear (the "A" of the serverless row). A null cell has no hypothesis: the
 * experiment fills it in.
 *
 * The rows the notes do not have get no hypothesis, except "two instances": notes 002 and 003 say it outright
 * ("no escala bien, porque está basado en memoria", "Easy to scale" for tokens), so it is tested too.
 */
export interface Hypothesis {
  /** The mark as printed in the notes ('' for a blank cell). */
  mark: string;
  /** What the mark says: yes, no, or nothing we can test. */
  verdict: boolean | null;
}

type Column = 'jwt' | 'table' | 'hybrid';

/**
 * `refresh` (short access tokens renewed with a rotating refresh token) is not in the notes at all, so it has
 * no hypothesis: its column is filled by the experiments alone.
 */
const COLUMN_OF: Record<SessionKind, Column | null> = {
  bearer: 'jwt',
  'cookie-jwt': 'jwt',
  session: 'table',
  hybrid: 'hybrid',
  refresh: null,
};

const YES: Hypothesis = { mark: '✓', verdict: true };
const NO: Hypothesis = { mark: '×', verdict: false };
const BLANK: Hypothesis = { mark: '', verdict: null };
/** "~": read as yes, because the memo's text says so for both columns where it appears. */
const TILDE: Hypothesis = { mark: '~', verdict: true };
/** "A": a mark the notes never explain. */
const UNCLEAR_A: Hypothesis = { mark: 'A', verdict: null };

export const NOTES_TABLE: Partial<Record<ExperimentRow, Record<Column, Hypothesis>>> = {
  'fast-auth': { jwt: YES, table: NO, hybrid: BLANK },
  revoke: { jwt: NO, table: TILDE, hybrid: TILDE },
  audit: { jwt: NO, table: BLANK, hybrid: BLANK },
  several: { jwt: NO, table: BLANK, hybrid: BLANK },
  'forced-logout': { jwt: NO, table: BLANK, hybrid: BLANK },
  'role-in-token': { jwt: YES, table: NO, hybrid: BLANK },
  'store-per-request': { jwt: NO, table: BLANK, hybrid: BLANK },
  serverless: { jwt: YES, table: UNCLEAR_A, hybrid: UNCLEAR_A },
  // Not in the table; from the notes' prose (see above).
  'two-instances': { jwt: YES, table: NO, hybrid: BLANK },
};

export function hypothesisFor(row: ExperimentRow, kind: SessionKind): Hypothesis {
  const column = COLUMN_OF[kind];
  return column === null ? BLANK : (NOTES_TABLE[row]?.[column] ?? BLANK);
}
