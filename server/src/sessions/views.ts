/**
 * How a row of the session table is shown to its owner and to a teacher: the public id and the audit fields,
 * never the secret hash (which is useless to them, and is nobody's business).
 */
import type { AdminSessionView, SessionView } from '@session-lab/shared';
import type { SessionRecord } from './store.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionView(session: SessionRecord, currentId: string | null): SessionView {
  return {
    id: session.id,
    kind: session.kind,
    createdAt: iso(session.createdAt),
    lastSeenAt: iso(session.lastSeenAt),
    expiresAt: iso(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

export function adminSessionView(session: SessionRecord, currentId: string | null): AdminSessionView {
  return { ...sessionView(session, currentId), username: session.username };
}
