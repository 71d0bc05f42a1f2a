import { useSyncExternalStore, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { useFormatTime } from '../i18n/I18nProvider';
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

/** "in 42 s", "3 s ago" or "no token": how far `exp` is from the demo clock's `now`. */
export function useCountdownText(now: number): string {
  const t = useClassroomT();
  const { session } = useAuth();
  if (!session) return t('inspector.countdown.none');
  const secondsLeft = Math.round((session.claims.exp * 1000 - now) / 1000);
  return secondsLeft > 0
    ? t('inspector.countdown.left', { seconds: secondsLeft })
    : t('inspector.countdown.past', { seconds: -secondsLeft });
}

/** Everything the browser knows about its session, live: the flag, the stored token and what is inside it. */
export function SessionInspector() {
  const t = useClassroomT();
  const { authenticated, token, session } = useAuth();
  const now = useNow(250);
  const countdown = useCountdownText(now);
  const offset = useSyncExternalStore(clock.subscribe, clock.offsetMs, clock.offsetMs);
  const parts = token?.split('.') ?? [];

  return (
    <section aria-labelledby="inspector-title" className="panel-section">
      <h2 id="inspector-title">{t('inspector.title')}</h2>
      <dl className="inspector-facts">
        <Row label={t('inspector.flag')}>
          <span className={authenticated ? 'flag on' : 'flag off'}>
            {authenticated ? t('inspector.flag.on') : t('inspector.flag.off')}
          </span>
        </Row>
        <Row label={t('inspector.storage')}>
          <code>
            {tokenStorage.where}[&quot;{TOKEN_STORAGE_KEY}&quot;]
          </code>
        </Row>
        <Row label={t('inspector.countdown')}>{countdown}</Row>
        {offset !== 0 ? <Row label={t('inspector.clock')}>{t('inspector.clock.shifted', { offset: formatOffset(offset) })}</Row> : null}
      </dl>
      {token ? (
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
          {session ? (
            <>
              <ClaimTable caption={t('inspector.headerTable')} values={session.header} notes={HEADER_KEYS} t={t} />
              <ClaimTable caption={t('inspector.payloadTable')} values={session.claims} notes={CLAIM_KEYS} t={t} />
            </>
          ) : null}
          <p className="hint">{t('inspector.notEncrypted')}</p>
        </>
      ) : (
        <p>{t('inspector.noToken')}</p>
      )}
    </section>
  );
}
