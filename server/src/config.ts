/**
 * The server's whole configuration, read from environment variables once at start-up.
 *
 * Every variable is checked here, before a socket is opened, and every problem is reported at once with
 * the variable's name and the rule it broke. A server that starts with a bad value fails later in a way that
 * is much harder to trace back to a typo in the environment.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TTL_MAX_SECONDS, TTL_MIN_SECONDS } from '@session-lab/shared';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The shortest HMAC secret we accept: 32 characters, the size of the SHA-256 output the key protects. */
export const JWT_SECRET_MIN_LENGTH = 32;

/**
 * OWASP's recommended scrypt cost (N = 2^17 with r = 8, p = 1). Each hash then needs 128 MiB of memory and a
 * noticeable fraction of a second, which is the point: an attacker who steals the hashes pays the same price
 * for every guess. Tests lower it through SCRYPT_COST so the suite stays fast; production refuses to.
 */
export const SCRYPT_OWASP_COST = 2 ** 17;
const SCRYPT_MIN_COST = 2 ** 10;
const SCRYPT_MAX_COST = 2 ** 20;

export interface LoginThrottleConfig {
  /** Failed sign-ins allowed for one username from one address within a window (the lock a guesser meets). */
  maxFailuresPerAccountAndIp: number;
  /** Failed sign-ins allowed from one IP address within a window, across all usernames. */
  maxFailuresPerIp: number;
  /** Failed sign-ins allowed for one username within a window, across all addresses (a distributed attack). */
  maxFailuresPerAccount: number;
  /** Sign-ins of any outcome allowed from one IP address within a window: each one costs a full hash. */
  maxAttemptsPerIp: number;
  /** How long a window lasts; the counters start again from zero when it ends. */
  windowSeconds: number;
}

export const SESSION_STORES = ['sqlite', 'memory', 'redis'] as const;
export type SessionStoreName = (typeof SESSION_STORES)[number];

/**
 * Where the SQLite store keeps its file unless SESSION_DB_PATH says otherwise: `data/` at the top of the
 * repository (git ignores it), found from this file's own place so it is the same folder whatever directory
 * the server was started from. The folder is created on first start.
 */
export const DEFAULT_SESSION_DB_PATH = fileURLToPath(new URL('../../data/sessions.sqlite', import.meta.url));

export interface SessionConfig {
  /**
   * Where server-side sessions live: a SQLite file (survives restarts), this process's memory (does not), or
   * Redis (survives restarts and is shared by every instance that uses the same Redis).
   */
  store: SessionStoreName;
  /** The SQLite file; used only when `store` is `sqlite`. */
  dbPath: string;
  /** A `session` ends after this many seconds without a request. */
  idleSeconds: number;
  /** A `session` ends this many seconds after sign-in, however active, unless the sign-in asked for less. */
  absoluteSeconds: number;
  /**
   * A `refresh` family ends after this many seconds without a refresh (REFRESH_IDLE_SECONDS), and this many
   * seconds after sign-in however often it was refreshed (REFRESH_ABSOLUTE_SECONDS). The access tokens it hands
   * out live TOKEN_TTL_SECONDS, or what the sign-in asked for.
   */
  refreshIdleSeconds: number;
  refreshAbsoluteSeconds: number;
  /** Redis only: how long a revoked session stays in Redis as an audit entry before Redis forgets it. */
  auditSeconds: number;
  /**
   * SQLite and Redis: the longest an instance may answer a session check from its local cache without asking
   * the store, in milliseconds; 0 turns the cache off. Revocations reach the cache at once (through this
   * process, or Redis pub/sub; another process's write to a SQLite file within 50 ms); this bound is the safety
   * net for a change that was somehow missed.
   */
  cacheMs: number;
}

export interface RedisConfig {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). May hold a password: never logged whole. */
  url: string;
  /** Put before every key and channel name, so several labs (or test runs) can share one Redis. */
  prefix: string;
}

/**
 * Fastify's `trustProxy`: false (the default: `request.ip` is the address that connected), true (believe
 * X-Forwarded-For from anyone), a number of proxy hops to believe, or a list of proxy addresses and ranges.
 */
export type TrustProxy = boolean | number | string;

export interface PasswordCheckConfig {
  /** Password hashes computed at the same time; the rest of libuv's thread pool stays free for file reads. */
  maxRunning: number;
  /** Sign-ins that may wait for a free slot; beyond them the answer is 503 SERVER_BUSY at once. */
  maxWaiting: number;
}

export interface Config {
  port: number;
  host: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  jwtSecret: string;
  /** True when JWT_SECRET was unset and a random secret was made for this process only. */
  jwtSecretGenerated: boolean;
  tokenTtlSeconds: number;
  loginThrottle: LoginThrottleConfig;
  passwordChecks: PasswordCheckConfig;
  /** The scrypt cost parameter N for new password hashes (a power of two). */
  scryptCost: number;
  sessions: SessionConfig;
  /** Set when REDIS_URL is: sessions may live there (SESSION_STORE=redis), and the sign-in throttle always does. */
  redis: RedisConfig | undefined;
  /** Whom to believe about the client's address when requests come through a reverse proxy (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /**
   * The origin browsers reach the server at (`https://lab.example.edu`), when it is not simply the Host the
   * request names: behind a proxy, or to turn on secure cookies. Undefined means "the request's own Host".
   */
  publicOrigin: string | undefined;
  /**
   * True when PUBLIC_ORIGIN is https: cookies then get `Secure` and the `__Host-` prefix. The process itself
   * speaks plain HTTP, so only the configuration can know that browsers reach it over TLS.
   */
  secureCookies: boolean;
  /** Things worth telling the operator that do not stop the server; server.ts logs them at start-up. */
  warnings: string[];
}

/** Thrown with every problem found, so one run of the server lists all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from `env` (normally `process.env`). Pure apart from the random
 * secret it may generate, so tests pass a plain object instead of touching the real environment.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
  const read = (name: string): string | undefined => {
    // An empty value (`PORT= pnpm start`) is treated as unset: that is what people mean by it.
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };

  const integer = (name: string, fallback: number, min: number, max: number, rule = ''): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    // Only plain digits: Number() would also accept ' 12', '1e3', '0x10' and '12.0', and parseInt() would
    // quietly turn '60s' into 60. A configuration value that is not exactly an integer is a mistake.
    if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}${rule}, got ${JSON.stringify(raw)}.`);
      return fallback;
    }
    return Number(raw);
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}.`);
      return fallback;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';

  // Port 0 asks the operating system for any free port, which the tests use to avoid collisions.
  const port = integer('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '127.0.0.1';
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const tokenTtlSeconds = integer('TOKEN_TTL_SECONDS', 60, TTL_MIN_SECONDS, TTL_MAX_SECONDS);

  const loginThrottle: LoginThrottleConfig = {
    maxFailuresPerAccountAndIp: integer('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP', 5, 1, 1000),
    maxFailuresPerIp: integer('LOGIN_MAX_FAILURES_PER_IP', 50, 1, 100_000),
    maxFailuresPerAccount: integer('LOGIN_MAX_FAILURES_PER_ACCOUNT', 100, 1, 100_000),
    // Generous on purpose: a whole class often reaches the server through one school address (NAT), and a
    // class signing in and out all lesson must not meet this limit. A flood from one address is still cut
    // short, and the bounded queue of password checks protects the server whatever this allows.
    maxAttemptsPerIp: integer('LOGIN_MAX_ATTEMPTS_PER_IP', 300, 1, 100_000),
    windowSeconds: integer('LOGIN_WINDOW_SECONDS', 300, 1, 86_400),
  };
  // libuv's thread pool has four threads unless UV_THREADPOOL_SIZE says otherwise; two hashes at a time
  // leave two threads for reading the SPA's files, and keep the memory of hashing at 2 × 128 MiB.
  const passwordChecks: PasswordCheckConfig = {
    maxRunning: integer('LOGIN_MAX_CONCURRENT_HASHES', 2, 1, 64),
    maxWaiting: integer('LOGIN_MAX_QUEUED_HASHES', 8, 0, 1000),
  };

  const scryptCost = integer('SCRYPT_COST', SCRYPT_OWASP_COST, SCRYPT_MIN_COST, SCRYPT_MAX_COST, ' and a power of two');
  if (!isPowerOfTwo(scryptCost)) {
    problems.push(`SCRYPT_COST must be a power of two (scrypt requires it), got ${scryptCost}.`);
  } else if (isProduction && scryptCost < SCRYPT_OWASP_COST) {
    problems.push(
      `SCRYPT_COST may not be lowered below ${SCRYPT_OWASP_COST} when NODE_ENV=production: a cheap hash makes ` +
        'stolen password hashes cheap to crack. Lower costs are for tests only.',
    );
  }

  let jwtSecret = read('JWT_SECRET');
  let jwtSecretGenerated = false;
  if (jwtSecret === undefined) {
    if (isProduction) {
      problems.push(
        'JWT_SECRET must be set when NODE_ENV=production. A secret generated at start-up would change on every ' +
          'restart and sign everyone out; generate one with `openssl rand -base64 48`.',
      );
    } else {
      warnings.push(
        'JWT_SECRET is not set, so a random secret was generated for this process. Tokens will not survive a ' +
          'restart; set JWT_SECRET (for example from `openssl rand -base64 48`) to keep them.',
      );
    }
    // 32 random bytes are 256 bits of key, the full strength HMAC-SHA256 can use.
    jwtSecret = randomBytes(32).toString('base64url');
    jwtSecretGenerated = true;
  } else {
    const problem = weakSecretProblem(jwtSecret);
    if (problem !== undefined) problems.push(`JWT_SECRET ${problem}`);
  }

  const sessions: SessionConfig = {
    store: oneOf('SESSION_STORE', SESSION_STORES, 'sqlite'),
    // A relative path means relative to the directory the server was started from, as for any command.
    dbPath: resolve(read('SESSION_DB_PATH') ?? DEFAULT_SESSION_DB_PATH),
    idleSeconds: integer('SESSION_IDLE_SECONDS', 900, 10, 86_400),
    absoluteSeconds: integer('SESSION_ABSOLUTE_SECONDS', 28_800, 60, 30 * 86_400),
    refreshIdleSeconds: integer('REFRESH_IDLE_SECONDS', 1800, 10, 30 * 86_400),
    refreshAbsoluteSeconds: integer('REFRESH_ABSOLUTE_SECONDS', 86_400, 60, 90 * 86_400),
    auditSeconds: integer('SESSION_AUDIT_SECONDS', 7 * 86_400, 60, 90 * 86_400),
    cacheMs: integer('SESSION_CACHE_MS', 1000, 0, 60_000),
  };
  if (sessions.idleSeconds > sessions.absoluteSeconds) {
    problems.push(
      `SESSION_IDLE_SECONDS (${sessions.idleSeconds}) may not be longer than SESSION_ABSOLUTE_SECONDS ` +
        `(${sessions.absoluteSeconds}): the idle timeout could then never end a session.`,
    );
  }

  if (sessions.refreshIdleSeconds > sessions.refreshAbsoluteSeconds) {
    problems.push(
      `REFRESH_IDLE_SECONDS (${sessions.refreshIdleSeconds}) may not be longer than REFRESH_ABSOLUTE_SECONDS ` +
        `(${sessions.refreshAbsoluteSeconds}): the idle timeout could then never end a refresh family.`,
    );
  }

  const redis = redisOf(read('REDIS_URL'), read('REDIS_PREFIX'), problems);
  if (sessions.store === 'redis' && read('REDIS_URL') === undefined) {
    problems.push('SESSION_STORE=redis needs REDIS_URL, for example redis://127.0.0.1:6379.');
  }
  const trustProxy = trustProxyOf(read('TRUST_PROXY'), problems, warnings);

  const publicOrigin = originOf('PUBLIC_ORIGIN', read('PUBLIC_ORIGIN'), problems);
  const secureCookies = publicOrigin?.startsWith('https:') ?? false;
  if (isProduction && !secureCookies) {
    warnings.push(
      'PUBLIC_ORIGIN is not an https origin, so session cookies are sent without Secure and would travel in ' +
        'clear text over plain HTTP. Serve the demo over HTTPS and set PUBLIC_ORIGIN=https://… in production.',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host,
    nodeEnv,
    logLevel,
    jwtSecret,
    jwtSecretGenerated,
    tokenTtlSeconds,
    loginThrottle,
    passwordChecks,
    scryptCost,
    sessions,
    redis,
    trustProxy,
    publicOrigin,
    secureCookies,
    warnings,
  };
}

/** What REDIS_PREFIX may contain: a short name, safe in a key and in a channel name. */
const REDIS_PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Reads REDIS_URL and REDIS_PREFIX; the URL is never repeated in a problem, since it may carry a password. */
function redisOf(url: string | undefined, prefix: string | undefined, problems: string[]): RedisConfig | undefined {
  if (prefix !== undefined && !REDIS_PREFIX_PATTERN.test(prefix)) {
    problems.push(`REDIS_PREFIX must be 1 to 64 letters, digits or _ . : -, got ${JSON.stringify(prefix)}.`);
  }
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379.');
    return undefined;
  }
  return { url, prefix: prefix ?? 'session-lab:' };
}

/** The names proxy-addr (what Fastify uses) knows for ranges of addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Reads TRUST_PROXY. Off by default, because believing X-Forwarded-For from anyone lets every client choose
 * its own address, and with it escape the per-address sign-in limits. Behind a reverse proxy, name the proxy
 * (`loopback`, an address, or a CIDR range, comma-separated) so only its header is believed.
 */
function trustProxyOf(raw: string | undefined, problems: string[], warnings: string[]): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') {
    warnings.push(
      'TRUST_PROXY=true believes X-Forwarded-For from any client, so anyone who reaches this port directly can ' +
        'pick the address the sign-in throttle counts. Name the proxy instead (TRUST_PROXY=loopback, or its address).',
    );
    return true;
  }
  if (/^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 10) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PROXY_RANGE_NAMES.includes(entry) && !isAddressOrRange(entry));
  if (entries.length === 0 || bad.length > 0) {
    problems.push(
      'TRUST_PROXY must be false, true, a number of proxy hops from 1 to 10, or a comma-separated list of proxy ' +
        `addresses, CIDR ranges or loopback/linklocal/uniquelocal, got ${JSON.stringify(raw)}.`,
    );
    return false;
  }
  return entries.join(',');
}

/** An IPv4 or IPv6 address, with an optional CIDR prefix length that fits it. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Reads an origin (`scheme://host[:port]`) and returns it normalised, or records a problem. Anything more
 * than an origin (a path, a query, credentials) is a mistake: browsers send only the origin in `Origin`, and
 * that is what the CSRF check compares with.
 */
function originOf(name: string, raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const bare = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' &&
    url.password === '' && url.search === '' && url.hash === '' && url.pathname === '/' && !raw.endsWith('/');
  if (url === undefined || !bare) {
    problems.push(`${name} must be an origin such as https://lab.example.edu or http://127.0.0.1:3000 (no path, no trailing slash), got ${JSON.stringify(raw)}.`);
    return undefined;
  }
  return url.origin;
}

/**
 * Says why a JWT secret is too weak to be an HMAC key, or returns undefined when it is acceptable.
 *
 * Why this matters: every token carries its signature, and anyone who holds one token (a student, or a script
 * that stole it) can try candidate secrets offline, as fast as their hardware allows, without ever talking to
 * the server. Whoever finds the secret can sign any token they like, for any user and role. So the secret must
 * be long and unpredictable. We cannot measure unpredictability exactly, but we can refuse the shapes that are
 * always guessable: too short, too few different characters (`aaaa…`, `abab…`, a word typed twice), or one
 * short block repeated over and over (`0123456789abcdef0123456789abcdef`). A secret from
 * `openssl rand -base64 48` passes every one of these tests with a wide margin.
 */
export function weakSecretProblem(secret: string): string | undefined {
  if (secret.length < JWT_SECRET_MIN_LENGTH) {
    return `must be at least ${JWT_SECRET_MIN_LENGTH} characters long (got ${secret.length}); generate one with \`openssl rand -base64 48\`.`;
  }
  // A random hex string of 32 characters uses about 14 of its 16 symbols; fewer than 10 distinct characters
  // is almost impossible by chance and typical of a made-up or repeated value.
  const distinct = new Set(secret).size;
  if (distinct < 10) {
    return `is not random enough: it uses only ${distinct} different characters. Generate one with \`openssl rand -base64 48\`.`;
  }
  if (repeatingUnitLength(secret) !== undefined) {
    return 'is not random enough: it is one short sequence repeated. Generate one with `openssl rand -base64 48`.';
  }
  return undefined;
}

/** The length of the block that `text` repeats (the last copy may be cut short), if it is at most half of it. */
function repeatingUnitLength(text: string): number | undefined {
  for (let unit = 1; unit <= text.length / 2; unit += 1) {
    if (text.slice(unit) === text.slice(0, text.length - unit)) return unit;
  }
  return undefined;
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}
