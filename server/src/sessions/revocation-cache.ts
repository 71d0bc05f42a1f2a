/**
 * A small cache of session lookups in each instance, in front of the Redis store, from which every revocation
 * drops the revoked rows at once, on every instance.
 *
 * Why: with Redis, a session check is a network round trip on every request. A browser sends many requests a
 * second with the same cookie, and the row almost never changes between them. So each instance remembers the
 * rows it has just read. The danger is the one verified-tokens.ts warns about: a remembered "this session is
 * live" would let a revoked session through. Three rules keep that from happening:
 *
 * 1. Every revocation is announced. The store's revoke scripts publish the revoked ids on a Redis channel in the
 *    same atomic step as the revocation (redis-store.ts); every instance subscribes and drops those rows from
 *    its cache. The instance that revoked drops them itself at once, without waiting for its own message.
 * 2. Pub/sub delivers at most once: a message sent while an instance's subscription is down is lost for it. So
 *    the cache is trusted only while the subscription is up. When the connection drops, the cache is emptied
 *    and every check reads Redis ("fail closed", Server-Timing `sl-cache;desc=off`), until the instance has
 *    subscribed again: after reconnecting, or, if Redis refused the subscription on a connection that stayed
 *    up, by asking again every second.
 * 3. However sure the first two are, no row is answered from memory for longer than SESSION_CACHE_MS (one
 *    second by default): the bound on how stale an answer can be if a message were ever lost some other way.
 *
 * Only live rows are remembered; an unknown or refused secret always goes to Redis, so nobody can fill the
 * cache with made-up ids. A row that the cache would call ended (idle, say, because another instance wrote
 * "last seen" since) is read again from Redis rather than refused on the cache's word. A read that was under
 * way while a revocation arrived is not remembered, since it may have read the row just before it changed.
 */
import type { Redis } from 'ioredis';
import { LookupCache, type LookupCacheOptions } from './lookup-cache.js';
import type { SessionStore } from './store.js';

/** How long to wait before asking again when Redis refused a subscription on a connection that stays up. */
const SUBSCRIBE_RETRY_MS = 1_000;

export interface RevocationCacheOptions extends LookupCacheOptions {
  /** The store the cache sits in front of; every write goes straight to it. */
  store: SessionStore;
  /**
   * A connection of its own for the subscription (Redis allows nothing else on a subscribed connection),
   * made with `autoResubscribe: false`: this class subscribes again itself, and must know when it has.
   */
  subscriber: Redis;
  /** The channel the store announces revocations on. */
  channel: string;
}

export class RevocationCache extends LookupCache {
  private readonly subscriber: Redis;
  private readonly channel: string;
  /** True only while the subscription is confirmed: rule 2. */
  private subscribed = false;
  private closed = false;
  private readonly firstSubscription: Promise<void>;

  constructor(options: RevocationCacheOptions) {
    super(options.store, options);
    this.subscriber = options.subscriber;
    this.channel = options.channel;

    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.rows.forgetIds(message.split(' '));
    });
    // Any loss of the connection, however brief, may have lost a message: stop trusting at once.
    this.subscriber.on('close', () => this.distrust());
    // An error is followed by 'close' and a reconnection; it must not become an unhandled 'error' event.
    this.subscriber.on('error', () => {});
    let resolveFirst: () => void = () => {};
    this.firstSubscription = new Promise((resolve) => (resolveFirst = resolve));
    this.subscriber.on('ready', () => {
      void this.subscribe().finally(resolveFirst);
    });
    if (this.subscriber.status === 'ready') void this.subscribe().finally(resolveFirst);
  }

  /** Resolves once the first attempt to subscribe has finished, whether or not it succeeded. */
  started(): Promise<void> {
    return this.firstSubscription;
  }

  /** True while revocations are being heard, so cached rows may be used. */
  get trusted(): boolean {
    return this.subscribed;
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch {
      // Either the connection went away again, and its next 'ready' tries again; or Redis refused while the
      // connection stays up (a Redis user not allowed this channel, say), and no 'ready' will come to try
      // again, so this asks again a little later. Meanwhile every check reads Redis.
      this.subscribeLater();
      return;
    }
    if (this.closed || this.subscriber.status !== 'ready') return;
    // Whatever was cached before is from a time messages may have been missed: start empty.
    this.rows.clear();
    this.subscribed = true;
  }

  private subscribeLater(): void {
    if (this.closed || this.subscriber.status !== 'ready') return;
    const retry = setTimeout(() => {
      if (!this.closed && !this.subscribed && this.subscriber.status === 'ready') void this.subscribe();
    }, SUBSCRIBE_RETRY_MS);
    // A retry must not keep a process alive that has nothing else to do.
    retry.unref();
  }

  private distrust(): void {
    this.subscribed = false;
    this.rows.clear();
  }

  /** Cached rows are used only while revocations are being heard: rule 2. */
  protected get listening(): boolean {
    return this.subscribed;
  }

  /** Ends the subscription; the store's own connection belongs to plugins/redis.ts. */
  override async close(): Promise<void> {
    this.closed = true;
    this.distrust();
    this.subscriber.disconnect();
    await super.close();
  }
}
