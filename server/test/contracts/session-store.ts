/**
 * The contract every SessionStore must honour, as one test suite. Each implementation runs exactly these tests
 * (server/test/session-stores.test.ts runs them for memory and SQLite); a new store (Redis) calls
 * `describeSessionStoreContract` with a factory and passes them too before it is used.
 *
 * Time is passed in explicitly everywhere, so the suite never waits and runs the same on a busy machine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, newPublicId, newSessionSecret, type NewSession, type SessionStore } from '../../src/sessions/store.js';

/** Makes a fresh, empty store; `cleanup` (optional) removes whatever it left behind. */
export interface StoreFactory {
  create(): Promise<SessionStore>;
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
const SECOND = 1000;

/** A new session row; every field can be overridden. */
export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    id: newPublicId(),
    secretHash: hashSecret(newSessionSecret()),
    username: 'student',
    kind: 'session',
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + 3600 * SECOND,
    idleTimeoutSeconds: 600,
    ip: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (contract test)',
    ...overrides,
  };
}

export function describeSessionStoreContract(name: string, factory: StoreFactory): void {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup?.();
    });

    it('finds a new session by the hash of its secret and by its public id, with every field intact', async () => {
      const session = newSession({ kind: 'hybrid', idleTimeoutSeconds: null, userAgent: 'ünïcødé agent ✓' });
      await store.create(session);
      const expected = { ...session, revokedAt: null, revokedBy: null, revokedReason: null };
      expect(await store.findBySecretHash(session.secretHash)).toEqual(expected);
      expect(await store.findById(session.id)).toEqual(expected);
    });

    it('knows nothing about a secret or an id it never stored', async () => {
      await store.create(newSession());
      expect(await store.findBySecretHash(hashSecret(newSessionSecret()))).toBeUndefined();
      expect(await store.findById(newPublicId())).toBeUndefined();
    });

    it('refuses a second session with the same secret hash', async () => {
      const first = newSession();
      await store.create(first);
      await expect(store.create(newSession({ secretHash: first.secretHash }))).rejects.toThrow();
    });

    it('gives out copies: changing a returned record does not change the store', async () => {
      const session = newSession();
      await store.create(session);
      const found = await store.findById(session.id);
      found!.username = 'teacher';
      found!.revokedAt = T0;
      expect(await store.findById(session.id)).toMatchObject({ username: 'student', revokedAt: null });
    });

    describe('last seen', () => {
      it('moves forward on touch and never backwards', async () => {
        const session = newSession();
        await store.create(session);
        await store.touch(session.id, T0 + 30 * SECOND);
        expect((await store.findById(session.id))?.lastSeenAt).toBe(T0 + 30 * SECOND);
        await store.touch(session.id, T0 + 10 * SECOND);
        expect((await store.findById(session.id))?.lastSeenAt).toBe(T0 + 30 * SECOND);
      });

      it('keeps an idle session alive as long as it is touched within the idle timeout', async () => {
        const session = newSession({ idleTimeoutSeconds: 60 });
        await store.create(session);
        await store.touch(session.id, T0 + 50 * SECOND);
        expect(await store.listLive({}, T0 + 100 * SECOND)).toHaveLength(1);
        expect(await store.listLive({}, T0 + 110 * SECOND)).toHaveLength(0);
      });

      it('does not touch a revoked session', async () => {
        const session = newSession();
        await store.create(session);
        await store.revoke(session.id, { at: T0 + SECOND, by: 'student', reason: 'logout' });
        await store.touch(session.id, T0 + 5 * SECOND);
        expect((await store.findById(session.id))?.lastSeenAt).toBe(T0);
      });
    });

    describe('listing live sessions', () => {
      it("lists one user's live sessions oldest first, or everyone's", async () => {
        const older = newSession({ createdAt: T0 - 10 * SECOND });
        const newer = newSession({ createdAt: T0 });
        const teachers = newSession({ username: 'teacher', createdAt: T0 - 5 * SECOND });
        await store.create(newer);
        await store.create(teachers);
        await store.create(older);
        expect((await store.listLive({ username: 'student' }, T0)).map((s) => s.id)).toEqual([older.id, newer.id]);
        expect((await store.listLive({}, T0)).map((s) => s.id)).toEqual([older.id, teachers.id, newer.id]);
      });

      it('leaves out sessions past their absolute end, even when recently active', async () => {
        const session = newSession({ expiresAt: T0 + 100 * SECOND, idleTimeoutSeconds: 60 });
        await store.create(session);
        await store.touch(session.id, T0 + 90 * SECOND);
        expect(await store.listLive({}, T0 + 99 * SECOND)).toHaveLength(1);
        expect(await store.listLive({}, T0 + 100 * SECOND)).toHaveLength(0);
      });

      it('leaves out sessions idle for their whole idle timeout', async () => {
        await store.create(newSession({ idleTimeoutSeconds: 60 }));
        expect(await store.listLive({}, T0 + 60 * SECOND - 1)).toHaveLength(1);
        expect(await store.listLive({}, T0 + 60 * SECOND)).toHaveLength(0);
      });

      it('applies no idle timeout to a session without one', async () => {
        await store.create(newSession({ idleTimeoutSeconds: null, kind: 'hybrid' }));
        expect(await store.listLive({}, T0 + 3599 * SECOND)).toHaveLength(1);
      });
    });

    describe('revoking', () => {
      it('revokes one live session and keeps it, marked, for the audit', async () => {
        const session = newSession();
        await store.create(session);
        expect(await store.revoke(session.id, { at: T0 + SECOND, by: 'teacher', reason: 'admin' })).toBe(true);
        expect(await store.findBySecretHash(session.secretHash)).toMatchObject({
          revokedAt: T0 + SECOND,
          revokedBy: 'teacher',
          revokedReason: 'admin',
        });
        expect(await store.listLive({}, T0 + SECOND)).toEqual([]);
      });

      it('answers false for a session that is unknown, already revoked or already expired, and changes nothing', async () => {
        const revoked = newSession();
        const expired = newSession({ expiresAt: T0 + SECOND });
        await store.create(revoked);
        await store.create(expired);
        await store.revoke(revoked.id, { at: T0, by: 'student', reason: 'logout' });

        const again = { at: T0 + 5 * SECOND, by: 'teacher', reason: 'admin' } as const;
        expect(await store.revoke(newPublicId(), again)).toBe(false);
        expect(await store.revoke(revoked.id, again)).toBe(false);
        expect(await store.revoke(expired.id, again)).toBe(false);
        expect(await store.findById(revoked.id)).toMatchObject({ revokedAt: T0, revokedBy: 'student', revokedReason: 'logout' });
        expect(await store.findById(expired.id)).toMatchObject({ revokedAt: null });
      });

      it("revokes every live session of one user, sparing the one named and other users' sessions", async () => {
        const keep = newSession();
        const end1 = newSession();
        const end2 = newSession({ kind: 'hybrid', idleTimeoutSeconds: null });
        const alreadyRevoked = newSession();
        const teachers = newSession({ username: 'teacher' });
        for (const session of [keep, end1, end2, alreadyRevoked, teachers]) await store.create(session);
        await store.revoke(alreadyRevoked.id, { at: T0, by: 'student', reason: 'logout' });

        const count = await store.revokeAllOf('student', { at: T0 + SECOND, by: 'student', reason: 'user' }, keep.id);
        expect(count).toBe(2);
        expect((await store.listLive({}, T0 + SECOND)).map((s) => s.id).sort()).toEqual([keep.id, teachers.id].sort());
        expect(await store.findById(alreadyRevoked.id)).toMatchObject({ revokedReason: 'logout' });
      });

      it('revokes all of a user\'s sessions when none is spared', async () => {
        await store.create(newSession());
        await store.create(newSession());
        expect(await store.revokeAllOf('student', { at: T0, by: 'teacher', reason: 'admin' })).toBe(2);
        expect(await store.revokeAllOf('student', { at: T0, by: 'teacher', reason: 'admin' })).toBe(0);
      });
    });

    describe('refresh families (rotation)', () => {
      const family = () => newSession({ kind: 'refresh', idleTimeoutSeconds: 600 });

      it('rotates to a new secret and still finds the row by the retired one, whose hash is no longer current', async () => {
        const session = family();
        await store.create(session);
        const next = hashSecret(newSessionSecret());
        expect(await store.rotate(session.id, session.secretHash, next, T0 + 30 * SECOND)).toBe(true);

        expect(await store.findBySecretHash(next)).toMatchObject({ id: session.id, secretHash: next, lastSeenAt: T0 + 30 * SECOND });
        // The caller sees the current hash differ from the one it asked about: the mark of a retired secret.
        expect(await store.findBySecretHash(session.secretHash)).toMatchObject({ id: session.id, secretHash: next });
      });

      it('lets only one of two rotations from the same secret win, and keeps the winner', async () => {
        const session = family();
        await store.create(session);
        const first = hashSecret(newSessionSecret());
        const second = hashSecret(newSessionSecret());
        const results = await Promise.all([
          store.rotate(session.id, session.secretHash, first, T0 + SECOND),
          store.rotate(session.id, session.secretHash, second, T0 + SECOND),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? first : second;
        const loser = results[0] ? second : first;
        expect((await store.findById(session.id))?.secretHash).toBe(winner);
        expect(await store.findBySecretHash(loser)).toBeUndefined();
      });

      it('chains rotations, each retired secret still naming the family', async () => {
        const session = family();
        await store.create(session);
        const hashes = [session.secretHash];
        for (let step = 1; step <= 3; step += 1) {
          const next = hashSecret(newSessionSecret());
          expect(await store.rotate(session.id, hashes.at(-1)!, next, T0 + step * SECOND)).toBe(true);
          hashes.push(next);
        }
        for (const hash of hashes) expect((await store.findBySecretHash(hash))?.secretHash).toBe(hashes.at(-1));
        // A retired secret cannot rotate the family any more.
        expect(await store.rotate(session.id, hashes[1]!, hashSecret(newSessionSecret()), T0 + 5 * SECOND)).toBe(false);
      });

      it('does not rotate a revoked, idle or past-its-end family', async () => {
        const revoked = family();
        const idle = newSession({ kind: 'refresh', idleTimeoutSeconds: 60 });
        const ended = newSession({ kind: 'refresh', expiresAt: T0 + 10 * SECOND });
        for (const session of [revoked, idle, ended]) await store.create(session);
        await store.revoke(revoked.id, { at: T0, by: 'student', reason: 'logout' });

        expect(await store.rotate(revoked.id, revoked.secretHash, hashSecret(newSessionSecret()), T0 + SECOND)).toBe(false);
        expect(await store.rotate(idle.id, idle.secretHash, hashSecret(newSessionSecret()), T0 + 60 * SECOND)).toBe(false);
        expect(await store.rotate(ended.id, ended.secretHash, hashSecret(newSessionSecret()), T0 + 10 * SECOND)).toBe(false);
        expect((await store.findById(idle.id))?.secretHash).toBe(idle.secretHash);
      });

      it('keeps a rotated family live for its idle timeout after each rotation, never past its absolute end', async () => {
        const session = newSession({ kind: 'refresh', idleTimeoutSeconds: 60, expiresAt: T0 + 100 * SECOND });
        await store.create(session);
        await store.rotate(session.id, session.secretHash, hashSecret(newSessionSecret()), T0 + 50 * SECOND);
        expect(await store.listLive({}, T0 + 99 * SECOND)).toHaveLength(1);
        expect(await store.listLive({}, T0 + 100 * SECOND)).toHaveLength(0);
      });

      it('shows a family revoked by reuse when looked up by any of its secrets', async () => {
        const session = family();
        await store.create(session);
        const next = hashSecret(newSessionSecret());
        await store.rotate(session.id, session.secretHash, next, T0 + SECOND);
        expect(await store.revoke(session.id, { at: T0 + 2 * SECOND, by: '(server)', reason: 'reuse' })).toBe(true);
        for (const hash of [session.secretHash, next]) {
          expect(await store.findBySecretHash(hash)).toMatchObject({ revokedReason: 'reuse', revokedAt: T0 + 2 * SECOND });
        }
      });

      it('lists the rows revoked for one reason, most recent first, up to a limit', async () => {
        const sessions = [family(), family(), family(), family()];
        for (const session of sessions) await store.create(session);
        await store.revoke(sessions[0]!.id, { at: T0 + 1 * SECOND, by: '(server)', reason: 'reuse' });
        await store.revoke(sessions[1]!.id, { at: T0 + 3 * SECOND, by: '(server)', reason: 'reuse' });
        await store.revoke(sessions[2]!.id, { at: T0 + 2 * SECOND, by: '(server)', reason: 'reuse' });
        await store.revoke(sessions[3]!.id, { at: T0 + 4 * SECOND, by: 'student', reason: 'logout' });

        expect((await store.listRevoked('reuse', 10)).map((s) => s.id)).toEqual([sessions[1]!.id, sessions[2]!.id, sessions[0]!.id]);
        expect((await store.listRevoked('reuse', 2)).map((s) => s.id)).toEqual([sessions[1]!.id, sessions[2]!.id]);
        expect(await store.listRevoked('admin', 10)).toEqual([]);
      });
    });
  });
}
