/**
 * The session table in Redis: what lets several instances of the server share their sessions. A session
 * created by one instance is found by every other, and a revocation on one reaches them all.
 *
 * Redis keeps data in memory (and, if configured, on disk), addressed by key. The table becomes:
 * - `<prefix>session:<id>`: a hash with the row's fields (a field is absent where the row has null);
 * - `<prefix>secret:<secret hash>`: the public id of the row whose secret hashes to it. The secret itself is
 *   never stored, exactly as in the other stores (store.ts says why);
 * - `<prefix>live:<username>` and `<prefix>live`: sorted sets of the ids of rows not yet revoked, scored by
 *   creation time: the per-user index for "my sessions" and forced logout, and the teacher's listing.
 * - `<prefix>revoked:<reason>`: a sorted set of revoked ids scored by the time of revocation, the newest
 *   REVOKED_INDEX_SIZE of them: the teacher's list of refresh families ended by reuse detection reads it.
 * - A refresh family's rotation writes a new `secret:` key for the new hash and leaves the old one in place,
 *   still naming the row, so a rotated-away refresh token is recognised when it comes back. Those retired keys
 *   end when the row would have ended anyway; a revocation extends only the current secret's key.
 *
 * Keys end by themselves: a row lives as long as its absolute lifetime (plus a minute, so a request just after
 * the end is still told SESSION_EXPIRED rather than SESSION_UNKNOWN), since after that it can never be live
 * again. A revoked row is kept longer, SESSION_AUDIT_SECONDS, as the audit entry; then Redis forgets it. This
 * is the difference from SQLite, which keeps every row until someone deletes it. The indexes hold ids only,
 * and an id whose row has ended is dropped from them the next time they are read.
 *
 * Every change is a Lua script (redis.ts says why), and every revocation publishes the ids it revoked on the
 * `<prefix>revoked` channel inside the same script, so no instance can see the row revoked and miss the message
 * or the other way round. The caches of the other instances listen there (revocation-cache.ts).
 *
 * The scripts name keys they compute from the prefix, which a single Redis (what this lab uses) allows; a
 * Redis Cluster would need every key declared up front.
 */
import type { TableKind } from '@session-lab/shared';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis.js';
import type { ListFilter, NewSession, RevokeReason, Revocation, SessionRecord, SessionStore } from './store.js';

/** How long a row outlives its absolute end, so its end is reported as SESSION_EXPIRED for a while. */
const EXPIRED_GRACE_MS = 60_000;

/** How many revocations per reason the `revoked:<reason>` index keeps; older ones drop off. */
const REVOKED_INDEX_SIZE = 1000;

/**
 * Lua shared by the scripts below: the key of a row, the rule for "live at now" (the same as sessionState() in
 * store.ts; the contract tests hold them together), and revoking one row. ARGV[1] is always the key prefix.
 */
const PRELUDE = `
local prefix = ARGV[1]
local function sessionKey(id) return prefix .. 'session:' .. id end
local function isLive(key, now)
  local f = redis.call('HMGET', key, 'expiresAt', 'revokedAt', 'lastSeenAt', 'idleTimeoutSeconds')
  if not f[1] or f[2] then return false end
  if now >= tonumber(f[1]) then return false end
  if f[4] and now >= tonumber(f[3]) + tonumber(f[4]) * 1000 then return false end
  return true
end
local function markRevoked(id, at, by, reason, auditMs)
  local key = sessionKey(id)
  local f = redis.call('HMGET', key, 'secretHash', 'username')
  redis.call('HSET', key, 'revokedAt', at, 'revokedBy', by, 'revokedReason', reason)
  for _, k in ipairs({ key, prefix .. 'secret:' .. f[1] }) do
    if redis.call('PTTL', k) < auditMs then redis.call('PEXPIRE', k, auditMs) end
  end
  redis.call('ZREM', prefix .. 'live:' .. f[2], id)
  redis.call('ZREM', prefix .. 'live', id)
  local index = prefix .. 'revoked:' .. reason
  redis.call('ZADD', index, at, id)
  redis.call('ZREMRANGEBYRANK', index, 0, -${REVOKED_INDEX_SIZE + 1})
end
`;

const CREATE = new LuaScript(`${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('a session with this id or secret already exists')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
return 1`);

/** The hot path, one round trip: from the secret's hash to the id, and from the id to the row. */
const FIND_BY_SECRET = new LuaScript(`${PRELUDE}
local id = redis.call('GET', KEYS[1])
if not id then return {} end
return redis.call('HGETALL', sessionKey(id))`);

const TOUCH = new LuaScript(`${PRELUDE}
local f = redis.call('HMGET', KEYS[1], 'lastSeenAt', 'revokedAt')
if f[1] and not f[2] and tonumber(f[1]) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[2]) end
return 1`);

const REVOKE = new LuaScript(`${PRELUDE}
if not isLive(KEYS[1], tonumber(ARGV[3])) then return 0 end
markRevoked(ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]))
redis.call('PUBLISH', ARGV[7], ARGV[2])
return 1`);

const REVOKE_ALL_OF = new LuaScript(`${PRELUDE}
local now = tonumber(ARGV[2])
local ended = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = sessionKey(id)
  if id ~= ARGV[7] and isLive(key, now) then
    markRevoked(id, ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]))
    table.insert(ended, id)
  elseif redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', prefix .. 'live', id)
  end
end
if #ended > 0 then redis.call('PUBLISH', ARGV[6], table.concat(ended, ' ')) end
return #ended`);

/** The compare-and-swap of a refresh: only a live row whose current secret is ARGV[3] takes the new one. */
const ROTATE = new LuaScript(`${PRELUDE}
local now = tonumber(ARGV[5])
if not isLive(KEYS[1], now) then return 0 end
if redis.call('HGET', KEYS[1], 'secretHash') ~= ARGV[3] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.error_reply('a session with this secret already exists') end
redis.call('HSET', KEYS[1], 'secretHash', ARGV[4])
if tonumber(redis.call('HGET', KEYS[1], 'lastSeenAt')) < now then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[5]) end
redis.call('SET', KEYS[2], ARGV[2], 'PX', redis.call('PTTL', KEYS[1]))
return 1`);

const LIST_REVOKED = new LuaScript(`${PRELUDE}
local limit = tonumber(ARGV[2])
local rows = {}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  if #rows >= limit then break end
  local key = sessionKey(id)
  if redis.call('EXISTS', key) == 1 then
    table.insert(rows, redis.call('HGETALL', key))
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return rows`);

const LIST_LIVE = new LuaScript(`${PRELUDE}
local now = tonumber(ARGV[2])
local rows = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = sessionKey(id)
  if isLive(key, now) then
    table.insert(rows, redis.call('HGETALL', key))
  elseif redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', KEYS[1], id)
  end
end
return rows`);

/** The hash fields of a new row; a null is left out, and reads back as null. */
function toFields(session: NewSession): string[] {
  const fields: Array<[string, string | number | null]> = [
    ['id', session.id],
    ['secretHash', session.secretHash],
    ['username', session.username],
    ['kind', session.kind],
    ['createdAt', session.createdAt],
    ['lastSeenAt', session.lastSeenAt],
    ['expiresAt', session.expiresAt],
    ['idleTimeoutSeconds', session.idleTimeoutSeconds],
    ['ip', session.ip],
    ['userAgent', session.userAgent],
  ];
  return fields.flatMap(([name, value]) => (value === null ? [] : [name, String(value)]));
}

/** A row from HGETALL's flat [field, value, field, value…] answer; an empty answer means there is no row. */
function toRecord(flat: unknown): SessionRecord | undefined {
  if (!Array.isArray(flat) || flat.length === 0) return undefined;
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[String(flat[i])] = String(flat[i + 1]);
  return fromHash(hash);
}

function fromHash(hash: Record<string, string>): SessionRecord | undefined {
  if (hash.id === undefined) return undefined;
  const numberOrNull = (value: string | undefined) => (value === undefined ? null : Number(value));
  return {
    id: hash.id,
    secretHash: hash.secretHash ?? '',
    username: hash.username ?? '',
    kind: hash.kind as TableKind,
    createdAt: Number(hash.createdAt),
    lastSeenAt: Number(hash.lastSeenAt),
    expiresAt: Number(hash.expiresAt),
    idleTimeoutSeconds: numberOrNull(hash.idleTimeoutSeconds),
    ip: hash.ip ?? '',
    userAgent: hash.userAgent ?? '',
    revokedAt: numberOrNull(hash.revokedAt),
    revokedBy: hash.revokedBy ?? null,
    revokedReason: (hash.revokedReason ?? null) as RevokeReason | null,
  };
}

export interface RedisSessionStoreOptions {
  /** Put before every key and the channel name (REDIS_PREFIX). */
  prefix: string;
  /** How long a revoked row stays, in seconds (SESSION_AUDIT_SECONDS). */
  auditSeconds: number;
}

export class RedisSessionStore implements SessionStore {
  readonly name = 'redis';
  /** The pub/sub channel every revocation is announced on, as a space-separated list of public ids. */
  readonly revocationChannel: string;
  private readonly prefix: string;
  private readonly auditMs: number;

  /** Uses `redis` for commands; the caller owns the connection and closes it. */
  constructor(
    private readonly redis: Redis,
    { prefix, auditSeconds }: RedisSessionStoreOptions,
  ) {
    this.prefix = prefix;
    this.auditMs = auditSeconds * 1000;
    this.revocationChannel = `${prefix}revoked`;
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async create(session: NewSession): Promise<void> {
    const ttlMs = Math.max(1, session.expiresAt - session.createdAt) + EXPIRED_GRACE_MS;
    await CREATE.run(
      this.redis,
      [this.key('session', session.id), this.key('secret', session.secretHash), this.key('live', session.username), this.key('live')],
      [this.prefix, session.id, session.createdAt, ttlMs, ...toFields(session)],
    );
  }

  async findBySecretHash(secretHash: string): Promise<SessionRecord | undefined> {
    return toRecord(await FIND_BY_SECRET.run(this.redis, [this.key('secret', secretHash)], [this.prefix]));
  }

  async findById(id: string): Promise<SessionRecord | undefined> {
    return fromHash(await this.redis.hgetall(this.key('session', id)));
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await TOUCH.run(this.redis, [this.key('session', id)], [this.prefix, lastSeenAt]);
  }

  async revoke(id: string, { at, by, reason }: Revocation): Promise<boolean> {
    const done = await REVOKE.run(
      this.redis,
      [this.key('session', id)],
      [this.prefix, id, at, by, reason, this.auditMs, this.revocationChannel],
    );
    return done === 1;
  }

  async revokeAllOf(username: string, { at, by, reason }: Revocation, exceptId?: string): Promise<number> {
    const count = await REVOKE_ALL_OF.run(
      this.redis,
      [this.key('live', username)],
      [this.prefix, at, by, reason, this.auditMs, this.revocationChannel, exceptId ?? ''],
    );
    return Number(count);
  }

  async listLive(filter: ListFilter, now: number): Promise<SessionRecord[]> {
    const index = filter.username === undefined ? this.key('live') : this.key('live', filter.username);
    const rows = (await LIST_LIVE.run(this.redis, [index], [this.prefix, now])) as unknown[];
    return rows.map(toRecord).filter((row): row is SessionRecord => row !== undefined);
  }

  async rotate(id: string, fromSecretHash: string, toSecretHash: string, at: number): Promise<boolean> {
    const done = await ROTATE.run(
      this.redis,
      [this.key('session', id), this.key('secret', toSecretHash)],
      [this.prefix, id, fromSecretHash, toSecretHash, at],
    );
    return done === 1;
  }

  async listRevoked(reason: RevokeReason, limit: number): Promise<SessionRecord[]> {
    const rows = (await LIST_REVOKED.run(this.redis, [this.key('revoked', reason)], [this.prefix, limit])) as unknown[];
    return rows.map(toRecord).filter((row): row is SessionRecord => row !== undefined);
  }

  /** The connection belongs to whoever made it (plugins/redis.ts), so there is nothing to close here. */
  async close(): Promise<void> {}
}
