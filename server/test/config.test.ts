import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_SESSION_DB_PATH, loadConfig, SCRYPT_OWASP_COST, weakSecretProblem } from '../src/config.js';
import { TEST_SECRET } from './helpers.js';

/** Runs loadConfig and returns the problems it reports, or an empty list when it accepts the environment. */
function problemsWith(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('uses the documented defaults when only a secret is given', () => {
    const config = loadConfig({ JWT_SECRET: TEST_SECRET });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      nodeEnv: 'development',
      logLevel: 'info',
      tokenTtlSeconds: 60,
      scryptCost: SCRYPT_OWASP_COST,
      loginThrottle: {
        maxFailuresPerAccountAndIp: 5,
        maxFailuresPerIp: 50,
        maxFailuresPerAccount: 100,
        maxAttemptsPerIp: 300,
        windowSeconds: 300,
      },
      passwordChecks: { maxRunning: 2, maxWaiting: 8 },
      jwtSecret: TEST_SECRET,
      jwtSecretGenerated: false,
      sessions: { store: 'sqlite', dbPath: DEFAULT_SESSION_DB_PATH, idleSeconds: 900, absoluteSeconds: 28_800 },
      publicOrigin: undefined,
      secureCookies: false,
      warnings: [],
    });
  });

  it('keeps the SQLite file in the data folder at the top of the repository by default', () => {
    expect(DEFAULT_SESSION_DB_PATH).toBe(resolve(import.meta.dirname, '../../data/sessions.sqlite'));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_SECRET,
      TOKEN_TTL_SECONDS: '300',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
      LOGIN_MAX_FAILURES_PER_IP: '10',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '30',
      LOGIN_MAX_ATTEMPTS_PER_IP: '20',
      LOGIN_WINDOW_SECONDS: '60',
      LOGIN_MAX_CONCURRENT_HASHES: '1',
      LOGIN_MAX_QUEUED_HASHES: '0',
      SCRYPT_COST: '16384',
      SESSION_STORE: 'memory',
      SESSION_DB_PATH: 'elsewhere/s.db',
      SESSION_IDLE_SECONDS: '30',
      SESSION_ABSOLUTE_SECONDS: '120',
      PUBLIC_ORIGIN: 'https://lab.example.edu',
    });
    expect(config).toMatchObject({
      sessions: { store: 'memory', dbPath: resolve('elsewhere/s.db'), idleSeconds: 30, absoluteSeconds: 120 },
      publicOrigin: 'https://lab.example.edu',
      secureCookies: true,
      port: 8080,
      host: '0.0.0.0',
      nodeEnv: 'test',
      logLevel: 'warn',
      tokenTtlSeconds: 300,
      loginThrottle: {
        maxFailuresPerAccountAndIp: 3,
        maxFailuresPerIp: 10,
        maxFailuresPerAccount: 30,
        maxAttemptsPerIp: 20,
        windowSeconds: 60,
      },
      passwordChecks: { maxRunning: 1, maxWaiting: 0 },
      scryptCost: 16384,
    });
  });

  it('generates a random secret with a warning when JWT_SECRET is unset outside production', () => {
    const first = loadConfig({});
    const second = loadConfig({ JWT_SECRET: '' });
    expect(first.jwtSecretGenerated).toBe(true);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.jwtSecret).not.toBe(second.jwtSecret);
    expect(first.warnings.join(' ')).toMatch(/JWT_SECRET is not set.*will not survive a restart/);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(problemsWith({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/JWT_SECRET must be set when NODE_ENV=production/)]);
  });

  it('refuses to lower the scrypt cost in production', () => {
    expect(problemsWith({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, SCRYPT_COST: '1024' })).toEqual([
      expect.stringMatching(/SCRYPT_COST may not be lowered/),
    ]);
    expect(problemsWith({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET })).toEqual([]);
  });

  it('turns on secure cookies only for an https public origin', () => {
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, PUBLIC_ORIGIN: 'http://127.0.0.1:3000' }).secureCookies).toBe(false);
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, PUBLIC_ORIGIN: 'https://lab.example.edu:8443' })).toMatchObject({
      publicOrigin: 'https://lab.example.edu:8443',
      secureCookies: true,
    });
  });

  it('warns in production when cookies would travel over plain HTTP', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET });
    expect(config.warnings.join(' ')).toMatch(/PUBLIC_ORIGIN is not an https origin/);
  });

  it('refuses an idle timeout longer than the absolute lifetime', () => {
    expect(problemsWith({ JWT_SECRET: TEST_SECRET, SESSION_IDLE_SECONDS: '600', SESSION_ABSOLUTE_SECONDS: '300' })).toEqual([
      expect.stringMatching(/SESSION_IDLE_SECONDS \(600\) may not be longer than SESSION_ABSOLUTE_SECONDS \(300\)/),
    ]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', ' 80'],
    ['TOKEN_TTL_SECONDS', '4'],
    ['TOKEN_TTL_SECONDS', '3601'],
    ['TOKEN_TTL_SECONDS', '60s'],
    ['TOKEN_TTL_SECONDS', '1e3'],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', '0'],
    ['LOGIN_MAX_FAILURES_PER_IP', 'many'],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP', '0'],
    ['LOGIN_MAX_ATTEMPTS_PER_IP', '-1'],
    ['LOGIN_MAX_CONCURRENT_HASHES', '0'],
    ['LOGIN_WINDOW_SECONDS', '0'],
    ['SCRYPT_COST', '1000'],
    ['SCRYPT_COST', '512'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'verbose'],
    ['SESSION_STORE', 'redis'],
    ['SESSION_STORE', 'SQLite'],
    ['SESSION_IDLE_SECONDS', '5'],
    ['SESSION_ABSOLUTE_SECONDS', '10y'],
    ['PUBLIC_ORIGIN', 'lab.example.edu'],
    ['PUBLIC_ORIGIN', 'https://lab.example.edu/'],
    ['PUBLIC_ORIGIN', 'https://lab.example.edu/app'],
    ['PUBLIC_ORIGIN', 'ftp://lab.example.edu'],
    ['PUBLIC_ORIGIN', 'https://user:pw@lab.example.edu'],
  ])('rejects %s=%s and names the variable', (name, value) => {
    const problems = problemsWith({ JWT_SECRET: TEST_SECRET, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('reports every problem at once, in a message a person can act on', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', TOKEN_TTL_SECONDS: '1', JWT_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toMatch(/^Invalid configuration:\n {2}- PORT must be an integer from 0 to 65535/);
    expect(message).toContain('JWT_SECRET must be at least 32 characters long (got 5)');
  });
});

describe('JWT_SECRET strength', () => {
  it.each([
    ['too short', 'a'.repeat(31), /at least 32 characters/],
    ['one repeated character', 'a'.repeat(64), /only 1 different characters/],
    ['two characters alternating', 'ab'.repeat(20), /only 2 different characters/],
    ['a word typed again and again', 'password'.repeat(5), /only 7 different characters/],
    ['a short sequence repeated', '0123456789abcdef'.repeat(3), /one short sequence repeated/],
    ['a sequence repeated with a cut-off end', 'abcdefghijkl'.repeat(3) + 'abc', /one short sequence repeated/],
  ])('rejects %s', (_case, secret, reason) => {
    expect(weakSecretProblem(secret)).toMatch(reason);
    expect(() => loadConfig({ JWT_SECRET: secret })).toThrow(ConfigError);
  });

  it.each([
    ['base64 from openssl rand -base64 48', 'vJ6w1QyF0m8tqk2pR7sZxC4nD9eH3aLbU5oYgTiWcVfKhN1jP0rE6uX2lM8zS4dB'],
    ['hex from openssl rand -hex 32', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['the test secret', TEST_SECRET],
  ])('accepts %s', (_case, secret) => {
    expect(weakSecretProblem(secret)).toBeUndefined();
  });
});

describe('loadConfig: Redis and proxies', () => {
  it('needs REDIS_URL for SESSION_STORE=redis, and accepts only redis:// or rediss:// URLs', () => {
    expect(problemsWith({ JWT_SECRET: TEST_SECRET, SESSION_STORE: 'redis' })).toEqual([expect.stringContaining('SESSION_STORE=redis needs REDIS_URL')]);
    expect(problemsWith({ JWT_SECRET: TEST_SECRET, REDIS_URL: 'http://127.0.0.1:6379' })).toEqual([expect.stringContaining('REDIS_URL must be')]);
    const config = loadConfig({ JWT_SECRET: TEST_SECRET, SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:45001' });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:45001', prefix: 'session-lab:' });
    expect(config.sessions).toMatchObject({ store: 'redis', cacheMs: 1000, auditSeconds: 604_800 });
  });

  it('never repeats a REDIS_URL in its error, since it may carry a password', () => {
    const problems = problemsWith({ JWT_SECRET: TEST_SECRET, REDIS_URL: 'redis//:hunter2-secret@host' });
    expect(problems.join(' ')).not.toContain('hunter2');
  });

  it('refuses a key prefix that could not be part of a Redis key name', () => {
    expect(problemsWith({ JWT_SECRET: TEST_SECRET, REDIS_PREFIX: 'lab with spaces' })).toEqual([expect.stringContaining('REDIS_PREFIX')]);
  });

  it('trusts no proxy by default, and accepts hop counts, addresses, ranges and named ranges', () => {
    expect(loadConfig({ JWT_SECRET: TEST_SECRET }).trustProxy).toBe(false);
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toBe('loopback,10.0.0.0/8,::1');
    const trustAll = loadConfig({ JWT_SECRET: TEST_SECRET, TRUST_PROXY: 'true' });
    expect(trustAll.trustProxy).toBe(true);
    expect(trustAll.warnings).toEqual([expect.stringContaining('TRUST_PROXY=true')]);
  });

  it.each(['yes', '0', '11', '10.0.0.0/33', 'example.org', '127.0.0.1,'])('refuses TRUST_PROXY=%s', (value) => {
    expect(problemsWith({ JWT_SECRET: TEST_SECRET, TRUST_PROXY: value })).toEqual([expect.stringContaining('TRUST_PROXY must be')]);
  });
});
