import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@session-lab/shared';
import { AttemptCounter } from '../src/plugins/login-throttle.js';
import { buildTestApp } from './helpers.js';

/** A clock the test moves by hand, so a five-minute window passes in no time. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('sign-in throttling', () => {
  let app: FastifyInstance;
  afterEach(() => app?.close());

  const attempt = (username: string, password: string, remoteAddress = '198.51.100.7') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  it('answers 429 TOO_MANY_ATTEMPTS with Retry-After once an account has used its failures', async () => {
    const clock = manualClock();
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_SECONDS: '300' }, { now: clock.now });
    for (let i = 0; i < 3; i += 1) expect((await attempt('student', 'guess')).statusCode).toBe(401);

    clock.advance(60_000);
    const refused = await attempt('student', 'guess');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ statusCode: 429, code: ErrorCode.TOO_MANY_ATTEMPTS, message: expect.stringContaining('240 seconds') });
    expect(refused.headers['retry-after']).toBe('240');
  });

  it('refuses even the right password while the account is throttled, then lets it in after the window', async () => {
    const clock = manualClock();
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', LOGIN_WINDOW_SECONDS: '300' }, { now: clock.now });
    await attempt('student', 'guess');
    await attempt('student', 'guess');
    expect((await attempt('student', 'student123')).statusCode).toBe(429);

    clock.advance(300_000);
    expect((await attempt('student', 'student123')).statusCode).toBe(200);
  });

  it('throttles one account without touching another', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    await attempt('student', 'guess');
    await attempt('student', 'guess');
    expect((await attempt('student', 'guess')).statusCode).toBe(429);
    expect((await attempt('teacher', 'teacher123')).statusCode).toBe(200);
  });

  it('counts unknown usernames exactly like real ones, so a 429 reveals no account', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    await attempt('nobody', 'guess');
    await attempt('nobody', 'guess');
    expect((await attempt('nobody', 'guess')).statusCode).toBe(429);
  });

  it('lets a successful sign-in reset the account count', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    await attempt('student', 'guess');
    await attempt('student', 'guess');
    expect((await attempt('student', 'student123')).statusCode).toBe(200);
    await attempt('student', 'guess');
    await attempt('student', 'guess');
    expect((await attempt('student', 'student123')).statusCode).toBe(200);
  });

  it('throttles an address that sprays guesses across many usernames', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_IP: '4' });
    for (let i = 0; i < 4; i += 1) expect((await attempt(`user${i}`, 'guess', '203.0.113.5')).statusCode).toBe(401);
    const refused = await attempt('student', 'student123', '203.0.113.5');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses are unaffected.
    expect((await attempt('student', 'student123', '203.0.113.6')).statusCode).toBe(200);
  });

  it('does not let a sign-in to an own account reset the address count', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_IP: '3' });
    await attempt('teacher', 'guess', '203.0.113.8');
    await attempt('teacher', 'guess', '203.0.113.8');
    expect((await attempt('student', 'student123', '203.0.113.8')).statusCode).toBe(200);
    expect((await attempt('teacher', 'guess', '203.0.113.8')).statusCode).toBe(401);
    expect((await attempt('teacher', 'teacher123', '203.0.113.8')).statusCode).toBe(429);
  });

  it('counts a burst of simultaneous guesses before any of them is checked', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => attempt('teacher', 'guess')));
    const statuses = answers.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('does not count requests refused by the schema', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1' });
    const invalid = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 1 } });
    expect(invalid.statusCode).toBe(400);
    expect((await attempt('student', 'student123')).statusCode).toBe(200);
  });
});

describe('AttemptCounter', () => {
  it('keeps no more keys than its bound, forgetting the oldest first', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(1, 1000, 4, clock.now);
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      counter.count(key);
      clock.advance(1);
    }
    expect(counter.size).toBeLessThanOrEqual(4);
    expect(counter.waitMs('a')).toBe(0);
    expect(counter.waitMs('e')).toBeGreaterThan(0);
  });

  it('forgets finished windows as time passes', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(1, 1000, 100, clock.now);
    for (let i = 0; i < 50; i += 1) counter.count(`key${i}`);
    expect(counter.size).toBe(50);
    clock.advance(1000);
    counter.count('new');
    clock.advance(1000);
    counter.count('newer');
    expect(counter.size).toBe(2);
  });

  it('opens a fresh window for a key whose window has ended', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(2, 1000, 100, clock.now);
    counter.count('k');
    counter.count('k');
    expect(counter.waitMs('k')).toBe(1000);
    clock.advance(1000);
    counter.count('k');
    expect(counter.waitMs('k')).toBe(0);
  });

  it('stays bounded under a flood of distinct usernames', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(5, 300_000, 10_000, clock.now);
    for (let i = 0; i < 50_000; i += 1) {
      counter.waitMs(`user${i}`);
      counter.count(`user${i}`);
    }
    expect(counter.size).toBeLessThanOrEqual(10_000);
  });

  it('keeps counting a window that spans two generations', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(3, 1000, 100, clock.now);
    clock.advance(900);
    counter.count('k');
    counter.count('k');
    clock.advance(200);
    counter.count('k');
    expect(counter.waitMs('k')).toBe(800);
  });
});
