import { isSessionEndingCode } from '@session-lab/shared';
import type { Translate } from '../i18n/I18nProvider';
import { describeApiError, type ApiFailureCode } from '../lib/api';

/**
 * The failure of a call a session page made, or null when the call failed because the session itself ended
 * (held back by the interceptor, or refused by the server): the AuthProvider has then already left the page
 * with its popup, and there is nothing to show here.
 */
export function pageFailureOf(error: unknown): ApiFailureCode | null {
  const { code } = describeApiError(error);
  return code === 'REQUEST_NOT_SENT' || isSessionEndingCode(code) ? null : code;
}

/** A failed call on the session pages, in words: the codes a user of these pages can meet, by name. */
export function describePageFailure(code: ApiFailureCode, t: Translate): string {
  switch (code) {
    case 'NETWORK_ERROR':
      return t('sessions.error.network');
    case 'FORBIDDEN':
      return t('sessions.error.forbidden');
    case 'CSRF_REJECTED':
      return t('sessions.error.csrf');
    case 'SESSION_NOT_FOUND':
      return t('sessions.error.notFound');
    default:
      return t('sessions.error.server', { code });
  }
}
