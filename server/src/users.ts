/**
 * The demo's user store: two seeded accounts, kept in memory, with nothing but scrypt hashes of their passwords.
 *
 * A real application would keep users in a database, but the rules below would not change: never store a
 * password, only a slow salted hash of it; compare hashes in constant time; and make an unknown username cost
 * exactly as much as a wrong password, so that neither the answer nor its timing tells an attacker which
 * accounts exist.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Role } from '@session-lab/shared';

/** The demo accounts the README lists. Their plain passwords exist only here, long enough to be hashed. */
const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; role: Role; password: string }> = [
  { username: 'student', role: 'student', password: 'student123' },
  { username: 'teacher', role: 'teacher', password: 'teacher123' },
];

/** scrypt's block size r and parallelisation p, as OWASP recommends them alongside N = 2^17. */
const BLOCK_SIZE = 8;
const PARALLELIZATION = 1;
/** 16 random bytes make every user's salt unique, so equal passwords never give equal hashes. */
const SALT_BYTES = 16;
const KEY_BYTES = 32;

export interface PublicUser {
  username: string;
  role: Role;
}

export interface StoredUser extends PublicUser {
  /** A self-describing hash: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, both in base64. */
  passwordHash: string;
}

interface ParsedHash {
  options: ScryptOptions;
  salt: Buffer;
  hash: Buffer;
}

/** Node's scrypt with a promise, so hashing runs on the libuv thread pool and never blocks the event loop. */
function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(cost: number, blockSize: number, parallelization: number): ScryptOptions {
  // scrypt needs about 128 * N * r bytes of memory, and Node refuses anything over 32 MiB unless maxmem says
  // otherwise. Twice the need leaves room for Node's own bookkeeping without allowing absurd parameters.
  return { N: cost, r: blockSize, p: parallelization, maxmem: 2 * 128 * cost * blockSize };
}

/**
 * Unicode lets the same visible password be typed as different code points (an "é" can be one character or
 * "e" plus an accent). Normalising first means a user is not locked out by their keyboard.
 */
function normalise(password: string): string {
  return password.normalize('NFC');
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(normalise(password), salt, scryptOptions(cost, BLOCK_SIZE, PARALLELIZATION));
  return `$scrypt$ln=${Math.log2(cost)},r=${BLOCK_SIZE},p=${PARALLELIZATION}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Reads the parameters back out of a stored hash. Verification always uses the parameters stored with the
 * hash, not today's configuration, so the cost can be raised later without invalidating existing hashes.
 */
export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (match === null) return undefined;
  const [, logCost = '', blockSize = '', parallelization = '', salt = '', hash = ''] = match;
  return {
    options: scryptOptions(2 ** Number(logCost), Number(blockSize), Number(parallelization)),
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (parsed === undefined) return false;
  const candidate = await scryptAsync(normalise(password), parsed.salt, parsed.options);
  // timingSafeEqual takes as long for a hash that differs in the first byte as for one that differs in the
  // last, so response times leak nothing about how close a guess was. It needs equal lengths, which a
  // well-formed hash always has; the length check only guards against a corrupted store.
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/**
 * What the rest of the server may ask about users; plugins/users.ts puts one on `fastify.users`. Routes and
 * session kinds depend on this interface, not on where users live, so moving them to a database changes one file.
 */
export interface UserRepository {
  /** The user when the password matches; undefined for a wrong password and an unknown username alike. */
  checkCredentials(username: string, password: string): Promise<PublicUser | undefined>;
  /** The user as they are now (role included), or undefined if there is no such user. */
  find(username: string): PublicUser | undefined;
}

export class UserStore implements UserRepository {
  private constructor(
    private readonly users: ReadonlyMap<string, StoredUser>,
    /** The hash of a random password nobody knows; unknown usernames are checked against it. */
    private readonly dummyHash: string,
  ) {}

  /** Hashes the demo accounts with a fresh salt each. With OWASP's cost this takes a moment at start-up. */
  static async create(scryptCost: number): Promise<UserStore> {
    const [dummyHash, ...hashes] = await Promise.all([
      hashPassword(randomBytes(32).toString('base64'), scryptCost),
      ...DEMO_ACCOUNTS.map((account) => hashPassword(account.password, scryptCost)),
    ]);
    // A Map, not a plain object, so that a username such as "__proto__" or "constructor" is just a key
    // that is not there, never a property inherited from Object.prototype.
    const users = new Map<string, StoredUser>();
    DEMO_ACCOUNTS.forEach(({ username, role }, index) => {
      users.set(username, { username, role, passwordHash: hashes[index] as string });
    });
    return new UserStore(users, dummyHash as string);
  }

  /**
   * Returns the user when the password matches, and undefined for a wrong password and an unknown username
   * alike. Both paths compute exactly one scrypt hash with the same parameters, so they take the same time.
   */
  async checkCredentials(username: string, password: string): Promise<PublicUser | undefined> {
    const user = this.users.get(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (user === undefined || !matches) return undefined;
    return { username: user.username, role: user.role };
  }

  find(username: string): PublicUser | undefined {
    const user = this.users.get(username);
    return user === undefined ? undefined : { username: user.username, role: user.role };
  }

  /** The stored records, for tests that prove no plain password is kept. */
  list(): StoredUser[] {
    return [...this.users.values()].map((user) => ({ ...user }));
  }
}
