import { useAuth } from '../auth/AuthProvider';
import { secondsUntil } from '../auth/clientSession';
import { useFormatTime, useT } from '../i18n/I18nProvider';
import { useNow } from '../lib/useNow';

export function DashboardPage() {
  const t = useT();
  const formatTime = useFormatTime();
  const { session } = useAuth();
  const now = useNow();
  if (!session) return null;
  const { username, role, kind, expiresAt } = session;
  const secondsLeft = Math.max(0, secondsUntil(expiresAt, now));
  // A refresh sign-in has two ends: its access token's `exp`, which the checks watch and a silent refresh moves,
  // and the end of the sign-in itself, when its refresh token can no longer be renewed. Calling the first one
  // "the session's end" would tell a student the session dies in a minute when it lives for half an hour.
  const refreshEnd = session.kind === 'refresh' ? session.refreshExpiresAt : null;
  return (
    <section>
      <h1>{t('dashboard.title')}</h1>
      <p className="lead">{t('dashboard.intro')}</p>
      <dl className="facts">
        <div>
          <dt>{t('dashboard.user')}</dt>
          <dd>{username}</dd>
        </div>
        <div>
          <dt>{t('dashboard.role')}</dt>
          <dd>{role}</dd>
        </div>
        <div>
          <dt>{t('dashboard.kind')}</dt>
          <dd className="phrase">{t(`kind.${kind}`)}</dd>
        </div>
        <div>
          <dt>{t(refreshEnd === null ? 'dashboard.expiresAt' : 'dashboard.refresh.expiresAt')}</dt>
          <dd>
            <time dateTime={new Date(expiresAt).toISOString()}>{formatTime(expiresAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t(refreshEnd === null ? 'dashboard.timeLeft' : 'dashboard.refresh.timeLeft')}</dt>
          <dd>{t('dashboard.seconds', { count: secondsLeft })}</dd>
        </div>
        {refreshEnd === null ? null : (
          <div>
            <dt>{t('dashboard.refresh.signInEndsAt')}</dt>
            <dd>
              <time dateTime={new Date(refreshEnd).toISOString()}>{formatTime(refreshEnd)}</time>
            </dd>
          </div>
        )}
      </dl>
      {secondsLeft === 0 ? (
        // Only while the sign-in lives can the next check renew the access token; after its end, that check
        // ends the session like any other expiry.
        <p className="notice">{t(refreshEnd !== null && now < refreshEnd ? 'dashboard.refresh.expiredButFlag' : 'dashboard.expiredButFlag')}</p>
      ) : null}
    </section>
  );
}
