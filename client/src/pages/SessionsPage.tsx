import { API_PATHS, isTableKind, type RevokedCountResponse, type SessionsResponse, type SessionView } from '@session-lab/shared';
import { useAuth } from '../auth/AuthProvider';
import { useFormatTime, useT } from '../i18n/I18nProvider';
import { api } from '../lib/api';
import { describeUserAgent } from '../lib/userAgent';
import { LabelledCell } from '../components/LabelledCell';
import { describePageFailure } from './sessionFailures';
import { useServerData } from './useServerData';
import { ActionOutcome, useSessionAction } from './useSessionAction';

/** The caller's live rows. */
async function fetchList(): Promise<SessionView[]> {
  const { data } = await api.get<SessionsResponse>(API_PATHS.sessions);
  return data.sessions;
}

/**
 * "My sessions": the caller's own live rows of the session table, one per browser or device they signed in
 * with a table kind (`session`, `hybrid`). The server marks the row of this very request as `current`. Ending
 * a row revokes it on the server: the device that holds its cookie is refused on its next request.
 *
 * A session of a JWT kind (`bearer`, `cookie-jwt`) has no row: the token carries everything, and the server
 * keeps nothing it could list or end. The page says so instead of showing an empty table without a reason.
 */
export function SessionsPage() {
  const t = useT();
  const formatTime = useFormatTime();
  const { session, signOut } = useAuth();
  const { state: list, reload: load } = useServerData(fetchList);

  const { busy, message, run } = useSessionAction(load);

  const endOne = (row: SessionView) =>
    run(async () => {
      await api.delete(API_PATHS.session.replace(':id', encodeURIComponent(row.id)));
      // Ending this very session is signing out: the server has revoked it, and the page forgets it too.
      if (row.current) {
        signOut();
        return null;
      }
      return t('sessions.ended');
    });

  const endOthers = () =>
    run(async () => {
      const { data } = await api.delete<RevokedCountResponse>(API_PATHS.sessions);
      // One sentence per grammatical number: "sesión(es)" reads badly, and worse aloud.
      return t(data.revoked === 1 ? 'sessions.endedOthers.one' : 'sessions.endedOthers.other', { count: data.revoked });
    });

  if (!session) return null;
  const hasRow = isTableKind(session.kind);
  const others = list.status === 'loaded' ? list.data.filter((row) => !row.current) : [];

  return (
    <section>
      <h1>{t('sessions.title')}</h1>
      <p className="lead">{t('sessions.intro')}</p>
      {hasRow ? null : (
        <div className="notice">
          <p>{t('sessions.jwtKind', { kind: t(`kind.${session.kind}`) })}</p>
          <p>{t('sessions.jwtKind.why')}</p>
        </div>
      )}
      {list.status === 'loading' ? <p role="status">{t('sessions.loading')}</p> : null}
      {list.status === 'failed' ? (
        <p role="alert" className="error">
          {describePageFailure(list.code, t)}
        </p>
      ) : null}
      <ActionOutcome message={message} />
      {list.status === 'loaded' ? (
        list.data.length === 0 ? (
          <p>{t('sessions.none')}</p>
        ) : (
          <div className="table-scroll sessions-table-box">
            {/* The explicit roles keep the table a table where it is shown as cards: see LabelledCell. */}
            <table className="sessions-table" role="table">
              <caption>{t('sessions.caption')}</caption>
              <thead>
                <tr role="row">
                  <th scope="col" role="columnheader">{t('sessions.col.device')}</th>
                  <th scope="col" role="columnheader">{t('sessions.col.kind')}</th>
                  <th scope="col" role="columnheader">{t('sessions.col.created')}</th>
                  <th scope="col" role="columnheader">{t('sessions.col.lastSeen')}</th>
                  <th scope="col" role="columnheader">{t('sessions.col.ip')}</th>
                  <th scope="col" role="columnheader">
                    <span className="visually-hidden">{t('sessions.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((row) => (
                  <tr key={row.id} role="row" className={row.current ? 'current' : undefined}>
                    <th scope="row" role="rowheader">
                      <span title={row.userAgent}>{describeUserAgent(row.userAgent)}</span>
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
                    <LabelledCell className="row-actions">
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={busy}
                        onClick={() => void endOne(row)}
                        aria-label={row.current ? t('sessions.endThis') : t('sessions.endOne.named', { device: describeUserAgent(row.userAgent), time: formatTime(Date.parse(row.createdAt)) })}
                      >
                        {row.current ? t('sessions.endThis') : t('sessions.endOne')}
                      </button>
                    </LabelledCell>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <p>
        <button type="button" className="button" disabled={busy || others.length === 0} onClick={() => void endOthers()}>
          {t('sessions.endOthers')}
        </button>
      </p>
      <p className="hint">{t('sessions.endOthers.hint')}</p>
    </section>
  );
}
