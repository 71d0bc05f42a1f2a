import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@session-lab/shared';
import { AttemptCounter } from '../src/plugins/login-throttle.js';
import { WorkQueue } from '../src/work-queue.js';
import { buildTestApp } from './helpers.js';
import { redisUrl, uniquePrefix } from './redis/helpers.js';

/** A clock the test moves by hand, so a five-minute window passes in no time. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/**
 * Every rule of the throttle holds wherever its counters live: in this process's memory, and in Redis (the
 * throttle every instance shares when REDIS_URL is set). The Redis run needs a Redis (test/redis/global-setup.ts).
 */
const BACKENDS = [
  { name: 'in memory', env: (): Record<string, string> => ({}) },
  {
    name: 'in Redis',
    env: redisUrl === null ? undefined : (): Record<string, string> => ({ REDIS_URL: redisUrl!, REDIS_PREFIX: uniquePrefix() }),
  },
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.env === undefined)(`the sign-in throttle, counted ${backend.name}`, () => {
    describe('sign-in throttling', () => {
      let app: FastifyInstance;
      afterEach(() => app?.close());

      const attempt = (username: string, password: string, remoteAddress = '198.51.100.7') =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

      it('answers 429 TOO_MANY_ATTEMPTS with Retry-After once an address has used its failures on an account', async () => {
        const clock = manualClock();
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3', LOGIN_WINDOW_SECONDS: '300' }, { now: clock.now });
        for (let i = 0; i < 3; i += 1) expect((await attempt('student', 'guess')).statusCode).toBe(401);

        clock.advance(60_000);
        const refused = await attempt('student', 'guess');
        expect(refused.statusCode).toBe(429);
        expect(refused.json()).toEqual({ statusCode: 429, code: ErrorCode.TOO_MANY_ATTEMPTS, message: expect.stringContaining('240 seconds') });
        expect(refused.headers['retry-after']).toBe('240');
      });

      it('refuses even the right password from that address while it is throttled, then lets it in after the window', async () => {
        const clock = manualClock();
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2', LOGIN_WINDOW_SECONDS: '300' }, { now: clock.now });
        await attempt('student', 'guess');
        await attempt('student', 'guess');
        expect((await attempt('student', 'student123')).statusCode).toBe(429);

        clock.advance(300_000);
        expect((await attempt('student', 'student123')).statusCode).toBe(200);
      });

      it('throttles one account without touching another', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2' });
        await attempt('student', 'guess');
        await attempt('student', 'guess');
        expect((await attempt('student', 'guess')).statusCode).toBe(429);
        expect((await attempt('teacher', 'teacher123')).statusCode).toBe(200);
      });

      it('counts unknown usernames exactly like real ones, so a 429 reveals no account', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2' });
        await attempt('nobody', 'guess');
        await attempt('nobody', 'guess');
        expect((await attempt('nobody', 'guess')).statusCode).toBe(429);
      });

      it('lets a successful sign-in reset the count of its address and account', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3' });
        await attempt('student', 'guess');
        await attempt('student', 'guess');
        expect((await attempt('student', 'student123')).statusCode).toBe(200);
        await attempt('student', 'guess');
        await attempt('student', 'guess');
        expect((await attempt('student', 'student123')).statusCode).toBe(200);
      });

      it('throttles an address that sprays guesses across many usernames', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '100', LOGIN_MAX_FAILURES_PER_IP: '4' });
        for (let i = 0; i < 4; i += 1) expect((await attempt(`user${i}`, 'guess', '203.0.113.5')).statusCode).toBe(401);
        const refused = await attempt('student', 'student123', '203.0.113.5');
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        // Other addresses are unaffected.
        expect((await attempt('student', 'student123', '203.0.113.6')).statusCode).toBe(200);
      });

      it('does not let a sign-in to an own account reset the address count', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '100', LOGIN_MAX_FAILURES_PER_IP: '3' });
        await attempt('teacher', 'guess', '203.0.113.8');
        await attempt('teacher', 'guess', '203.0.113.8');
        expect((await attempt('student', 'student123', '203.0.113.8')).statusCode).toBe(200);
        expect((await attempt('teacher', 'guess', '203.0.113.8')).statusCode).toBe(401);
        expect((await attempt('teacher', 'teacher123', '203.0.113.8')).statusCode).toBe(429);
      });

      it('counts a burst of simultaneous guesses before any of them is checked', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3' });
        const answers = await Promise.all(Array.from({ length: 10 }, () => attempt('teacher', 'guess')));
        const statuses = answers.map((response) => response.statusCode).sort();
        expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
      });

      it('does not count requests refused by the schema', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1' });
        const invalid = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 1 } });
        expect(invalid.statusCode).toBe(400);
        expect((await attempt('student', 'student123')).statusCode).toBe(200);
      });
    });

    describe('one student does not lock the class out', () => {
      let app: FastifyInstance;
      afterEach(() => app?.close());

      const attempt = (username: string, password: string, remoteAddress: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

      it('locks the shared account only for the address that guessed wrong five times', async () => {
        app = await buildTestApp(backend.env!());
        for (let i = 0; i < 5; i += 1) expect((await attempt('student', 'guess', '10.0.0.1')).statusCode).toBe(401);
        expect((await attempt('student', 'student123', '10.0.0.1')).statusCode).toBe(429);
        // Every other student signs in as before.
        for (const address of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) {
          expect((await attempt('student', 'student123', address)).statusCode).toBe(200);
        }
      });

      it('still stops a guess at one account spread over many addresses', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2', LOGIN_MAX_FAILURES_PER_ACCOUNT: '6' });
        // Each address can only add its own two failures, so it takes three addresses to reach six.
        for (const address of ['10.1.0.1', '10.1.0.2']) {
          for (let i = 0; i < 2; i += 1) await attempt('teacher', 'guess', address);
          expect((await attempt('teacher', 'guess', address)).statusCode).toBe(429);
        }
        expect((await attempt('teacher', 'teacher123', '10.1.0.9')).statusCode).toBe(200);
        for (let i = 0; i < 3; i += 1) await attempt('teacher', 'guess', '10.1.0.3');
        const refused = await attempt('teacher', 'teacher123', '10.1.0.10');
        expect(refused.statusCode).toBe(429);
        expect(refused.json().code).toBe(ErrorCode.TOO_MANY_ATTEMPTS);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      });

      it('counts down: Retry-After shrinks as the window runs out', async () => {
        const clock = manualClock();
        app = await buildTestApp({ ...backend.env!(), LOGIN_WINDOW_SECONDS: '300' }, { now: clock.now });
        for (let i = 0; i < 5; i += 1) await attempt('student', 'guess', '10.2.0.1');
        const seen: string[] = [];
        for (const step of [0, 100_000, 150_000, 49_500]) {
          clock.advance(step);
          seen.push(String((await attempt('student', 'student123', '10.2.0.1')).headers['retry-after']));
        }
        expect(seen).toEqual(['300', '200', '50', '1']);
        clock.advance(500);
        expect((await attempt('student', 'student123', '10.2.0.1')).statusCode).toBe(200);
      });

      it('limits sign-ins of any outcome from one address, correct ones included', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_ATTEMPTS_PER_IP: '3' });
        for (let i = 0; i < 3; i += 1) expect((await attempt('student', 'student123', '10.3.0.1')).statusCode).toBe(200);
        const refused = await attempt('student', 'student123', '10.3.0.1');
        expect(refused.statusCode).toBe(429);
        expect(refused.json().code).toBe(ErrorCode.TOO_MANY_ATTEMPTS);
        expect((await attempt('student', 'student123', '10.3.0.2')).statusCode).toBe(200);
      });
    });

    describe('a bounded queue of password checks', () => {
      let app: FastifyInstance;
      afterEach(() => app?.close());

      it('answers 503 SERVER_BUSY with Retry-After at once when the queue is full, and counts nothing', async () => {
        app = await buildTestApp({ ...backend.env!(), LOGIN_MAX_CONCURRENT_HASHES: '1', LOGIN_MAX_QUEUED_HASHES: '1', LOGIN_MAX_ATTEMPTS_PER_IP: '1' });
        // Two checks that last until the test lets them go fill the only slot and the only place in the queue.
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        const slow = [app.passwordChecks.tryRun(() => held), app.passwordChecks.tryRun(() => held)];
        expect(slow.every((task) => task !== undefined)).toBe(true);

        const busy = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 'student123' } });
        expect(busy.statusCode).toBe(503);
        expect(busy.json()).toEqual({ statusCode: 503, code: ErrorCode.SERVER_BUSY, message: expect.any(String) });
        expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);

        release();
        await Promise.all(slow);
        // The refused sign-in was not counted: the address's only attempt is still there.
        const later = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 'student123' } });
        expect(later.statusCode).toBe(200);
      });
    });
  });
}

describe('WorkQueue', () => {
  it('runs at most maxRunning tasks, queues maxWaiting more, refuses the rest, and starts the queued in order', async () => {
    const queue = new WorkQueue(2, 1);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        order.push(`start ${name}`);
        gates.set(name, () => resolve(name));
      });
    const a = queue.tryRun(task('a'));
    const b = queue.tryRun(task('b'));
    const c = queue.tryRun(task('c'));
    expect(queue.tryRun(task('d'))).toBeUndefined();
    await Promise.resolve();
    expect(order).toEqual(['start a', 'start b']);
    expect(queue.load).toEqual({ running: 2, waiting: 1 });

    gates.get('a')!();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start a', 'start b', 'start c']);
    expect(queue.tryRun(task('e'))).toBeDefined();
    gates.get('b')!();
    gates.get('c')!();
    await Promise.all([b, c]);
    await new Promise((resolve) => setImmediate(resolve));
    gates.get('e')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });
});

describe('AttemptCounter', () => {
  it('keeps no more keys than its bound, forgetting the oldest key that is still counting', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(2, 1000, 4, clock.now);
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      counter.count(key);
      clock.advance(1);
    }
    expect(counter.size).toBe(4);
    // 'a' had one failure of two and was forgotten; counting it again starts from one.
    counter.count('a');
    expect(counter.waitMs('a')).toBe(0);
    counter.count('e');
    expect(counter.waitMs('e')).toBeGreaterThan(0);
  });

  it('never forgets a lock early, however many other keys arrive', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(2, 300_000, 100, clock.now);
    counter.count('student');
    counter.count('student');
    expect(counter.waitMs('student')).toBe(300_000);
    for (let i = 0; i < 5000; i += 1) {
      clock.advance(1);
      if (counter.waitMs(`user${i}`) === 0) counter.count(`user${i}`);
    }
    expect(counter.size).toBeLessThanOrEqual(100);
    expect(counter.waitMs('student')).toBe(300_000 - 5000);
  });

  it('refuses a new key when every entry is a lock, until the oldest lock ends', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(1, 1000, 3, clock.now);
    for (const key of ['a', 'b', 'c']) {
      counter.count(key);
      clock.advance(10);
    }
    expect(counter.waitMs('new')).toBe(970);
    clock.advance(970);
    expect(counter.waitMs('new')).toBe(0);
    counter.count('new');
    expect(counter.waitMs('new')).toBe(1000);
    expect(counter.waitMs('b')).toBe(10);
  });

  it('forgets finished windows as time passes', () => {
    const clock = manualClock();
    const counter = new AttemptCounter(1, 1000, 100, clock.now);
    for (let i = 0; i < 50; i += 1) counter.count(`key${i}`);
    expect(counter.size).toBe(50);
    clock.advance(1000);
    counter.count('new');
    expect(counter.size).toBe(1);
    clock.advance(500);
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
