import { Link, NavLink } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { navRoutesFor, ROUTES } from '../routes';
import { useHeightAsCssVariable } from './useHeightAsCssVariable';

/** Each language in itself. */
const LANGUAGE_NAMES = { en: 'English', es: 'Español' } as const;

/** The Inspector button's id, so the panel's own close button can hand focus back to it. */
export const PANEL_TOGGLE_ID = 'classroom-toggle';

interface NavBarProps {
  panelOpen: boolean;
  onTogglePanel(): void;
}

export function NavBar({ panelOpen, onTogglePanel }: NavBarProps) {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const other = language === 'en' ? 'es' : 'en';
  const { authenticated, session, restoring, signOut } = useAuth();
  // The phone's sheet leaves the header's height free above it (styles.css).
  const measure = useHeightAsCssVariable('--site-header-height');
  return (
    <header className="site-header" ref={measure}>
      <Link to={ROUTES.home.path} className="brand">
        {t('app.title')}
      </Link>
      <nav aria-label={t('nav.label')}>
        <ul className="nav-links">
          {navRoutesFor(session?.role).map((route) => (
            <li key={route.path}>
              <NavLink to={route.path} end>
                {t(route.labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="header-tools">
        {/* The open state shows twice: to assistive technology as aria-expanded, and on screen as a filled
            button with a turned disclosure arrow (styles.css), so it never rests on colour alone. */}
        <button
          type="button"
          id={PANEL_TOGGLE_ID}
          className="button secondary small panel-toggle"
          aria-expanded={panelOpen}
          aria-controls="classroom-panel"
          onClick={onTogglePanel}
        >
          {t('panel.toggle')}
        </button>
        {/* Each language is named in itself, so a reader of either can find the switch. On screen it is the
            short code ("ES"), which keeps the header on one line at 1024 px; its accessible name is the whole
            word, which begins with that code (so a voice user saying "ES" still reaches it). */}
        <button
          type="button"
          className="button secondary small language-switch"
          lang={other}
          aria-label={LANGUAGE_NAMES[other]}
          title={LANGUAGE_NAMES[other]}
          onClick={() => setLanguage(other)}
        >
          <span aria-hidden="true">{other.toUpperCase()}</span>
        </button>
      </div>
      <div className="session-status">
        {authenticated && session ? (
          <>
            <span>{t('nav.signedInAs', { username: session.username })}</span>
            <button type="button" className="button secondary small" onClick={signOut}>
              {t('nav.signOut')}
            </button>
          </>
        ) : restoring ? null : (
          <Link to={ROUTES.login.path} className="button">
            {t('nav.signIn')}
          </Link>
        )}
      </div>
    </header>
  );
}
