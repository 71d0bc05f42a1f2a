import {
  API_PATHS,
  type AdminSessionsResponse,
  type AdminSessionView,
  type RefreshReuseResponse,
  type RefreshReuseView,
  type RevokedCountResponse,
} from '@session-lab/shared';
import { useFormatTime, useT } from '../i18n/I18nProvider';
import { api } from '../lib/api';
import { clock } from '../lib/clock';
import { describeUserAgent } from '../lib/userAgent';
import { LabelledCell } from '../components/LabelledCell';
import { describePageFailure } from './sessionFailures';
import { useServerData } from './useServerData';
import { ActionOutcome, useSessionAction } from './useSessionAction';

/**
 * How often the teacher's page asks for the table again. Polling is the simplest way to keep it live, and
 * every poll is an ordinary request the timeline shows: the teacher's session is checked like any other.
 */
export const ADMIN_REFRESH_MS = 5_000;

interface Table {
  sessions: AdminSessionView[];
  /** The refresh families reuse detection ended; null when that list could not be read. */
  incidents: RefreshReuseView[] | null;
  /** When the server answered, for "refreshed at". */
  at: number;
}

/** Every live row, and the reuse incidents beside them. */
async function fetchTable(): Promise<Table> {
  const [{ data }, incidents] = await Promise.all([
    api.get<AdminSessionsResponse>(API_PATHS.adminSessions),
    api
      .get<RefreshReuseResponse>(API_PATHS.adminRefreshReuse)
      .then((response) => response.data.incidents)
      .catch(() => null),
  ]);
  return { sessions: data.sessions, incidents, at: clock.realNow() };
}

/**
 * The teacher's page: every live row of the session table, whoever it belongs to, refreshed every few seconds.
 * Ending a row is a forced logout of that one device; "sign out everywhere" ends every row of one user. Their
 * next request is refused with SESSION_REVOKED, and their popup says the server ended it. Sessions of the JWT
 * kinds are not here, and cannot be: the server keeps nothing about them (that is the comparison of the lesson).
 */
export function AdminPage() {
  const t = useT();
  const formatTime = useFormatTime();
  // Loaded when the page opens and again every few seconds while it is open.
  const { state: table, reload: load } = useServerData(fetchTable, ADMIN_REFRESH_MS);

  const { busy, message, run } = useSessionAction(load);

  const revoke = (row: AdminSessionView) =>
    run(async () => {
      await api.delete(API_PATHS.adminSession.replace(':id', encodeURIComponent(row.id)));
      return t('admin.revoked', { username: row.username });
    });

  const signOutEverywhere = (username: string) =>
    run(async () => {
      const { data } = await api.delete<RevokedCountResponse>(API_PATHS.adminUserSessions.replace(':username', encodeURIComponent(username)));
      // One sentence per grammatical number: "sesión(es)" reads badly, and worse aloud.
      return t(data.revoked === 1 ? 'admin.signedOutEverywhere.one' : 'admin.signedOutEverywhere.other', { username, count: data.revoked });
    });

  const sessions = table.status === 'loaded' ? table.data.sessions : [];
  const users = [...new Set(sessions.map((row) => row.username))].sort();

  return (
    <section>
      <div className="title-row">
        <h1>{t('admin.title')}</h1>
        <button type="button" className="button secondary" onClick={() => void load()}>
          {t('admin.refresh')}
        </button>
      </div>
      <p className="lead">{t('admin.intro')}</p>
      <p className="hint">{t('admin.jwtNotHere')}</p>
      {table.status === 'loading' ? <p role="status">{t('admin.loading')}</p> : null}
      {table.status === 'failed' ? (
        <p role="alert" className="error">
          {describePageFailure(table.code, t)}
        </p>
      ) : null}
      <ActionOutcome message={message} />
      {table.status === 'loaded' ? (
        <>
          <p className="hint">{t('admin.refreshedAt', { time: formatTime(table.data.at), seconds: ADMIN_REFRESH_MS / 1000 })}</p>
          {sessions.length === 0 ? (
            <p>{t('admin.none')}</p>
          ) : (
            <div className="table-scroll sessions-table-box">
              {/* The explicit roles keep the table a table where it is shown as cards: see LabelledCell. */}
              <table className="sessions-table" role="table">
                <caption>{t('admin.caption', { count: sessions.length })}</caption>
                <thead>
                  <tr role="row">
                    <th scope="col" role="columnheader">{t('admin.col.user')}</th>
                    <th scope="col" role="columnheader">{t('sessions.col.kind')}</th>
                    <th scope="col" role="columnheader">{t('sessions.col.created')}</th>
                    <th scope="col" role="columnheader">{t('sessions.col.lastSeen')}</th>
                    <th scope="col" role="columnheader">{t('sessions.col.ip')}</th>
                    <th scope="col" role="columnheader">{t('sessions.col.device')}</th>
                    <th scope="col" role="columnheader">
                      <span className="visually-hidden">{t('sessions.col.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.map((row) => (
                    <tr key={row.id} role="row" className={row.current ? 'current' : undefined}>
                      <th scope="row" role="rowheader">
                        {row.username}
                        {row.current ? <span className="badge">{t('sessions.thisOne')}</span> : null}
                      </th>
                      <LabelledCell label={t('sessions.col.kind')}>{row.kind}</LabelledCell>
                      <LabelledCell label={t('sessions.col.created')}>
                        <time dateTime={row.createdAt}>{formatTime(Date.parse(row.createdAt))}</time>
                      </LabelledCell>
                      <LabelledCell label={t('sessions.col.lastSeen')}>
                        <time dateTime={row.lastSeenAt}>{formatTime(Date.parse(row.lastSeenAt))}</time>
                      </LabelledCell>
                      <LabelledCell label={t('sessions.col.ip')}>
                        <code>{row.ip}</code>
                      </LabelledCell>
                      <LabelledCell label={t('sessions.col.device')} className="cell-wide">
                        <span title={row.userAgent}>{describeUserAgent(row.userAgent)}</span>
                      </LabelledCell>
                      <LabelledCell className="row-actions">
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={busy}
                          onClick={() => void revoke(row)}
                          aria-label={t('admin.revoke.named', { username: row.username, time: formatTime(Date.parse(row.createdAt)) })}
                        >
                          {t('admin.revoke')}
                        </button>
                      </LabelledCell>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {users.length > 0 ? (
            <>
              <h2>{t('admin.users')}</h2>
              <p className="hint">{t('admin.users.hint')}</p>
              <ul className="user-actions">
                {users.map((username) => (
                  <li key={username}>
                    <button type="button" className="button" disabled={busy} onClick={() => void signOutEverywhere(username)}>
                      {t('admin.signOutEverywhere', { username })}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ReuseIncidents incidents={table.data.incidents} />
        </>
      ) : null}
    </section>
  );
}

/**
 * The refresh families the server ended on its own because a rotated refresh token came back: someone had a
 * copy of it. Newest first; the owner was signed out too, and their popup said why.
 */
function ReuseIncidents({ incidents }: { incidents: RefreshReuseView[] | null }) {
  const t = useT();
  const formatTime = useFormatTime();
  const time = (iso: string) => <time dateTime={iso}>{formatTime(Date.parse(iso))}</time>;
  return (
    <section aria-labelledby="reuse-title">
      <h2 id="reuse-title">{t('admin.reuse.title')}</h2>
      <p className="hint">{t('admin.reuse.intro')}</p>
      {incidents === null ? <p className="error">{t('admin.reuse.failed')}</p> : null}
      {incidents !== null && incidents.length === 0 ? <p>{t('admin.reuse.none')}</p> : null}
      {incidents !== null && incidents.length > 0 ? (
        <div className="table-scroll sessions-table-box">
          {/* The explicit roles keep the table a table where it is shown as cards: see LabelledCell. */}
          <table className="sessions-table incidents-table" role="table">
            <caption>{t('admin.reuse.caption', { count: incidents.length })}</caption>
            <thead>
              <tr role="row">
                <th scope="col" role="columnheader">{t('admin.col.user')}</th>
                <th scope="col" role="columnheader">{t('admin.reuse.col.detected')}</th>
                <th scope="col" role="columnheader">{t('sessions.col.created')}</th>
                <th scope="col" role="columnheader">{t('sessions.col.ip')}</th>
                <th scope="col" role="columnheader">{t('sessions.col.device')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id} role="row">
                  <th scope="row" role="rowheader">{incident.username}</th>
                  <LabelledCell label={t('admin.reuse.col.detected')}>{time(incident.detectedAt)}</LabelledCell>
                  <LabelledCell label={t('sessions.col.created')}>{time(incident.createdAt)}</LabelledCell>
                  <LabelledCell label={t('sessions.col.ip')}>
                    <code>{incident.ip}</code>
                  </LabelledCell>
                  <LabelledCell label={t('sessions.col.device')} className="cell-wide">
                    <span title={incident.userAgent}>{describeUserAgent(incident.userAgent)}</span>
                  </LabelledCell>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
