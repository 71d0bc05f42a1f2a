/**
 * The lookup cache in front of the SQLite store (sessions/sqlite-cache.ts), with the session clock under the
 * test's control: a repeated check is answered from memory, a revocation made through this app is refused on
 * the very next request, and one made by another connection to the same file is obeyed as soon as the cache
 * has looked at SQLite's data_version (and, even if it never looked, after SESSION_CACHE_MS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { COOKIE_NAMES, ErrorCode } from '@session-lab/shared';
import { PROBE_INTERVAL_MS } from '../src/sessions/sqlite-cache.js';
import { SqliteSessionStore } from '../src/sessions/sqlite-store.js';
import { buildTestApp, expectRefused, signInWithCookie, type CookieSession } from './helpers.js';

describe('the SQLite lookup cache', () => {
  let folder: string;
  let path: string;
  let app: FastifyInstance;
  let now: number;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'session-lab-sqlite-cache-'));
    path = join(folder, 'sessions.sqlite');
    now = Date.now();
    // The cache's look at the file runs on a timer; the test moves that timer itself, never waiting for it.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    app = await buildTestApp({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: path, SESSION_CACHE_MS: '1000' }, { now: () => now });
  });
  afterEach(async () => {
    await app.close();
    vi.useRealTimers();
    rmSync(folder, { recursive: true, force: true });
  });

  const me = (session: CookieSession) => app.inject({ method: 'GET', url: '/api/me', headers: session.headers });

  /** Revokes every live row of the student through a second connection, as another process would. */
  async function revokeFromAnotherConnection(): Promise<void> {
    const other = new SqliteSessionStore(path);
    await other.revokeAllOf('student', { at: now, by: 'teacher', reason: 'admin' });
    await other.close();
  }

  it('answers a repeated check from memory, without reading the table', async () => {
    const session = await signInWithCookie(app, 'session');
    const first = await me(session);
    expect(first.headers['server-timing']).toContain('sl-cache;desc=miss');
    expect(first.headers['server-timing']).toContain('sl-store-read');
    const second = await me(session);
    expect(second.statusCode).toBe(200);
    expect(second.headers['server-timing']).toContain('sl-cache;desc=hit');
    expect(second.headers['server-timing']).not.toContain('sl-store-read');
  });

  it.each(['session', 'hybrid'] as const)('refuses a %s signed out through this app on the very next request', async (kind) => {
    const session = await signInWithCookie(app, kind);
    await me(session);
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');

    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(logout.statusCode).toBe(204);
    // The browser would drop its cookie now; a copy taken earlier is what an attacker would replay.
    expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
  });

  it("refuses on the very next request every session a teacher's forced logout ended", async () => {
    const session = await signInWithCookie(app, 'session');
    await me(session);
    await app.sessionStore.revokeAllOf('student', { at: now, by: 'teacher', reason: 'admin' });
    expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
  });

  it('obeys a revocation written by another connection to the file at its next look, 50 ms at most', async () => {
    const session = await signInWithCookie(app, 'session');
    await me(session);
    await revokeFromAnotherConnection();
    vi.advanceTimersByTime(PROBE_INTERVAL_MS);
    const refused = expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
    expect(refused.headers['server-timing']).toContain('sl-cache;desc=miss');
  });

  it('uses a cached row for at most SESSION_CACHE_MS, even if it never looked at the file', async () => {
    const session = await signInWithCookie(app, 'session');
    await me(session);
    await revokeFromAnotherConnection();
    now += 999;
    expect((await me(session)).statusCode).toBe(200);
    now += 1;
    expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
  });

  it('finds nothing changed elsewhere after its own writes', async () => {
    const session = await signInWithCookie(app, 'session');
    await me(session);
    // Signing in again writes a row through this app's own connection.
    await signInWithCookie(app, 'session');
    vi.advanceTimersByTime(PROBE_INTERVAL_MS);
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');
  });

  it('never caches a secret the table does not know', async () => {
    const forged = { headers: { cookie: `${COOKIE_NAMES.session}=${'A'.repeat(43)}`, 'x-csrf-token': '' } } as unknown as CookieSession;
    for (let i = 0; i < 2; i += 1) {
      const answer = await me(forged);
      expect(answer.json().code).toBe(ErrorCode.SESSION_UNKNOWN);
      expect(answer.headers['server-timing']).toContain('sl-cache;desc=miss');
    }
  });

  it('reads the table on every check when SESSION_CACHE_MS is 0, to show what a stateful session costs', async () => {
    const uncached = await buildTestApp({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'uncached.sqlite'), SESSION_CACHE_MS: '0' });
    try {
      const session = await signInWithCookie(uncached, 'session');
      for (let i = 0; i < 2; i += 1) {
        const answer = await uncached.inject({ method: 'GET', url: '/api/me', headers: session.headers });
        expect(answer.statusCode).toBe(200);
        expect(answer.headers['server-timing']).toContain('sl-store-read');
        expect(answer.headers['server-timing']).not.toContain('sl-cache');
      }
    } finally {
      await uncached.close();
    }
  });

  it('reads the table on every check while it cannot look at the file, and trusts its memory again once it can', async () => {
    const session = await signInWithCookie(app, 'session');
    await me(session);
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');

    const locked = vi.spyOn(SqliteSessionStore.prototype, 'changedElsewhere').mockImplementation(() => {
      throw new Error('SQLITE_BUSY: database is locked');
    });
    try {
      // The failed look must not escape the timer (it would stop the server), and nothing is answered from memory.
      vi.advanceTimersByTime(PROBE_INTERVAL_MS);
      for (let i = 0; i < 2; i += 1) {
        const answer = await me(session);
        expect(answer.statusCode).toBe(200);
        expect(answer.headers['server-timing']).toContain('sl-cache;desc=off');
        expect(answer.headers['server-timing']).toContain('sl-store-read');
      }
    } finally {
      locked.mockRestore();
    }

    vi.advanceTimersByTime(PROBE_INTERVAL_MS);
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=miss');
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');
  });
});
