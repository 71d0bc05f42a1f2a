/**
 * Graceful shutdown. On SIGTERM (what `docker stop`, systemd and most process managers send) or SIGINT
 * (Ctrl+C), the server stops accepting connections, lets the requests already in flight finish, and exits.
 * A sign-in that is halfway through hashing its password still gets its token instead of a reset connection.
 */
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  /** Where the signals come from; the process itself, except in tests. */
  emitter?: Pick<NodeJS.EventEmitter, 'on'>;
  /** How long in-flight requests may take before the process gives up waiting and exits anyway. */
  timeoutMs?: number;
  exit?: (code: number) => void;
}

export function closeOnSignals(app: FastifyInstance, options: ShutdownOptions = {}): void {
  const {
    signals = ['SIGTERM', 'SIGINT'],
    emitter = process,
    timeoutMs = 10_000,
    exit = (code: number) => process.exit(code),
  } = options;
  let closing = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      // A second Ctrl+C means "now": whoever sends it has decided not to wait.
      app.log.warn({ signal }, 'second signal received, exiting without waiting');
      exit(1);
      return;
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing the requests in flight');

    // A request that never ends (a stuck client, a bug) must not keep the process alive forever. unref()
    // keeps this timer from being the one thing that holds the process open once everything else is done.
    const deadline = setTimeout(() => {
      app.log.error({ timeoutMs }, 'requests still in flight after the shutdown timeout, exiting');
      exit(1);
    }, timeoutMs);
    deadline.unref();

    // Fastify's close() stops accepting connections and closes the idle keep-alive ones, but a connection
    // whose request is still running only becomes idle afterwards, and Node would then keep it open for the
    // whole keep-alive timeout (72 s). Closing newly idle connections every 100 ms ends each one right after
    // its last response.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
    reaper.unref();

    app.close().then(
      () => {
        clearTimeout(deadline);
        clearInterval(reaper);
        app.log.info('server closed');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        clearInterval(reaper);
        app.log.error({ err: error }, 'error while closing the server');
        exit(1);
      },
    );
  };

  // Listening replaces Node's default reaction (exit at once); `on` rather than `once`, so that a second
  // signal reaches the "now" branch above.
  for (const signal of signals) emitter.on(signal, onSignal);
}
