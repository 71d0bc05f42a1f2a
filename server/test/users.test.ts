import * as crypto from 'node:crypto';
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, parsePasswordHash, UserStore, verifyPassword } from '../src/users.js';

const COST = 1024;

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});
const scryptSpy = vi.mocked(crypto.scrypt);

describe('password hashing', () => {
  it('stores a real scrypt hash whose parameters reproduce it', async () => {
    const stored = await hashPassword('student123', COST);
    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);

    // Recompute the hash with node:crypto's scrypt and the stored salt and parameters: if they match, the
    // string really is an scrypt hash of the password and not something merely labelled as one.
    const parsed = parsePasswordHash(stored);
    expect(parsed?.options).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect(parsed?.salt).toHaveLength(16);
    const recomputed = scryptSync('student123', parsed!.salt, parsed!.hash.length, parsed!.options);
    expect(timingSafeEqual(recomputed, parsed!.hash)).toBe(true);
  });

  it('salts every hash, so the same password never gives the same hash', async () => {
    const [first, second] = await Promise.all([hashPassword('same', COST), hashPassword('same', COST)]);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one or a damaged hash', async () => {
    const stored = await hashPassword('teacher123', COST);
    expect(await verifyPassword('teacher123', stored)).toBe(true);
    expect(await verifyPassword('teacher124', stored)).toBe(false);
    expect(await verifyPassword('teacher123', 'teacher123')).toBe(false);
    expect(await verifyPassword('teacher123', stored.replace('$scrypt$', '$bcrypt$'))).toBe(false);
  });

  it('treats differently composed forms of the same character as the same password', async () => {
    const stored = await hashPassword('caf\u00e9-password', COST);
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true);
  });

  it('uses the OWASP cost with a memory limit large enough for it', () => {
    const parsed = parsePasswordHash(`$scrypt$ln=17,r=8,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`);
    expect(parsed?.options).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    // scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) would refuse the OWASP cost.
    expect(parsed?.options.maxmem).toBeGreaterThan(128 * 2 ** 17 * 8);
  });
});

describe('UserStore', () => {
  it('signs in both demo accounts with their roles', async () => {
    const store = await UserStore.create(COST);
    expect(await store.checkCredentials('student', 'student123')).toEqual({ username: 'student', role: 'student' });
    expect(await store.checkCredentials('teacher', 'teacher123')).toEqual({ username: 'teacher', role: 'teacher' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const store = await UserStore.create(COST);
    expect(await store.checkCredentials('student', 'teacher123')).toBeUndefined();
    expect(await store.checkCredentials('nobody', 'student123')).toBeUndefined();
    expect(await store.checkCredentials('__proto__', 'student123')).toBeUndefined();
    expect(await store.checkCredentials('constructor', 'student123')).toBeUndefined();
    expect(await store.checkCredentials('Student', 'student123')).toBeUndefined();
  });

  it('keeps no plain password anywhere in its records', async () => {
    const store = await UserStore.create(COST);
    const records = store.list();
    expect(records.map((user) => user.username)).toEqual(['student', 'teacher']);
    const everything = JSON.stringify(store) + JSON.stringify(records);
    expect(everything).not.toContain('student123');
    expect(everything).not.toContain('teacher123');
    for (const user of records) expect(user.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
  });

  it('gives every account its own salt, even across restarts', async () => {
    const [first, second] = await Promise.all([UserStore.create(COST), UserStore.create(COST)]);
    const salts = [...first.list(), ...second.list()].map((user) => user.passwordHash.split('$')[3]);
    expect(new Set(salts).size).toBe(4);
  });

  it('costs an unknown user exactly the scrypt work of a wrong password', async () => {
    // Tests never time anything, so this proves the structure that makes the times equal: both cases run one
    // scrypt computation with the same parameters. The spy wraps node:crypto's real scrypt to watch it.
    const store = await UserStore.create(COST);
    const work = async (username: string) => {
      scryptSpy.mockClear();
      expect(await store.checkCredentials(username, 'wrong-password')).toBeUndefined();
      return scryptSpy.mock.calls.map(([, , keylen, options]) => ({ keylen, options }));
    };
    const wrongPassword = await work('student');
    const unknownUser = await work('nobody');
    expect(wrongPassword).toHaveLength(1);
    expect(unknownUser).toEqual(wrongPassword);
  });
});

describe('UserStore.find', () => {
  it("answers a user's current role without a password, and nothing for an unknown or inherited name", async () => {
    const store = await UserStore.create(COST);
    expect(store.find('teacher')).toEqual({ username: 'teacher', role: 'teacher' });
    expect(store.find('nobody')).toBeUndefined();
    expect(store.find('__proto__')).toBeUndefined();
    expect(store.find('constructor')).toBeUndefined();
  });
});
