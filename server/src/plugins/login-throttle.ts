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
 * Counts attempts per key in fixed windows that start at a key's first attempt, in bounded memory and
 * constant time per call.
 *
 * Windows are kept in two generations of Maps. Every window lasts exactly `windowMs`, so once a generation
 * is older than one window, every window in the generation before it has ended, and that whole Map is dropped
 * in one step; nothing ever iterates over the entries. When a flood of new keys fills the current generation
 * before its time is up, it is moved along early: the oldest half of the entries is forgotten, which keeps
 * memory at `maxKeys` entries at most (each a few dozen bytes), at the price of letting those keys start afresh.
 */
export class AttemptCounter {
  private current = new Map<string, Window>();
  private previous = new Map<string, Window>();
  private generationStart: number;
  private readonly maxPerGeneration: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    maxKeys: number,
    private readonly now: () => number,
  ) {
    this.generationStart = now();
    this.maxPerGeneration = Math.max(1, Math.floor(maxKeys / 2));
  }

  /** Milliseconds until `key` may try again, or 0 when it still has attempts left in its window. */
  waitMs(key: string): number {
    const now = this.now();
    const window = this.running(key, now);
    return window !== undefined && window.attempts >= this.limit ? window.endsAt - now : 0;
  }

  /** Counts one attempt for `key`, opening a new window if it has none that is still running. */
  count(key: string): void {
    const now = this.now();
    const window = this.running(key, now);
    if (window !== undefined) {
      window.attempts += 1;
      return;
    }
    this.previous.delete(key);
    if (this.current.size >= this.maxPerGeneration) this.startGeneration(now);
    this.current.set(key, { attempts: 1, endsAt: now + this.windowMs });
  }

  /** Gives back an attempt that turned out to be a success. */
  giveBack(key: string): void {
    const window = this.running(key, this.now());
    if (window !== undefined && window.attempts > 0) window.attempts -= 1;
  }

  /** Forgets `key` entirely. */
  clear(key: string): void {
    this.current.delete(key);
    this.previous.delete(key);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private running(key: string, now: number): Window | undefined {
    if (now - this.generationStart >= this.windowMs) this.startGeneration(now);
    const window = this.current.get(key) ?? this.previous.get(key);
    return window !== undefined && window.endsAt > now ? window : undefined;
  }

  private startGeneration(now: number): void {
    this.previous = this.current;
    this.current = new Map();
    this.generationStart = now;
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
