import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { closeOnSignals } from '../src/lifecycle.js';
import { buildTestApp } from './helpers.js';

/**
 * Builds a listening app with one slow route, so a request can be in flight when the signal arrives. The
 * signals come from a plain EventEmitter and the exit is recorded instead of performed, so the test runner's
 * own process is never signalled or stopped.
 */
async function slowServer(slowMs: number, timeoutMs = 5_000) {
  const app = await buildTestApp();
  const started = new EventEmitter();
  app.get('/api/test/slow', async () => {
    started.emit('started');
    await sleep(slowMs);
    return { finished: true };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const signals = new EventEmitter();
  const exits: number[] = [];
  const exited = new EventEmitter();
  closeOnSignals(app, {
    emitter: signals,
    timeoutMs,
    exit: (code) => {
      exits.push(code);
      exited.emit('exit', code);
    },
  });
  return { app, url, signals, exits, exited, started: once(started, 'started') };
}

describe('graceful shutdown', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lets a request in flight finish on SIGTERM, then exits with 0', async () => {
    const server = await slowServer(300);
    app = server.app;
    const inFlight = fetch(`${server.url}/api/test/slow`);
    await server.started;

    const exit = once(server.exited, 'exit');
    server.signals.emit('SIGTERM', 'SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    expect(await exit).toEqual([0]);

    // Closed means closed: a new connection is refused.
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  it('exits at once with 1 on a second signal', async () => {
    const server = await slowServer(300);
    app = server.app;
    const inFlight = fetch(`${server.url}/api/test/slow`).catch(() => undefined);
    await server.started;
    server.signals.emit('SIGINT', 'SIGINT');
    server.signals.emit('SIGINT', 'SIGINT');
    expect(server.exits[0]).toBe(1);
    await inFlight;
  });

  it('gives up waiting after the timeout and exits with 1', async () => {
    const server = await slowServer(400, 50);
    app = server.app;
    const inFlight = fetch(`${server.url}/api/test/slow`).catch(() => undefined);
    await server.started;
    const exit = once(server.exited, 'exit');
    server.signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toEqual([1]);
    await inFlight;
  });
});
