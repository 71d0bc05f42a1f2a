import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ErrorCode, PASSWORD_MAX_LENGTH, SESSION_KINDS, USERNAME_MAX_LENGTH, type SessionKind } from '@session-lab/shared';
import { useAuth, type LoginLocationState } from '../auth/AuthProvider';
import { useT, type Translate } from '../i18n/I18nProvider';
import { describeApiError } from '../lib/api';
import { clock } from '../lib/clock';
import { demoPreferences, TTL_CHOICES, type TtlChoice } from '../lib/demoPreferences';
import { safeReturnPath } from '../lib/returnPath';
import { DEFAULT_AFTER_SIGN_IN, ROUTES } from '../routes';

function ttlLabel(choice: TtlChoice, t: Translate): string {
  if (choice === '') return t('login.ttl.default');
  const seconds = Number(choice);
  if (seconds < 60) return t('login.ttl.seconds', { count: seconds });
  if (seconds === 60) return t('login.ttl.minute');
  return t('login.ttl.minutes', { count: seconds / 60 });
}

/** A failed sign-in, as the form shows it: what to say, and until when to count down (real time, in ms). */
type Failure = { kind: 'message'; text: string } | { kind: 'wait'; reason: 'throttled' | 'busy'; from: number; until: number };

/**
 * Every failure is worded here, by its code, in the page's language. The server's own `message` is never
 * shown: it is English for developers, and for a schema failure it is raw validation text.
 */
function describeFailure(error: unknown, t: Translate): Failure {
  const { code, retryAfterSeconds } = describeApiError(error);
  if ((code === ErrorCode.TOO_MANY_ATTEMPTS || code === ErrorCode.SERVER_BUSY) && retryAfterSeconds) {
    const from = clock.realNow();
    return { kind: 'wait', reason: code === ErrorCode.SERVER_BUSY ? 'busy' : 'throttled', from, until: from + retryAfterSeconds * 1000 };
  }
  const text = (() => {
    switch (code) {
      case ErrorCode.INVALID_CREDENTIALS:
        return t('login.error.credentials');
      case ErrorCode.TOO_MANY_ATTEMPTS:
        return t('login.error.throttledNoTime');
      case ErrorCode.SERVER_BUSY:
        return t('login.error.busyNoTime');
      case ErrorCode.VALIDATION_FAILED:
      case ErrorCode.INVALID_JSON:
      case ErrorCode.BAD_REQUEST:
        return t('login.error.invalid');
      case ErrorCode.PAYLOAD_TOO_LARGE:
        return t('login.error.tooLarge');
      case 'NETWORK_ERROR':
        return t('login.error.network');
      default:
        return t('login.error.unknown');
    }
  })();
  return { kind: 'message', text };
}

/**
 * Seconds left in a wait the server asked for, counted on the real clock (the demo clock may be shifted)
 * and refreshed every second while the wait lasts.
 */
function useSecondsLeft(wait: { from: number; until: number } | null): number {
  const [now, setNow] = useState(() => clock.realNow());
  useEffect(() => {
    if (wait === null) return;
    const timer = window.setInterval(() => setNow(clock.realNow()), 1000);
    return () => window.clearInterval(timer);
  }, [wait]);
  if (wait === null) return 0;
  // `now` is only refreshed while a wait runs, so it may be older than the wait itself.
  return Math.max(0, Math.ceil((wait.until - Math.max(now, wait.from)) / 1000));
}

interface FieldErrors {
  username?: string;
  password?: string;
}

/**
 * The same limits the server's schema enforces (they come from shared/), checked here first so that a
 * mistake gets a friendly sentence next to its field instead of a round trip and an error code.
 */
function validate(username: string, password: string, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  if (username.trim() === '') errors.username = t('login.error.usernameRequired');
  else if (username.length > USERNAME_MAX_LENGTH) errors.username = t('login.error.usernameTooLong', { max: USERNAME_MAX_LENGTH });
  if (password === '') errors.password = t('login.error.passwordRequired');
  else if (password.length > PASSWORD_MAX_LENGTH) errors.password = t('login.error.passwordTooLong', { max: PASSWORD_MAX_LENGTH });
  return errors;
}

export function LoginPage() {
  const t = useT();
  const { signIn, authenticated, session } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [ttl, setTtl] = useState<TtlChoice>(() => demoPreferences.ttl);
  const [kind, setKind] = useState<SessionKind>(() => demoPreferences.kind);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const hintId = useId();
  const kindId = useId();
  const usernameErrorId = useId();
  const passwordErrorId = useId();
  const usernameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const waitSeconds = useSecondsLeft(failure?.kind === 'wait' ? failure : null);

  const from = (location.state as LoginLocationState | null)?.from;
  const returnTo = safeReturnPath(from, DEFAULT_AFTER_SIGN_IN, ROUTES.login.path);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = validate(username, password, t);
    setFieldErrors(errors);
    if (errors.username || errors.password) {
      // Focus goes to the first field to fix, where a screen reader reads its error with it.
      (errors.username ? usernameInput : passwordInput).current?.focus();
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      await signIn({ username, password, kind, ...(ttl ? { ttlSeconds: Number(ttl) } : {}) });
      // `replace` takes the login page out of the history, so Back from the page the user returns to does
      // not show the sign-in form again.
      void navigate(returnTo, { replace: true });
    } catch (caught) {
      setFailure(describeFailure(caught, t));
      setSubmitting(false);
    }
  }

  const chooseTtl = (choice: TtlChoice) => {
    setTtl(choice);
    // Remembered so that signing in again after an expiry keeps the length the class is working with.
    demoPreferences.setTtl(choice);
  };

  const chooseKind = (choice: SessionKind) => {
    setKind(choice);
    // Remembered like the length: a class working with one kind keeps it across expiries and reloads.
    demoPreferences.setKind(choice);
  };

  const failureText = failure === null ? null : failure.kind === 'message' ? failure.text : t(`login.error.${failure.reason}`);
  const countdownText = waitSeconds > 0 ? t('login.wait.seconds', { seconds: waitSeconds }) : t('login.wait.over');

  return (
    // The wrapper spans the page's width; the card asks it how much room there is (styles.css says why).
    <div className="login-page">
      <section className="card narrow login-card">
        <h1>{t('login.title')}</h1>
        {authenticated && session ? (
          <p className="notice">{t('login.replaces', { username: session.username })}</p>
        ) : null}
        {from && returnTo !== DEFAULT_AFTER_SIGN_IN ? <p>{t('login.returnTo', { path: returnTo })}</p> : null}
        <form onSubmit={onSubmit} noValidate className="login-form">
          {/* Who and for how long, kept together: on a wide screen they form the left column, beside the kinds. */}
          <div className="login-fields">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              ref={usernameInput}
              id="login-username"
              name="username"
              autoComplete="username"
              maxLength={USERNAME_MAX_LENGTH}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={fieldErrors.username ? true : undefined}
              aria-describedby={fieldErrors.username ? usernameErrorId : undefined}
              required
            />
            {fieldErrors.username ? (
              <p id={usernameErrorId} className="field-error">
                {fieldErrors.username}
              </p>
            ) : null}
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              ref={passwordInput}
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              maxLength={PASSWORD_MAX_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={fieldErrors.password ? passwordErrorId : undefined}
              required
            />
            {fieldErrors.password ? (
              <p id={passwordErrorId} className="field-error">
                {fieldErrors.password}
              </p>
            ) : null}
            <label htmlFor="login-ttl">{t('login.ttl')}</label>
            <select
              id="login-ttl"
              name="ttlSeconds"
              aria-describedby={hintId}
              value={ttl}
              onChange={(event) => chooseTtl(event.target.value as TtlChoice)}
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
          </div>
          {/* A radio group in a fieldset: the legend names the group, and each choice is described by the one
              sentence that says where its credential lives, which is the whole difference between them. */}
          <fieldset className="kind-choice">
            <legend>{t('login.kind')}</legend>
            {SESSION_KINDS.map((choice) => (
              <div key={choice} className="kind-option">
                <input
                  type="radio"
                  id={`${kindId}-${choice}`}
                  name="kind"
                  value={choice}
                  checked={kind === choice}
                  onChange={() => chooseKind(choice)}
                  aria-describedby={`${kindId}-${choice}-where`}
                />
                <label htmlFor={`${kindId}-${choice}`}>{t(`kind.${choice}`)}</label>
                <p id={`${kindId}-${choice}-where`} className="hint">
                  {t(`login.kind.${choice}.where`)}
                </p>
              </div>
            ))}
          </fieldset>
          {failureText !== null ? (
            <p role="alert" className="error">
              {failureText}
            </p>
          ) : null}
          {/* A timer is not a live region: the alert above is spoken once, and the seconds are not read out
              every second while they count down. */}
          {failure?.kind === 'wait' ? (
            <p role="timer" className="countdown">
              {countdownText}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
