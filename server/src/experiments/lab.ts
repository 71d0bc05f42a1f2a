/**
 * The app instances experiments run against: whole Session Lab apps, built by the same `buildApp` as the
 * server you are using, with the store it is configured with, each listening on its own loopback port while
 * one experiment lasts.
 *
 * Why not the running server itself? Because the experiments sign in and out dozens of times, and on the
 * running server that would spend the sign-in budget of everyone behind the same address and queue behind the
 * class's password checks. An instance of its own changes nothing that is measured: the same kinds, the same
 * store (the same SQLite file, the same Redis; memory is the exception, and that is the point: an instance's
 * memory is its own), the same JWT_SECRET. What differs, and why:
 * - Passwords are hashed at scrypt's lowest cost. The hashes live in the instance's memory for seconds, only
 *   for the demo accounts, whose passwords are public anyway; the experiments are about sessions, not hashing.
 * - It logs errors only: a class does not need fifty request lines per "Run all".
 * - When JWT_SECRET was generated at start-up, an instance that stands for a restart or another process makes
 *   its own, as a real restart or a second `pnpm start` would (`freshSecret`).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Builds an app (without listening): `buildApp`, passed in so that tests and app.ts share one factory. */
export type BuildInstance = (config: Config) => Promise<FastifyInstance>;

export interface LabInstance {
  app: FastifyInstance;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** scrypt's lowest cost the configuration accepts; see the comment above for why it is harmless here. */
const LAB_SCRYPT_COST = 2 ** 10;

export function labConfig(base: Config, { freshSecret = false } = {}): Config {
  return {
    ...base,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'error',
    scryptCost: LAB_SCRYPT_COST,
    jwtSecret: freshSecret && base.jwtSecretGenerated ? randomBytes(32).toString('base64url') : base.jwtSecret,
    warnings: [],
  };
}

/** Starts an instance on 127.0.0.1, on `port` when given (a restart on the same port), else on a free one. */
export async function startLab(build: BuildInstance, config: Config, port = 0): Promise<LabInstance> {
  const app = await build(config);
  try {
    await app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  let closed = false;
  return {
    app,
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    async close() {
      if (closed) return;
      closed = true;
      // The experiments' client opens one connection per request and lets it end, so nothing is left to wait for.
      app.server.closeIdleConnections();
      await app.close();
    },
  };
}
