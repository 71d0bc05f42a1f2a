import { useId, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ErrorCode } from '@session-lab/shared';
import { useAuth, type LoginLocationState } from '../auth/AuthProvider';
import { useT, type Translate } from '../i18n/I18nProvider';
import { describeApiError } from '../lib/api';
import { safeReturnPath } from '../lib/returnPath';
import { DEFAULT_AFTER_SIGN_IN, ROUTES } from '../routes';

/** The session lengths a student can pick. "" means: let the server use its configured default. */
const TTL_CHOICES = ['', '15', '60', '300'] as const;

function ttlLabel(choice: (typeof TTL_CHOICES)[number], t: Translate): string {
  if (choice === '') return t('login.ttl.default');
  const seconds = Number(choice);
  if (seconds < 60) return t('login.ttl.seconds', { count: seconds });
  if (seconds === 60) return t('login.ttl.minute');
  return t('login.ttl.minutes', { count: seconds / 60 });
}

function errorMessage(error: unknown, t: Translate): string {
  const { code, message, retryAfterSeconds } = describeApiError(error);
  switch (code) {
    case ErrorCode.INVALID_CREDENTIALS:
      return message ?? t('login.error.credentials');
    case ErrorCode.TOO_MANY_ATTEMPTS:
      return retryAfterSeconds
        ? t('login.error.throttled', { seconds: retryAfterSeconds })
        : t('login.error.throttledNoTime');
    case ErrorCode.VALIDATION_FAILED:
      return t('login.error.invalid', { message: message ?? '' });
    case 'NETWORK_ERROR':
      return t('login.error.network');
    default:
      return t('login.error.unknown');
  }
}

export function LoginPage() {
  const t = useT();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [ttl, setTtl] = useState<(typeof TTL_CHOICES)[number]>('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const hintId = useId();

  const from = (location.state as LoginLocationState | null)?.from;
  const returnTo = safeReturnPath(from, DEFAULT_AFTER_SIGN_IN, ROUTES.login.path);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await signIn({ username, password, ...(ttl ? { ttlSeconds: Number(ttl) } : {}) });
      // `replace` takes the login page out of the history, so Back from the page the user returns to does
      // not show the sign-in form again.
      navigate(returnTo, { replace: true });
    } catch (caught) {
      setError(errorMessage(caught, t));
      setSubmitting(false);
    }
  }

  return (
    <section className="card narrow">
      <h1>{t('login.title')}</h1>
      {from && returnTo !== DEFAULT_AFTER_SIGN_IN ? <p>{t('login.returnTo', { path: returnTo })}</p> : null}
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="login-username">{t('login.username')}</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          required
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
        <label htmlFor="login-ttl">{t('login.ttl')}</label>
        <select
          id="login-ttl"
          name="ttlSeconds"
          aria-describedby={hintId}
          value={ttl}
          onChange={(event) => setTtl(event.target.value as (typeof TTL_CHOICES)[number])}
        >
          {TTL_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {ttlLabel(choice, t)}
            </option>
          ))}
        </select>
        <p id={hintId} className="hint">
          {t('login.ttlHint')}
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
