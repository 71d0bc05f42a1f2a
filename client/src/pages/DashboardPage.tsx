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
          <dd>{t(`kind.${kind}`)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.expiresAt')}</dt>
          <dd>
            <time dateTime={new Date(expiresAt).toISOString()}>{formatTime(expiresAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.timeLeft')}</dt>
          <dd>{t('dashboard.seconds', { count: secondsLeft })}</dd>
        </div>
      </dl>
      {secondsLeft === 0 ? <p className="notice">{t('dashboard.expiredButFlag')}</p> : null}
    </section>
  );
}
