/**
 * The memory both lookup caches share (sessions/recent-rows.ts), on its own with times the test chooses: the
 * row it hands out, and how a "last seen" written through this instance keeps a remembered row from looking idle.
 */
import { describe, expect, it } from 'vitest';
import { RecentRows } from '../src/sessions/recent-rows.js';
import type { SessionRecord } from '../src/sessions/store.js';

const T0 = 1_800_000_000_000;

function row(changes: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'public-id-1',
    secretHash: 'hash-1',
    username: 'student',
    kind: 'session',
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + 3_600_000,
    idleTimeoutSeconds: 60,
    ip: '127.0.0.1',
    userAgent: 'test',
    revokedAt: null,
    revokedBy: null,
    revokedReason: null,
    ...changes,
  };
}

describe('the recent rows of a lookup cache', () => {
  it('hands every check the same frozen row, so no check can change what the next one is told', () => {
    const rows = new RecentRows(10_000);
    const read = row();
    rows.remember('hash-1', read, T0, rows.epoch);

    const first = rows.get('hash-1', T0 + 1);
    expect(first).toEqual(read);
    expect(Object.isFrozen(first)).toBe(true);
    expect(rows.get('hash-1', T0 + 2)).toBe(first);
    // The store's own object stays its own: the memory store keeps changing it.
    expect(Object.isFrozen(read)).toBe(false);
  });

  it('keeps a row whose "last seen" was written through this instance from looking idle', () => {
    const rows = new RecentRows(10 * 60_000);
    rows.remember('hash-1', row(), T0, rows.epoch);

    // Idle for 60 s would end it at T0 + 60 s; a request at T0 + 50 s was seen and written.
    rows.touched('public-id-1', T0 + 50_000);
    expect(rows.get('hash-1', T0 + 70_000)?.lastSeenAt).toBe(T0 + 50_000);
  });

  it('forgets a row that has gone idle instead of answering for it', () => {
    const rows = new RecentRows(10 * 60_000);
    rows.remember('hash-1', row(), T0, rows.epoch);
    expect(rows.get('hash-1', T0 + 60_000)).toBeUndefined();
  });
});
