import { Link } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { useT } from '../i18n/I18nProvider';
import { ROUTES } from '../routes';

export function HomePage() {
  const t = useT();
  const { authenticated } = useAuth();
  return (
    <article className="prose">
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <ul>
        <li>{t('home.point.expiry')}</li>
        <li>{t('home.point.server')}</li>
        <li>{t('home.point.kinds')}</li>
      </ul>
      <p>{t('home.start')}</p>
      <p>
        {authenticated ? (
          <Link className="button" to={ROUTES.dashboard.path}>
            {t('home.ctaSignedIn')}
          </Link>
        ) : (
          <Link className="button" to={ROUTES.login.path}>
            {t('home.cta')}
          </Link>
        )}
      </p>
    </article>
  );
}
