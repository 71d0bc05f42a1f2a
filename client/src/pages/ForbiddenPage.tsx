import { useState } from 'react';
import { API_PATHS } from '@session-lab/shared';
import { useT } from '../i18n/I18nProvider';
import { api, describeApiError, type ApiFailureCode } from '../lib/api';
import type { AppRoute } from '../routes';

/**
 * What a signed-in user sees on a page their role may not open. Hiding the page is only a courtesy: the button
 * sends the request anyway, so a student sees with their own eyes that the server refuses it (403 FORBIDDEN).
 */
export function ForbiddenPage({ route }: { route: AppRoute }) {
  const t = useT();
  const [answer, setAnswer] = useState<ApiFailureCode | null>(null);

  const askAnyway = async () => {
    try {
      // The one page with a required role is the teacher's, so this is the request that page would send.
      await api.get(API_PATHS.adminSessions);
      // Only a server that forgot its own rule would get here; say so plainly rather than hide it.
      setAnswer('INTERNAL_ERROR');
    } catch (error) {
      setAnswer(describeApiError(error).code);
    }
  };

  return (
    <section className="card narrow">
      <h1>{t('forbidden.title')}</h1>
      <p className="lead">{t('forbidden.body', { page: t(route.labelKey), role: route.requiredRole ?? '' })}</p>
      <p>{t('forbidden.server')}</p>
      <button type="button" className="button secondary" onClick={() => void askAnyway()}>
        {t('forbidden.askAnyway')}
      </button>
      {answer ? (
        <p role="status" className="notice">
          {answer === 'FORBIDDEN' ? t('forbidden.answered', { code: answer }) : t('sessions.error.server', { code: answer })}
        </p>
      ) : null}
    </section>
  );
}
