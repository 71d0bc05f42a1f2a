import type { TokenCheckResult } from '@session-lab/shared';
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
  }
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
