import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { API_PATHS, COOKIE_NAMES, isTableKind, REFRESH_COOKIE_PATH, type SessionsResponse, type SessionView } from '@session-lab/shared';
import { useAuth } from '../auth/AuthProvider';
import { secondsUntil, type BearerSession, type RefreshSession } from '../auth/clientSession';
import { useFormatTime, useT } from '../i18n/I18nProvider';
import { api, describeApiError } from '../lib/api';
import { formatOffset } from './describeEvent';
import { useClassroomT, type ClassroomKey, type ClassroomTranslate } from './messages';
import { clock } from '../lib/clock';
import { tokenStorage, TOKEN_STORAGE_KEY } from '../lib/tokenStorage';
import { useNow } from '../lib/useNow';

const CLAIM_KEYS: Record<string, ClassroomKey> = {
  sub: 'inspector.claim.sub',
  role: 'inspector.claim.role',
  iat: 'inspector.claim.iat',
  exp: 'inspector.claim.exp',
  iss: 'inspector.claim.iss',
  aud: 'inspector.claim.aud',
  jti: 'inspector.claim.jti',
  kind: 'inspector.claim.kind',
  sid: 'inspector.claim.sid',
};
const HEADER_KEYS: Record<string, ClassroomKey> = {
  alg: 'inspector.header.alg',
  typ: 'inspector.header.typ',
};

function formatValue(name: string, value: unknown, formatTime: (time: number) => string): string {
  // Times in a JWT are seconds since 1970; showing the clock time next to them makes them readable.
  if ((name === 'iat' || name === 'exp' || name === 'nbf') && typeof value === 'number') {
    return `${value} (${formatTime(value * 1000)})`;
  }
  return JSON.stringify(value);
}

function ClaimTable({ caption, values, notes, t }: { caption: string; values: object; notes: Record<string, ClassroomKey>; t: ClassroomTranslate }) {
  const formatTime = useFormatTime();
  return (
    <table className="claims">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('inspector.col.claim')}</th>
          <th scope="col">{t('inspector.col.value')}</th>
          <th scope="col">{t('inspector.col.meaning')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code>{formatValue(name, value, formatTime)}</code>
            </td>
            <td>{notes[name] ? t(notes[name]) : t('inspector.claim.unknown')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "in 42 s", "3 s ago" or "no session": how far the session's end is from the demo clock's `now`. */
export function useCountdownText(now: number): string {
  const t = useClassroomT();
  const { session } = useAuth();
  if (!session) return t('inspector.countdown.none');
  const secondsLeft = secondsUntil(session.expiresAt, now);
  return secondsLeft > 0
    ? t('inspector.countdown.left', { seconds: secondsLeft })
    : t('inspector.countdown.past', { seconds: -secondsLeft });
}

/**
 * The bearer token (or a refresh session's access token): its three parts, and everything inside it, readable
 * by any script.
 */
function BearerDetails({ session }: { session: BearerSession | RefreshSession }) {
  const t = useClassroomT();
  const parts = session.token.split('.');
  return (
    <>
      <p className="hint">{t('inspector.tokenIntro')}</p>
      <p className="token" aria-label={t('inspector.tokenLabel')}>
        <span className="token-header">{parts[0]}</span>.<span className="token-payload">{parts[1]}</span>.
        <span className="token-signature">{parts[2]}</span>
      </p>
      <ul className="token-legend">
        <li>
          <span className="swatch token-header" aria-hidden="true" /> {t('inspector.part.header')}
        </li>
        <li>
          <span className="swatch token-payload" aria-hidden="true" /> {t('inspector.part.payload')}
        </li>
        <li>
          <span className="swatch token-signature" aria-hidden="true" /> {t('inspector.part.signature')}
        </li>
      </ul>
      <ClaimTable caption={t('inspector.headerTable')} values={session.decoded.header} notes={HEADER_KEYS} t={t} />
      <ClaimTable caption={t('inspector.payloadTable')} values={session.decoded.claims} notes={CLAIM_KEYS} t={t} />
      <p className="hint">{t('inspector.notEncrypted')}</p>
    </>
  );
}

/**
 * The live proof that an httpOnly cookie is out of reach: `document.cookie` read again on every tick (the
 * caller re-renders four times a second), shown as it is, and searched for the credential's cookie name.
 */
function CookieProof({ name }: { name: string }) {
  const t = useClassroomT();
  const visible = document.cookie;
  // Over HTTPS the name carries the `__Host-` prefix; looking for the bare name finds both.
  const leaked = visible.split(';').some((pair) => pair.trim().split('=')[0]?.endsWith(name));
  return (
    <section aria-labelledby="cookie-proof-title" className="cookie-proof">
      <h3 id="cookie-proof-title">{t('inspector.cookieProof')}</h3>
      <p>
        {t('inspector.cookieProof.value')}: <code>{visible === '' ? t('inspector.cookieProof.empty') : visible}</code>
      </p>
      <p className={leaked ? 'error' : 'proof-ok'}>
        {t(leaked ? 'inspector.cookieProof.present' : 'inspector.cookieProof.absent', { name })}
      </p>
    </section>
  );
}

type RowState = { status: 'loading' } | { status: 'loaded'; row: SessionView | undefined } | { status: 'failed'; code: string };

/**
 * For the table kinds: the server's own row for this session, the one GET /api/sessions marks as current. It
 * is asked for when the inspector opens and on request, not on every tick: each question is a real request,
 * and the timeline shows it (with the read of the session table it costs).
 */
function ServerRow() {
  const t = useClassroomT();
  const formatTime = useFormatTime();
  const [state, setState] = useState<RowState>({ status: 'loading' });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let current = true;
    api
      .get<SessionsResponse>(API_PATHS.sessions)
      .then(({ data }) => {
        if (current) setState({ status: 'loaded', row: data.sessions.find((row) => row.current) });
      })
      .catch((error: unknown) => {
        if (current) setState({ status: 'failed', code: describeApiError(error).code });
      });
    return () => {
      current = false;
    };
  }, [asked]);

  const time = (iso: string) => <time dateTime={iso}>{formatTime(Date.parse(iso))}</time>;
  return (
    <section aria-labelledby="server-row-title" className="server-row">
      <div className="title-row">
        <h3 id="server-row-title">{t('inspector.row')}</h3>
        <button
          type="button"
          className="button secondary small"
          onClick={() => {
            setState({ status: 'loading' });
            setAsked((count) => count + 1);
          }}
        >
          {t('inspector.row.refresh')}
        </button>
      </div>
      <p className="hint">{t('inspector.row.intro')}</p>
      {state.status === 'loading' ? <p role="status">{t('inspector.row.loading')}</p> : null}
      {state.status === 'failed' ? <p className="error">{t('inspector.row.failed', { code: state.code })}</p> : null}
      {state.status === 'loaded' && state.row === undefined ? <p>{t('inspector.row.none')}</p> : null}
      {state.status === 'loaded' && state.row !== undefined ? (
        <dl className="inspector-facts">
          <Row label={t('inspector.row.id')}>
            <code>{state.row.id}</code>
          </Row>
          <Row label={t('inspector.row.created')}>{time(state.row.createdAt)}</Row>
          <Row label={t('inspector.row.lastSeen')}>{time(state.row.lastSeenAt)}</Row>
          <Row label={t('inspector.row.expires')}>{time(state.row.expiresAt)}</Row>
          <Row label={t('inspector.row.ip')}>
            <code>{state.row.ip}</code>
          </Row>
          <Row label={t('inspector.row.userAgent')}>
            <span className="user-agent">{state.row.userAgent}</span>
          </Row>
        </dl>
      ) : null}
    </section>
  );
}

function countdownLabel(session: ReturnType<typeof useAuth>['session']): ClassroomKey {
  if (session === null || session.kind === 'bearer') return 'inspector.countdown';
  return session.kind === 'refresh' ? 'inspector.refresh.access' : 'inspector.countdown.cookie';
}

/** The second lifetime of a refresh session: when the family ends unless a refresh comes first. */
function FamilyEnd({ session, now }: { session: RefreshSession; now: number }) {
  const t = useClassroomT();
  const formatTime = useFormatTime();
  const secondsLeft = secondsUntil(session.refreshExpiresAt, now);
  return (
    <Row label={t('inspector.refresh.family')}>
      <time dateTime={new Date(session.refreshExpiresAt).toISOString()}>{formatTime(session.refreshExpiresAt)}</time> (
      {secondsLeft > 0 ? t('inspector.countdown.left', { seconds: secondsLeft }) : t('inspector.countdown.past', { seconds: -secondsLeft })}
      ) <span className="hint">{t('inspector.refresh.family.hint')}</span>
    </Row>
  );
}

/**
 * Everything the browser knows about its session, live: the flag, the kind, where the credential is kept and
 * what page scripts can read of it. For a bearer token that is everything (the token and its claims); for a
 * cookie kind it is nothing, and the inspector proves it with `document.cookie`; for a table kind it also shows
 * what the server keeps.
 */
export function SessionInspector() {
  const t = useClassroomT();
  const appT = useT();
  const { authenticated, session } = useAuth();
  const now = useNow();
  const countdown = useCountdownText(now);
  const offset = useSyncExternalStore(clock.subscribe, clock.offsetMs, clock.offsetMs);

  return (
    <section aria-labelledby="inspector-title" className="panel-section">
      <h2 id="inspector-title">{t('inspector.title')}</h2>
      <dl className="inspector-facts">
        <Row label={t('inspector.flag')}>
          <span className={authenticated ? 'flag on' : 'flag off'}>
            {authenticated ? t('inspector.flag.on') : t('inspector.flag.off')}
          </span>
        </Row>
        {session ? <Row label={t('inspector.kind')}>{appT(`kind.${session.kind}`)}</Row> : null}
        {session === null || session.kind === 'bearer' ? (
          <Row label={t('inspector.storage')}>
            <code>
              {tokenStorage.where}[&quot;{TOKEN_STORAGE_KEY}&quot;]
            </code>
          </Row>
        ) : session.kind === 'refresh' ? (
          <Row label={t('inspector.where')}>{t('inspector.refresh.where', { name: COOKIE_NAMES.refresh, path: REFRESH_COOKIE_PATH })}</Row>
        ) : (
          <Row label={t('inspector.where')}>{t('inspector.where.cookie', { name: COOKIE_NAMES[session.kind] })}</Row>
        )}
        {session ? (
          <Row label={t('inspector.readable')}>
            {t(
              session.kind === 'bearer'
                ? 'inspector.readable.bearer'
                : session.kind === 'refresh'
                  ? 'inspector.refresh.readable'
                  : 'inspector.readable.cookie',
            )}
          </Row>
        ) : null}
        <Row label={t(countdownLabel(session))}>{countdown}</Row>
        {session?.kind === 'refresh' ? <FamilyEnd session={session} now={now} /> : null}
        {session !== null && session.kind !== 'bearer' ? (
          <Row label={t('inspector.csrf')}>
            {session.csrfToken === null ? t('inspector.csrf.none') : <code className="csrf-token">{session.csrfToken}</code>}
          </Row>
        ) : null}
        {offset !== 0 ? <Row label={t('inspector.clock')}>{t('inspector.clock.shifted', { offset: formatOffset(offset) })}</Row> : null}
      </dl>
      {session === null ? <p>{t('inspector.noToken')}</p> : null}
      {session?.kind === 'bearer' ? <BearerDetails session={session} /> : null}
      {session?.kind === 'refresh' ? (
        <>
          <p className="hint">{t('inspector.refresh.stateless')}</p>
          <BearerDetails session={session} />
          <CookieProof name={COOKIE_NAMES.refresh} />
          {/* Keyed by the family, not the access token: a silent refresh does not need a new question. */}
          <ServerRow key={session.decoded.claims.sid ?? session.id} />
        </>
      ) : null}
      {session !== null && session.kind !== 'bearer' && session.kind !== 'refresh' ? (
        <>
          <p className="hint">{t('inspector.cookie.noClaims')}</p>
          <CookieProof name={COOKIE_NAMES[session.kind]} />
          {isTableKind(session.kind) ? <ServerRow key={session.id} /> : null}
        </>
      ) : null}
    </section>
  );
}
