import { AUTH_OUTCOMES, SERVER_TIMING_METRICS as M, SESSION_KINDS, type AuthOutcome, type SessionKind } from '@session-lab/shared';

/**
 * What the server says it did to check one request's session, read from the standard `Server-Timing`
 * response header (the metric names are in shared/src/sessions.ts). The same header shows in the Network tab
 * of the browser's developer tools; the timeline reads it so a student can compare the kinds side by side:
 * a bearer token costs a signature check (or a remembered verdict), a server-side session costs a read of the
 * session table, a hybrid costs both.
 */
export interface ServerTrace {
  /** Which kind's check the server ran: decided by the credential it found, not by anything the SPA said. */
  kind?: SessionKind;
  /** A JWT's signature was checked now (`verified`), or the verdict for these exact bytes was remembered. */
  signature?: 'verified' | 'remembered';
  /** Milliseconds spent reading the session table; absent when the table was not touched. */
  storeReadMs?: number;
  /** Milliseconds spent writing "last seen" into the session table; absent when nothing was written. */
  storeWriteMs?: number;
  /**
   * What this instance's cache of session rows did (SQLite and Redis have one, the memory store none): answered
   * without a store read (`hit`), did not hold the row (`miss`), or was not trusted (`off`); the store was then read.
   */
  cache?: 'hit' | 'miss' | 'off';
  /** The verdict. */
  outcome?: AuthOutcome;
  /** For an accepted session, when it ends as the server now sees it (ms since the epoch). */
  expiresAt?: number;
}

/** One `name;desc=…;dur=…` entry of the header, as a name and its parameters. */
function parseEntry(entry: string): { name: string; params: Map<string, string> } {
  const [name = '', ...rest] = entry.split(';').map((part) => part.trim());
  const params = new Map<string, string>();
  for (const part of rest) {
    const equals = part.indexOf('=');
    if (equals > 0) params.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { name, params };
}

const oneOf = <T extends string>(choices: readonly T[], value: string | undefined): T | undefined =>
  (choices as readonly (string | undefined)[]).includes(value) ? (value as T) : undefined;

const duration = (value: string | undefined): number | undefined => {
  const ms = Number(value);
  return value !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/**
 * Reads the session metrics out of a `Server-Timing` header; other metrics (a proxy may add its own) and
 * anything malformed are ignored. Returns undefined when the header says nothing about a session check.
 */
export function parseServerTiming(header: unknown): ServerTrace | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  const trace: ServerTrace = {};
  for (const entry of header.split(',')) {
    const { name, params } = parseEntry(entry);
    const desc = params.get('desc');
    if (name === M.kind) {
      const kind = oneOf(SESSION_KINDS, desc);
      if (kind) trace.kind = kind;
    } else if (name === M.signature) {
      const how = oneOf(['verified', 'remembered'] as const, desc);
      if (how) trace.signature = how;
    } else if (name === M.storeRead) {
      const ms = duration(params.get('dur'));
      if (ms !== undefined) trace.storeReadMs = ms;
    } else if (name === M.storeWrite) {
      const ms = duration(params.get('dur'));
      if (ms !== undefined) trace.storeWriteMs = ms;
    } else if (name === M.cache) {
      const how = oneOf(['hit', 'miss', 'off'] as const, desc);
      if (how) trace.cache = how;
    } else if (name === M.outcome) {
      const outcome = oneOf(AUTH_OUTCOMES, desc);
      if (outcome) trace.outcome = outcome;
    } else if (name === M.expires) {
      const at = Number(desc);
      if (desc !== undefined && Number.isSafeInteger(at) && at > 0) trace.expiresAt = at;
    }
  }
  return Object.keys(trace).length === 0 ? undefined : trace;
}
