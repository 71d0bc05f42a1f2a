/**
 * The entry point: read the configuration, build the app, listen. Everything else lives in app.ts, so that
 * tests build the very same app without opening a port.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { closeOnSignals } from './lifecycle.js';
import { redisAddress } from './redis.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A configuration mistake is the operator's to fix, so it gets a plain message and no stack trace.
  console.error(`Session Lab cannot start.\n${error.message}`);
  process.exit(1);
}

let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp(config);
} catch (error) {
  // Most often Redis is configured but not reachable; the message names it without its password.
  console.error(`Session Lab cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const warning of config.warnings) app.log.warn(warning);
closeOnSignals(app);

try {
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Session Lab is ready at ${address} (health check: ${address}/api/health)`);
  // Where server-side sessions live decides whether they survive this process: say it once, at start-up.
  app.log.info(sessionsWhere(config));
  if (config.redis !== undefined) app.log.info(`the sign-in throttle counts in Redis, shared with every instance that uses it`);
} catch (error) {
  // Most often the port is taken by another process, or the host is not an address of this machine.
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`Session Lab cannot listen on ${config.host}:${config.port}: ${reason}`);
  process.exit(1);
}

function sessionsWhere({ sessions, redis }: Config): string {
  if (sessions.store === 'sqlite') return `server-side sessions are kept in SQLite at ${sessions.dbPath}`;
  if (sessions.store === 'memory') return 'server-side sessions are kept in memory: they end when this process stops';
  const cache = sessions.cacheMs > 0 ? `, cached here for at most ${sessions.cacheMs} ms between revocations` : '';
  return `server-side sessions are kept in Redis at ${redisAddress(redis!.url)}, shared with every instance that uses it${cache}`;
}
