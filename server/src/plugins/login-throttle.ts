/**
 * Slows down password guessing. Failed sign-ins are counted per username and per IP address in fixed windows;
 * once either count reaches its limit, further attempts get 429 TOO_MANY_ATTEMPTS with `Retry-After` until the
 * window ends. Nobody is locked out for longer than one window, and a successful sign-in clears the account's
 * count.
 *
 * Both counters matter. The per-account one stops a slow, distributed guess at one password; the per-IP one
 * stops one machine from trying a few passwords against many accounts. Unknown usernames are counted exactly
 * like real ones: if only real accounts could be throttled, the 429 itself would tell an attacker which
 * usernames exist.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LoginThrottleConfig } from '../config.js';

interface Window {
  attempts: number;
  /** When this window ends, in milliseconds since the epoch. */
  endsAt: number;
}

/**
 * Counts attempts per key in fixed windows that start at a key's first attempt, in bounded memory.
 *
 * Every new window ends `windowMs` after it was created, so the Map's insertion order is also the order in
 * which windows end. Dropping finished windows is therefore a walk from the front that stops at the first live
 * one, and when the Map is full, the entry dropped to make room is the one closest to expiry anyway.
 */
export class AttemptCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it still has attempts left in its window. */
  waitMs(key: string): number {
    const now = this.now();
    this.dropFinished(now);
    const window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now || window.attempts < this.limit) return 0;
    return window.endsAt - now;
  }

  /** Counts one attempt for `key`, opening a new window if it has none that is still running. */
  count(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window !== undefined && window.endsAt > now) {
      window.attempts += 1;
      return;
    }
    // Deleting before setting moves the key to the back of the Map, keeping the Map ordered by end time.
    this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.dropOldest();
    this.windows.set(key, { attempts: 1, endsAt: now + this.windowMs });
  }

  /** Gives back an attempt that turned out to be a success. */
  giveBack(key: string): void {
    const window = this.windows.get(key);
    if (window !== undefined && window.attempts > 0) window.attempts -= 1;
  }

  /** Forgets `key` entirely. */
  clear(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private dropFinished(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now) break;
      this.windows.delete(key);
    }
  }

  private dropOldest(): void {
    const oldest = this.windows.keys().next();
    if (oldest.done !== true) this.windows.delete(oldest.value);
  }
}

export interface LoginThrottle {
  /**
   * Call before checking a password. Returns 0 when the attempt may go ahead (and counts it), or the number
   * of seconds to send in `Retry-After` when it must be refused.
   */
  begin(username: string, ip: string): number;
  /** Call after a successful sign-in: the account starts afresh and the address gets its attempt back. */
  succeeded(username: string, ip: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    loginThrottle: LoginThrottle;
  }
}

export interface LoginThrottleOptions extends LoginThrottleConfig {
  /** The clock, replaceable so tests can move past a window without waiting for it. */
  now?: () => number;
  /** How many usernames and how many addresses are tracked at most; each entry is a few dozen bytes. */
  maxKeys?: number;
}

async function loginThrottle(fastify: FastifyInstance, options: LoginThrottleOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const windowMs = options.windowSeconds * 1000;
  const maxKeys = options.maxKeys ?? 10_000;
  const perAccount = new AttemptCounter(options.maxFailuresPerAccount, windowMs, maxKeys, now);
  const perIp = new AttemptCounter(options.maxFailuresPerIp, windowMs, maxKeys, now);

  fastify.decorate('loginThrottle', {
    begin(username: string, ip: string): number {
      const waitMs = Math.max(perAccount.waitMs(username), perIp.waitMs(ip));
      // Retry-After is in whole seconds; rounding up means a client that obeys it is not refused again.
      if (waitMs > 0) return Math.ceil(waitMs / 1000);
      // The attempt is counted now, before the (slow) password check: counting only after a failure would let
      // a burst of simultaneous guesses all pass the check above while the first hash is still computing.
      // Nothing runs between the check and the count, so no other request can slip in between them.
      perAccount.count(username);
      perIp.count(ip);
      return 0;
    },
    succeeded(username: string, ip: string): void {
      perAccount.clear(username);
      // The address keeps its other failures: otherwise an attacker who owns one account could sign in with
      // it between guesses and reset the address's count forever.
      perIp.giveBack(ip);
    },
  } satisfies LoginThrottle);
}

export default fp(loginThrottle, { name: 'login-throttle', fastify: '5.x' });
