/**
 * Slows down password guessing without letting one person lock others out.
 *
 * The demo's accounts are shared: a whole class signs in as `student`, often from different machines. The
 * first version counted failures per username, so five wrong guesses by one student refused the correct
 * password to everyone for five minutes. Four counters now work together, each over the same fixed window
 * (LOGIN_WINDOW_SECONDS), and an attempt is refused with 429 TOO_MANY_ATTEMPTS and `Retry-After` when any of
 * them is at its limit:
 *
 * 1. Failures per (account, address) pair, a tight limit (5). This is the lock a guesser meets first, and it
 *    locks the account only for the address that guessed: the rest of the class signs in as before.
 * 2. Failures per address, across accounts (50): one machine cannot spray guesses over many usernames.
 * 3. Failures per account, across addresses (100). Because of counter 1, each address can add at most 5
 *    failures to it, so it takes at least 20 different addresses to trip it: only a distributed attack on one
 *    account does, and then the account is refused to everyone until the window ends, which is the price of
 *    stopping such an attack.
 * 4. Sign-ins of ANY outcome per address (300 by default, LOGIN_MAX_ATTEMPTS_PER_IP). The demo passwords are public, and every sign-in costs a full
 *    scrypt hash, so correct sign-ins must be limited too, or one address could keep the server hashing.
 *
 * Unknown usernames are counted exactly like real ones: if only real accounts could be throttled, the 429
 * itself would tell an attacker which usernames exist. The password check itself is further bounded by the
 * work queue (server/src/work-queue.ts), which answers 503 SERVER_BUSY when too many are already waiting.
 *
 * Where the counters live: in this process's memory (AttemptCounter, below), or in Redis when REDIS_URL is set
 * (redis-login-throttle.ts), where every instance of the server counts in the same place. Otherwise a guesser
 * behind a proxy that spreads requests over N instances would get N times the allowance. Both keep exactly the
 * rules above, and the same tests run against both.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LoginThrottleConfig } from '../config.js';
import { redisLoginThrottle } from '../redis-login-throttle.js';

interface Window {
  attempts: number;
  /** When this window ends, in milliseconds since the epoch. */
  endsAt: number;
}

/**
 * Counts attempts per key in fixed windows that start at a key's first attempt, in bounded memory and
 * amortised constant time per call.
 *
 * A key whose count reached the limit is "locked" until its window ends, and a lock is never forgotten early:
 * that is the whole point of counting. So locked keys and keys that are still counting live in two Maps.
 * Whenever a new key arrives, windows that have ended are dropped first (each Map keeps keys in the order
 * their window or lock began, so the ended ones are at the front and dropping them never needs a full scan).
 * Memory is bounded by `maxKeys` for both Maps together; when they are still full after that:
 * - the oldest key that is still counting is forgotten: it loses a few failures it had not yet turned
 *   into a lock, which costs an attacker as many fresh keys as the memory holds, within one window;
 * - if every entry is a lock, the new key is refused ("fail closed") until the oldest lock ends: an address
 *   or account nobody can count is not allowed to guess. The work queue bounds how fast failures can be
 *   produced at all, so filling the memory with locks inside one window is out of reach in practice.
 */
export class AttemptCounter {
  /** Keys below the limit, in the order their windows began. */
  private readonly counting = new Map<string, Window>();
  /** Keys at the limit, in the order they reached it. Nothing but time removes them. */
  private readonly locked = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number,
  ) {}

  /**
   * Milliseconds until `key` may try again, or 0 when it may try now. A key the counter could not make room
   * for is refused for as long as the oldest lock lasts.
   */
  waitMs(key: string): number {
    const now = this.now();
    const lock = this.locked.get(key);
    if (lock !== undefined) {
      if (lock.endsAt > now) return lock.endsAt - now;
      this.locked.delete(key);
    }
    if (this.counting.has(key) || this.makeRoom(now, false)) return 0;
    const oldest = this.locked.values().next();
    return oldest.done ? 0 : Math.max(1, oldest.value.endsAt - now);
  }

  /** Counts one attempt for `key`. Call it only after `waitMs(key)` returned 0 in the same tick. */
  count(key: string): void {
    const now = this.now();
    let window = this.counting.get(key);
    if (window !== undefined && window.endsAt <= now) {
      this.counting.delete(key);
      window = undefined;
    }
    if (window === undefined) {
      if (!this.makeRoom(now, true)) return;
      window = { attempts: 0, endsAt: now + this.windowMs };
      this.counting.set(key, window);
    }
    window.attempts += 1;
    if (window.attempts >= this.limit) {
      this.counting.delete(key);
      this.locked.set(key, window);
    }
  }

  /** Gives back an attempt that turned out to be a success; a lock it had caused is lifted again. */
  giveBack(key: string): void {
    const now = this.now();
    const lock = this.locked.get(key);
    if (lock !== undefined && lock.endsAt > now) {
      lock.attempts -= 1;
      if (lock.attempts < this.limit) {
        this.locked.delete(key);
        this.counting.set(key, lock);
      }
      return;
    }
    const window = this.counting.get(key);
    if (window !== undefined && window.endsAt > now && window.attempts > 0) window.attempts -= 1;
  }

  /** Forgets `key` entirely. */
  clear(key: string): void {
    this.counting.delete(key);
    this.locked.delete(key);
  }

  get size(): number {
    return this.counting.size + this.locked.size;
  }

  /**
   * Makes sure one more key fits, dropping ended windows first and, if `evict` is set, the oldest key still
   * counting after that. Returns false only when every entry is a running lock.
   */
  private makeRoom(now: number, evict: boolean): boolean {
    // Ended windows are dropped on the way, full or not, so memory shrinks again once a flood has passed.
    for (const map of [this.counting, this.locked]) {
      for (const [key, window] of map) {
        if (window.endsAt > now) break;
        map.delete(key);
      }
    }
    if (this.size < this.maxKeys) return true;
    if (this.counting.size === 0) return false;
    if (evict) {
      const oldest = this.counting.keys().next();
      if (!oldest.done) this.counting.delete(oldest.value);
    }
    return true;
  }
}

export interface LoginThrottle {
  /**
   * Refuses or counts an attempt by `username` from `ip`, as one step: answers the seconds to send in
   * `Retry-After` when any counter is at its limit (and counts nothing), else counts the attempt and answers 0.
   * The attempt is counted before the (slow) password check, because counting only after a failure would let a
   * burst of simultaneous guesses all pass while the first hash is still computing; and checking and counting
   * are one step, so no simultaneous request (on this instance or, with Redis, on another) slips in between.
   */
  attempt(username: string, ip: string): Promise<number>;
  /** Gives back an attempt that was counted but never reached the password check (503 SERVER_BUSY). */
  withdraw(username: string, ip: string): Promise<void>;
  /** Call after a successful sign-in: the pair starts afresh and the failure counts get this attempt back. */
  succeeded(username: string, ip: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    loginThrottle: LoginThrottle;
  }
}

export interface LoginThrottleOptions extends LoginThrottleConfig {
  /** The clock, replaceable so tests can move past a window without waiting for it. */
  now?: () => number;
  /** How many keys each counter tracks at most in memory; each entry is a few dozen bytes. */
  maxKeys?: number;
}

/** One key per (account, address) pair. An address never contains a space, so the first space splits it. */
export const pairKey = (username: string, ip: string): string => `${ip} ${username}`;

/** Retry-After is in whole seconds; rounding up means a client that obeys it is not refused again. */
export const retryAfterSeconds = (waitMs: number): number => Math.ceil(waitMs / 1000);

/** The four counters in this process's memory: the throttle of a single instance. */
export function memoryLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const now = options.now ?? Date.now;
  const windowMs = options.windowSeconds * 1000;
  const maxKeys = options.maxKeys ?? 10_000;
  const failuresPerPair = new AttemptCounter(options.maxFailuresPerAccountAndIp, windowMs, maxKeys, now);
  const failuresPerIp = new AttemptCounter(options.maxFailuresPerIp, windowMs, maxKeys, now);
  const failuresPerAccount = new AttemptCounter(options.maxFailuresPerAccount, windowMs, maxKeys, now);
  const attemptsPerIp = new AttemptCounter(options.maxAttemptsPerIp, windowMs, maxKeys, now);
  const all = (username: string, ip: string) =>
    [
      [failuresPerPair, pairKey(username, ip)],
      [failuresPerIp, ip],
      [failuresPerAccount, username],
      [attemptsPerIp, ip],
    ] as const;

  return {
    // Synchronous inside: nothing else runs between the check and the count.
    async attempt(username, ip) {
      const counters = all(username, ip);
      const waitMs = Math.max(...counters.map(([counter, key]) => counter.waitMs(key)));
      if (waitMs > 0) return retryAfterSeconds(waitMs);
      for (const [counter, key] of counters) counter.count(key);
      return 0;
    },
    async withdraw(username, ip) {
      for (const [counter, key] of all(username, ip)) counter.giveBack(key);
    },
    async succeeded(username, ip) {
      failuresPerPair.clear(pairKey(username, ip));
      // The address and the account each get this one attempt back, and keep their other failures: otherwise
      // an attacker who owns one account could sign in with it between guesses and reset the counts forever.
      failuresPerIp.giveBack(ip);
      failuresPerAccount.giveBack(username);
      // Sign-ins of any outcome stay counted: that counter exists to bound correct ones too.
    },
  };
}

async function loginThrottle(fastify: FastifyInstance, options: LoginThrottleOptions): Promise<void> {
  // With Redis, every instance counts in the same place, so spreading guesses over instances gains nothing.
  const redis = fastify.redis;
  const redisConfig = fastify.redisConfig;
  fastify.decorate(
    'loginThrottle',
    redis !== null && redisConfig !== null
      ? redisLoginThrottle(redis, redisConfig.prefix, options)
      : memoryLoginThrottle(options),
  );
}

export default fp(loginThrottle, { name: 'login-throttle', fastify: '5.x', dependencies: ['redis'] });
