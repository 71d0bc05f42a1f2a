/**
 * How a row of the session table is shown to its owner and to a teacher: the public id and the audit fields,
 * never the secret hash (which is useless to them, and is nobody's business).
 *
 * `expiresAt` is when the row really ends (sessionEndsAt: the idle deadline, capped by the absolute end), the
 * same end `/api/me` and `sl-expires` report for the session, since that is the end a user or a teacher is
 * asking about. The row's own `expiresAt` is only the latest it can last; it is shown as `absoluteExpiresAt`.
 */
import type { AdminSessionView, SessionView } from '@session-lab/shared';
import { sessionEndsAt, type SessionRecord } from './store.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionView(session: SessionRecord, currentId: string | null): SessionView {
  return {
    id: session.id,
    kind: session.kind,
    createdAt: iso(session.createdAt),
    lastSeenAt: iso(session.lastSeenAt),
    expiresAt: iso(sessionEndsAt(session)),
    absoluteExpiresAt: iso(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

export function adminSessionView(session: SessionRecord, currentId: string | null): AdminSessionView {
  return { ...sessionView(session, currentId), username: session.username };
}
