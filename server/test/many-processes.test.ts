/**
 * Two real server processes on one Redis, as an operator runs them behind a load balancer ("Run several
 * instances" in the README): two `node server/dist/server.js`, each on its own port, sharing JWT_SECRET and
 * Redis and nothing else. What a class should see: a session started on one works on the other, a revocation
 * anywhere is refused everywhere, guesses spread over both are counted once, and an instance that loses its
 * subscription to revocations never accepts a revoked session, then caches again once it is back.
 *
 * Both processes keep a session row in their cache for a minute (SESSION_CACHE_MS, the most the server
 * allows), so when the other instance refuses a revoked session within PROPAGATION_LIMIT_MS, the pub/sub
 * message told it: its cache alone would have accepted the session for the whole minute.
 *
 * Instance A connects to Redis as a user of its own (an ACL user that this file creates), so the test can cut
 * A's subscription and keep it cut: Redis 7 disconnects a subscriber whose user loses the right to its channel,
 * and refuses its next SUBSCRIBE. A network cut would heal within milliseconds, too soon to be sure that a
 * revocation fell inside it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ErrorCode } from '@session-lab/shared';
import { TEST_SECRET } from './helpers.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';
import { CACHE_MS, me, meUntil, refused, signIn, type MeAnswer } from './redis/instances.js';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from './server-process.js';

describe.skipIf(redisUrl === null)('two server processes on one Redis (skipped without Redis)', { timeout: 60_000 }, () => {
  const prefix = uniquePrefix();
  const user = `sl-${prefix.slice(0, -1)}`;
  const password = randomBytes(16).toString('hex');
  let redis: Redis;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  /** Why the test of a lost subscription cannot run here, or null when it can. */
  let noAcl: string | null = null;

  beforeAll(async () => {
    await ensureServerBuilt();
    redis = new Redis(redisUrl!);
    const env = {
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      SCRYPT_COST: '1024',
      SESSION_STORE: 'redis',
      REDIS_PREFIX: prefix,
      SESSION_CACHE_MS: String(CACHE_MS),
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '4',
    };
    // A's own Redis user, allowed this file's keys and channels only. A Redis the tests were pointed at with
    // REDIS_URL may not let us create users; then A connects like B, and only the subscription test is skipped.
    let urlOfA = redisUrl!;
    try {
      await redis.call('ACL', 'SETUSER', user, 'on', `>${password}`, `~${prefix}*`, `&${prefix}*`, '+@all');
      const url = new URL(redisUrl!);
      url.username = user;
      url.password = password;
      urlOfA = url.toString();
    } catch (error) {
      noAcl = `this Redis refused ACL SETUSER (${error instanceof Error ? error.message : String(error)})`;
    }
    [a, b] = await Promise.all([startServerProcess({ ...env, REDIS_URL: urlOfA }), startServerProcess({ ...env, REDIS_URL: redisUrl! })]);
  }, 180_000);

  afterEach(async () => {
    // The throttle's counters would otherwise carry one test's failed guesses into the next test's sign-ins.
    await deletePrefix(redis, `${prefix}throttle:`);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (redis === undefined) return;
    await deletePrefix(redis, prefix);
    if (noAcl === null) await redis.call('ACL', 'DELUSER', user);
    redis.disconnect();
  });

  it.each(['bearer', 'cookie-jwt', 'session', 'hybrid'] as const)('lets a sign-in of kind %s on A be used on B', async (kind) => {
    const credentials = await signIn(a!, kind);
    const onB = await fetch(`${b!.base}/api/me`, { headers: credentials.headers });
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ username: 'student', kind });
  });

  it.each(['session', 'hybrid'] as const)('refuses on A a %s signed out on B, although A had it in its cache', async (kind) => {
    const credentials = await signIn(a!, kind);
    await me(a!, credentials);
    expect((await me(a!, credentials)).timing).toContain('sl-cache;desc=hit');

    const logout = await fetch(`${b!.base}/api/auth/logout`, { method: 'POST', headers: credentials.headers });
    expect(logout.status).toBe(204);
    // B revoked it itself: refused at once, without waiting for anything.
    expect(await me(b!, credentials)).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });

    const onA = await meUntil(a!, credentials, refused);
    expect(onA.at(-1)).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });
  });

  it("carries a teacher's forced logout on A to the student's sessions on both instances", async () => {
    const onA = await signIn(a!, 'session');
    const onB = await signIn(b!, 'hybrid');
    for (const [instance, credentials] of [[a!, onA], [b!, onB]] as const) {
      await me(instance, credentials);
      expect((await me(instance, credentials)).timing).toContain('sl-cache;desc=hit');
    }

    const teacher = await signIn(b!, 'bearer', 'teacher');
    const forced = await fetch(`${a!.base}/api/admin/users/student/sessions`, { method: 'DELETE', headers: teacher.headers });
    expect(forced.status).toBe(200);
    expect(((await forced.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);

    for (const [instance, credentials] of [[a!, onA], [b!, onB], [a!, onB], [b!, onA]] as const) {
      expect((await meUntil(instance, credentials, refused)).at(-1)).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });
    }
  });

  it('counts guesses spread over both processes against one limit', async () => {
    const guess = (instance: ServerProcess) =>
      fetch(`${instance.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'teacher', password: 'guess' }),
      });
    // The limit for one address on one account is 4: two guesses on each process use it up.
    for (const instance of [a!, b!, a!, b!]) expect((await guess(instance)).status).toBe(401);
    for (const instance of [a!, b!]) {
      const answer = await guess(instance);
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('accepts no request for a session revoked while its subscription is down, and caches again once it is back', async (context) => {
    if (noAcl !== null) context.skip(noAcl);
    const credentials = await signIn(a!, 'session');
    await me(a!, credentials);
    expect((await me(a!, credentials)).timing).toContain('sl-cache;desc=hit');

    // Cut A's subscription and keep it cut: Redis disconnects it, and refuses it when it subscribes again.
    await redis.call('ACL', 'SETUSER', user, 'resetchannels');
    // A notices on its own; from then on it reads Redis for every check. The session is still live meanwhile.
    const untilOff = await meUntil(a!, credentials, (answer) => answer.timing.includes('sl-cache;desc=off'));
    expect(untilOff.at(-1)!.timing).toContain('sl-cache;desc=off');
    expect(untilOff.every((answer) => answer.status === 200)).toBe(true);

    // Signed out on B: B announces it, and A cannot hear the announcement.
    const logout = await fetch(`${b!.base}/api/auth/logout`, { method: 'POST', headers: credentials.headers });
    expect(logout.status).toBe(204);

    // No stale acceptance: the very first request to A after the sign-out, and every one after, is refused.
    const afterRevocation: MeAnswer[] = [];
    for (let request = 0; request < 20; request += 1) afterRevocation.push(await me(a!, credentials));
    expect(afterRevocation.filter((answer) => answer.status === 200)).toEqual([]);
    for (const answer of afterRevocation) expect(answer).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });

    // A may subscribe again: it asks again by itself, and caches again once subscribed. The session revoked
    // while it was deaf stays refused.
    await redis.call('ACL', 'SETUSER', user, `&${prefix}*`);
    const fresh = await signIn(a!, 'session');
    const cachedAgain = await meUntil(a!, fresh, (answer) => answer.timing.includes('sl-cache;desc=hit'));
    expect(cachedAgain.at(-1)!.timing).toContain('sl-cache;desc=hit');
    expect(await me(a!, credentials)).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });
  });
});

