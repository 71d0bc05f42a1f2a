import { useId, useSyncExternalStore, type ReactNode } from 'react';
import { ROLES } from '@session-lab/shared';
import { useAuth } from '../auth/AuthProvider';
import { replayRefreshToken } from './stealRefreshToken';
import { useClassroomT } from './messages';
import { clock } from '../lib/clock';
import { demoSettings, useDemoSettings } from '../lib/demoSettings';
import { rewritePayload } from './tokenSurgery';

const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR_SECONDS = 3600;

/** One control and its lesson below it: a row of buttons, or a checkbox beside its label (`layout="switch"`). */
function Control({ lesson, layout = 'buttons', children }: { lesson: string; layout?: 'buttons' | 'switch'; children: ReactNode }) {
  return (
    <li className="control">
      <div className={layout === 'switch' ? 'control-actions control-switch' : 'control-actions'}>{children}</div>
      <p className="hint">{lesson}</p>
    </li>
  );
}

/** The teacher's buttons. Each one breaks something on purpose and says what it teaches. */
export function DemoControls() {
  const t = useClassroomT();
  const { session, replaceTokenForDemo, renewSession } = useAuth();
  const { proactiveChecks } = useDemoSettings();
  const switchId = useId();
  const clockOffset = useSyncExternalStore(clock.subscribe, clock.offsetMs, clock.offsetMs);
  const signedOut = !session;
  // The token controls rewrite the token in the page (the bearer token, or a refresh session's access token).
  // A cookie kind has none the page can reach: that is the point of the httpOnly cookie, and the controls say
  // so instead of pretending.
  const bearer = session?.kind === 'bearer' || session?.kind === 'refresh' ? session : null;
  const refresh = session?.kind === 'refresh' ? session : null;
  const stealRefreshToken = async () => {
    if (!refresh) return;
    await replayRefreshToken(refresh.csrfToken);
    // The user's turn: this page renews its access token with the refresh token it holds, as it would at exp.
    await renewSession();
  };
  const tokenLesson = (lesson: string) => (session && !bearer ? `${t('controls.cookieKind')} ${lesson}` : lesson);

  const tamperRole = () => {
    if (!bearer) return;
    const otherRole = ROLES.find((role) => role !== bearer.role) ?? bearer.role;
    replaceTokenForDemo(rewritePayload(bearer.token, (claims) => ({ ...claims, role: otherRole })));
  };
  const forgeExpiry = () => {
    if (!bearer) return;
    replaceTokenForDemo(
      rewritePayload(bearer.token, (claims) => ({ ...claims, exp: Number(claims.exp) + ONE_HOUR_SECONDS })),
    );
  };
  const expireNow = () => {
    if (!session) return;
    // Move the browser's clock to one second past the session's end. Nothing happens until a check runs: that
    // is the point. The shift belongs to this session only: the next sign-in starts on the real clock again
    // (lib/clock.ts). It works for every kind, because every kind is checked against the `expiresAt` it knows.
    clock.shiftForThisSession(session.expiresAt + 1000 - clock.now());
  };

  return (
    <section aria-labelledby="controls-title" className="panel-section">
      <h2 id="controls-title">{t('controls.title')}</h2>
      {signedOut ? <p className="hint">{t('controls.signedOut')}</p> : null}
      <ul className="controls">
        <Control lesson={tokenLesson(t('controls.tamper.lesson'))}>
          <button type="button" className="button" onClick={tamperRole} disabled={!bearer}>
            {t('controls.tamper')}
          </button>
        </Control>
        <Control lesson={tokenLesson(t('controls.forge.lesson'))}>
          <button type="button" className="button" onClick={forgeExpiry} disabled={!bearer}>
            {t('controls.forge')}
          </button>
        </Control>
        <Control lesson={t('controls.clock.lesson')}>
          <span className="control-label">{t('controls.clock')}</span>
          <button type="button" className="button secondary" onClick={() => clock.shift(-FIVE_MINUTES)}>
            {t('controls.clock.back')}
          </button>
          <button type="button" className="button secondary" onClick={() => clock.shift(FIVE_MINUTES)}>
            {t('controls.clock.forward')}
          </button>
          <button type="button" className="button secondary" onClick={() => clock.reset()} disabled={clockOffset === 0}>
            {t('controls.clock.reset')}
          </button>
        </Control>
        <Control lesson={t('controls.expire.lesson')}>
          <button type="button" className="button" onClick={expireNow} disabled={signedOut}>
            {t('controls.expire')}
          </button>
        </Control>
        <Control lesson={refresh ? t('controls.steal.lesson') : `${t('controls.steal.refreshOnly')} ${t('controls.steal.lesson')}`}>
          <button type="button" className="button" onClick={() => void stealRefreshToken()} disabled={!refresh}>
            {t('controls.steal')}
          </button>
        </Control>
        <Control lesson={t('controls.proactive.lesson')} layout="switch">
          <input
            id={switchId}
            type="checkbox"
            role="switch"
            className="switch"
            checked={proactiveChecks}
            onChange={(event) => demoSettings.set({ proactiveChecks: event.target.checked })}
          />
          <label htmlFor={switchId} className="control-label">
            {t('controls.proactive')}
          </label>
        </Control>
        <Control lesson={t('controls.tabs.lesson')}>
          <a className="button secondary" href={window.location.pathname} target="_blank" rel="opener">
            {t('controls.tabs')}
          </a>
        </Control>
      </ul>
    </section>
  );
}
