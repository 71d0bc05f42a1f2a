/**
 * Gives the server tests a Redis, without ever needing one to run `pnpm test`:
 * - REDIS_URL set in the environment: the tests use that Redis (under their own key prefixes);
 * - else, when Debian's redis-server is installed: this starts one on a free loopback port, keeps nothing on
 *   disk, and stops it after the run;
 * - else: the Redis suites are skipped, and this says so, and how to run them.
 *
 * Tests read the address with `inject('redisUrl')` (null when there is none); see ./helpers.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { Redis } from 'ioredis';

const REDIS_SERVER = '/usr/bin/redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Pings until Redis answers, for at most ten seconds (a cold start on a busy machine takes a few hundred ms). */
async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections are expected until the server is up; each attempt's failure is handled below.
  client.on('error', () => {});
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        client.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error('redis-server did not answer within 10 s');
  } finally {
    client.disconnect();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnvironment = process.env.REDIS_URL;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    project.provide('redisUrl', fromEnvironment);
    return undefined;
  }
  if (!existsSync(REDIS_SERVER)) {
    project.provide('redisUrl', null);
    console.warn(
      '\n  The Redis suites were SKIPPED: no REDIS_URL and no /usr/bin/redis-server.\n' +
        '  Run them with `apt-get install redis-server` (the tests then start their own on a free port),\n' +
        '  or point them at a Redis you have: REDIS_URL=redis://127.0.0.1:6379 pnpm test\n',
    );
    return undefined;
  }

  const port = await freePort();
  // No snapshot, no append-only file: this Redis lives for one test run and leaves nothing behind.
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReady(url, child);
  project.provide('redisUrl', url);
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}
