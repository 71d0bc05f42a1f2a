import { Link, useLocation } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider';
import { ROUTES } from '../routes';

export function NotFoundPage() {
  const t = useT();
  const { pathname } = useLocation();
  return (
    <article className="prose">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: pathname })}</p>
      <Link to={ROUTES.home.path}>{t('notFound.home')}</Link>
    </article>
  );
}
