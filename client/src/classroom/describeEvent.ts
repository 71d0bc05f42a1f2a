import type { AuthOutcome, TokenCheckResult } from '@session-lab/shared';
import type { ServerTrace } from '../lib/serverTiming';
import type { SessionEvent } from '../lib/sessionEvents';
import type { ClassroomKey, ClassroomTranslate } from './messages';

/** The server's own word for what it verified, in the reader's language; `satisfies` proves none is missing. */
const SERVER_CHECK_KEYS = {
  valid: 'timeline.check.valid',
  expired: 'timeline.check.expired',
  invalid: 'timeline.check.invalid',
  missing: 'timeline.check.missing',
} as const satisfies Record<TokenCheckResult, ClassroomKey>;

export function describeServerCheck(check: TokenCheckResult, t: ClassroomTranslate): string {
  return t(SERVER_CHECK_KEYS[check]);
}

/** What a check found, in a few words: the timeline and the story diagram say it the same way. */
export function describeResult(event: SessionEvent, t: ClassroomTranslate): string {
  switch (event.result) {
    case 'valid':
      return event.trigger === 'server-response' ? t('timeline.result.accepted') : t('timeline.result.valid');
    case 'expired-here':
      return t('timeline.result.expired');
    case 'refused-by-server':
      return t('timeline.result.refused', { code: event.code ?? '?' });
    case 'signed-in':
      return t('timeline.result.signedIn');
    case 'signed-out':
      return t('timeline.result.signedOut');
    case 'unreadable-token':
      return t('timeline.result.unreadable');
    case 'asking-server':
      return t('timeline.result.askingServer');
    case 'sign-out-answered':
      return t(`timeline.result.signOutAnswered.${event.kind ?? 'bearer'}`);
    case 'sign-out-failed':
      return t('timeline.result.signOutFailed');
    case 'refreshed':
      return t('timeline.result.refreshed');
    case 'refresh-failed':
      return t('timeline.result.refreshFailed', { code: event.code ?? '?' });
    case 'refresh-replayed':
      return event.code === undefined ? t('timeline.result.replayed.accepted') : t('timeline.result.replayed', { code: event.code });
  }
}

/** Every verdict of the server, in words; `satisfies` proves none is missing. */
const OUTCOME_KEYS = {
  valid: 'timeline.outcome.valid',
  missing: 'timeline.outcome.missing',
  expired: 'timeline.outcome.expired',
  invalid: 'timeline.outcome.invalid',
  revoked: 'timeline.outcome.revoked',
  'session-expired': 'timeline.outcome.session-expired',
  unknown: 'timeline.outcome.unknown',
  reused: 'timeline.outcome.reused',
} as const satisfies Record<AuthOutcome, ClassroomKey>;

/**
 * What the server did for one request, from its Server-Timing metrics: "signature verified · session table
 * read (0.02 ms) · verdict: accepted". Saying that the table was NOT touched matters as much: it is what makes
 * a JWT fast, and what makes it impossible to revoke. The cache sentences name no store: the header does not
 * say which one the server runs (SQLite, Redis or memory), and the same metric comes from the caches in front
 * of SQLite and of Redis alike.
 */
export function describeServerTrace(trace: ServerTrace, t: ClassroomTranslate): string {
  const parts: string[] = [];
  if (trace.signature) parts.push(t(trace.signature === 'verified' ? 'timeline.did.verified' : 'timeline.did.remembered'));
  if (trace.cache) parts.push(t(`timeline.did.cache.${trace.cache}`));
  if (trace.storeReadMs !== undefined) parts.push(t('timeline.did.read', { ms: trace.storeReadMs }));
  // The refresh route's write is the rotation of the refresh token, not a "last seen".
  if (trace.storeWriteMs !== undefined) parts.push(t(trace.kind === 'refresh' ? 'timeline.did.rotated' : 'timeline.did.write', { ms: trace.storeWriteMs }));
  // A cache hit already says the table was not read; without a cache metric, a JWT kind says it here.
  if (trace.signature && trace.cache === undefined && trace.storeReadMs === undefined && trace.storeWriteMs === undefined) {
    parts.push(t('timeline.did.noTable'));
  }
  if (trace.outcome) parts.push(t('timeline.did.outcome', { outcome: t(OUTCOME_KEYS[trace.outcome]) }));
  return parts.join(' · ');
}

/**
 * A clock offset as a teacher would say it: "+5 min", "−4 min 59 s", "+30 s". A true minus sign, because
 * the hyphen is easy to miss on a projector.
 */
export function formatOffset(offsetMs: number): string {
  const totalSeconds = Math.round(Math.abs(offsetMs) / 1000);
  // Less than half a second rounds to "0 s", which has no direction to show.
  const sign = totalSeconds === 0 ? '' : offsetMs < 0 ? '−' : '+';
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) return `${sign}${seconds} s`;
  return seconds === 0 ? `${sign}${minutes} min` : `${sign}${minutes} min ${seconds} s`;
}
