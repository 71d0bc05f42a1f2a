/**
 * The users, behind a small repository: `fastify.users` answers "is this the right password?" and "who is
 * this user now?". Today the accounts are the two seeded demo users in memory (users.ts); a database would
 * replace that file and nothing that uses `fastify.users`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { UserStore, type UserRepository } from '../users.js';

declare module 'fastify' {
  interface FastifyInstance {
    users: UserRepository;
  }
}

export interface UsersOptions {
  /** scrypt's cost for the seeded accounts' hashes. */
  scryptCost: number;
}

async function users(fastify: FastifyInstance, options: UsersOptions): Promise<void> {
  fastify.decorate('users', await UserStore.create(options.scryptCost));
}

export default fp(users, { name: 'users', fastify: '5.x' });
