/**
 * The sign-in throttle's four counters in Redis, shared by every instance of the server: the same rules as in
 * plugins/login-throttle.ts (read that first), counted in one place.
 *
 * Why not @fastify/rate-limit, the usual choice for a Fastify app (its Redis store takes an ioredis client)?
 * Its store can only add one to a key, or read it (`increment: false`), one key per call. Three of our rules
 * need more than that:
 * - A success must give an attempt back to the address and account counts and clear the pair; a sign-in
 *   refused with 503 SERVER_BUSY must give its attempt back to all four. The store can neither subtract nor
 *   clear. Counting only failures, after the password check, is what `increment: false` allows, but that
 *   reopens the hole the memory version closes: a burst of simultaneous guesses would all pass the check while
 *   the first hash is still computing.
 * - Checking four counters and then counting in all four must be one step across instances. With one call per
 *   key, two instances can both read "4 of 5" and both let a guess in. A Lua script runs as one step in Redis.
 * So the counters are a few lines of Lua instead, with the same fixed windows as AttemptCounter.
 *
 * Each counter is a Redis hash `{ n, end }`: the attempts in the window and when the window ends, by the app's
 * clock, passed in with every call (so tests can move it, as for the memory version). Instances' clocks must
 * agree to within a second or so, which NTP gives any server. Each key also expires in Redis when its window
 * does, so Redis forgets old counters by itself; memory is bounded by Redis, not by a count of keys here.
 *
 * If Redis cannot be reached, a sign-in fails with 500 rather than going ahead uncounted.
 */
import type { Redis } from 'ioredis';
import type { LoginThrottle, LoginThrottleOptions } from './plugins/login-throttle.js';
import { pairKey, retryAfterSeconds } from './plugins/login-throttle.js';
import { LuaScript } from './redis.js';

/**
 * KEYS: the four counters; ARGV: now, the window's length, the end of a window starting now (computed here, as
 * Lua would print a large number in exponent form), then the four limits in the order of KEYS.
 */
const ATTEMPT = new LuaScript(`
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local waitMs = 0
for i = 1, #KEYS do
  local c = redis.call('HMGET', KEYS[i], 'n', 'end')
  if c[1] and tonumber(c[2]) > now and tonumber(c[1]) >= tonumber(ARGV[3 + i]) then
    waitMs = math.max(waitMs, tonumber(c[2]) - now)
  end
end
if waitMs > 0 then return waitMs end
for i = 1, #KEYS do
  local c = redis.call('HMGET', KEYS[i], 'n', 'end')
  if c[1] and tonumber(c[2]) > now then
    redis.call('HINCRBY', KEYS[i], 'n', 1)
  else
    redis.call('HSET', KEYS[i], 'n', 1, 'end', ARGV[3])
    redis.call('PEXPIRE', KEYS[i], window)
  end
end
return 0`);

/** KEYS: the counters to give one attempt back to, within their window; ARGV: now. */
const GIVE_BACK = new LuaScript(`
local now = tonumber(ARGV[1])
for i = 1, #KEYS do
  local c = redis.call('HMGET', KEYS[i], 'n', 'end')
  if c[1] and tonumber(c[2]) > now and tonumber(c[1]) > 0 then redis.call('HINCRBY', KEYS[i], 'n', -1) end
end
return 0`);

export function redisLoginThrottle(redis: Redis, prefix: string, options: LoginThrottleOptions): LoginThrottle {
  const now = options.now ?? Date.now;
  const windowMs = options.windowSeconds * 1000;
  const keys = {
    failuresPerPair: (username: string, ip: string) => `${prefix}throttle:pair:${pairKey(username, ip)}`,
    failuresPerIp: (ip: string) => `${prefix}throttle:ip-failures:${ip}`,
    failuresPerAccount: (username: string) => `${prefix}throttle:account-failures:${username}`,
    attemptsPerIp: (ip: string) => `${prefix}throttle:ip-attempts:${ip}`,
  };
  const all = (username: string, ip: string) => [
    keys.failuresPerPair(username, ip),
    keys.failuresPerIp(ip),
    keys.failuresPerAccount(username),
    keys.attemptsPerIp(ip),
  ];
  const limits = [options.maxFailuresPerAccountAndIp, options.maxFailuresPerIp, options.maxFailuresPerAccount, options.maxAttemptsPerIp];

  return {
    async attempt(username, ip) {
      const at = now();
      const waitMs = Number(await ATTEMPT.run(redis, all(username, ip), [at, windowMs, at + windowMs, ...limits]));
      return waitMs > 0 ? retryAfterSeconds(waitMs) : 0;
    },
    async withdraw(username, ip) {
      await GIVE_BACK.run(redis, all(username, ip), [now()]);
    },
    async succeeded(username, ip) {
      // The same three rules as the memory version: the pair starts afresh, the address and the account get
      // this attempt back, and the count of sign-ins of any outcome keeps it.
      await redis.del(keys.failuresPerPair(username, ip));
      await GIVE_BACK.run(redis, [keys.failuresPerIp(ip), keys.failuresPerAccount(username)], [now()]);
    },
  };
}
