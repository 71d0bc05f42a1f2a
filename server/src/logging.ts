/**
 * How the server logs: Fastify's logger (pino, one JSON object per line), one line per request, and never a
 * token or a password.
 */
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

/**
 * Three base64url runs joined by dots, the first two at least 8 characters long: the shape of a JWT (a
 * header alone is longer than that), while file names such as `jquery.min.js` keep their short middle part.
 */
const JWT_SHAPED = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * The path of a request as it may be logged: without the query string or a fragment, percent-decoded (so an
 * encoded token is recognised too), and with anything shaped like a token replaced. Our API never takes a
 * token in the URL, but a client that wrongly puts one in the path, the query or the fragment must not get
 * it written to the log, where many more people can read it than the token was meant for.
 */
export function loggablePath(url: string): string {
  const path = decodedPath(url);
  // A token has two dots; a path with fewer cannot contain one, and most paths (every API path) have none.
  const firstDot = path.indexOf('.');
  if (firstDot === -1 || path.indexOf('.', firstDot + 1) === -1) return path;
  return path.replace(JWT_SHAPED, '[redacted]');
}

/**
 * The path of a request URL as the router reads it: without the query string or a fragment, and
 * percent-decoded where that is valid (an undecodable path is returned as it came).
 */
export function decodedPath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  // Nothing to decode without a percent sign; decodeURIComponent would return the same string.
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Fastify normally writes two lines per request, one on arrival and one on completion, with the full URL.
 * This controller writes a single line when the response has gone out: method, path, status and time taken,
 * the path passed through `loggablePath`. Fastify calls these methods anyway, so this costs no extra hook.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      path: loggablePath(request.url),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request failed while sending the response');
    else reply.log.info(line, 'request');
  }
}

/** What a secret is replaced with in the log. */
export const CENSOR = '[redacted]';

/**
 * Where a secret could sit in something logged, as paths from the top of the line; `*` stands for any key.
 * Our own log lines never carry any of these, but if anyone ever logs a request, a body or an object with a
 * password in it, the value is replaced before the line is written.
 */
const SECRET_PATHS: readonly (readonly string[])[] = [
  ['password'],
  ['token'],
  ['body'],
  ['*', 'password'],
  ['*', 'token'],
  ['req', 'body'],
  ['req', 'headers', 'authorization'],
  ['req', 'headers', 'cookie'],
  ['headers', 'authorization'],
];

type Loggable = Record<string, unknown>;

const isObject = (value: unknown): value is Loggable => typeof value === 'object' && value !== null;

/**
 * A copy of `node` with `key` set to `value`, so the caller's object is never changed. An error keeps its
 * prototype and its own properties, `message` and `stack` included (they are not enumerable), so pino still
 * logs it as an error; the key is defined afresh, so a frozen object or a getter copies too.
 */
function replaced(node: Loggable, key: string, value: unknown): Loggable {
  if (Array.isArray(node)) {
    const copy = [...node] as unknown as Loggable;
    copy[key] = value;
    return copy;
  }
  const properties = Object.getOwnPropertyDescriptors(node);
  properties[key] = { value, enumerable: true, writable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(node) as object | null, properties) as Loggable;
}

/** `node` with the value at `path` (from `path[at]` on) censored, or `node` itself when it has none. */
function censored(node: Loggable, path: readonly string[], at: number): Loggable {
  const key = path[at]!;
  if (key === '*') {
    let safe = node;
    for (const name of Object.keys(node)) {
      const child = node[name];
      if (!isObject(child)) continue;
      const safeChild = censored(child, path, at + 1);
      if (safeChild !== child) safe = replaced(safe, name, safeChild);
    }
    return safe;
  }
  if (!Object.hasOwn(node, key) || node[key] === undefined) return node;
  if (at === path.length - 1) return replaced(node, key, CENSOR);
  const child = node[key];
  if (!isObject(child)) return node;
  const safeChild = censored(child, path, at + 1);
  return safeChild === child ? node : replaced(node, key, safeChild);
}

/** The first step of every path that names its key (`*` matches any key, but only an object's). */
const SECRET_ROOTS = new Set(SECRET_PATHS.map((path) => path[0]!).filter((key) => key !== '*'));

/**
 * Whether a path could reach into `line` at all: some key is the first step of a path, or some value is an
 * object that `*` could look into. The request line (method, path, status, time) has neither, so the one
 * line every request writes costs a glance at four keys.
 */
function mayHoldSecrets(line: Loggable): boolean {
  for (const key of Object.keys(line)) {
    if (SECRET_ROOTS.has(key) || isObject(line[key])) return true;
  }
  return false;
}

/**
 * The object of a log line with every secret of SECRET_PATHS replaced by CENSOR. It copies only what it
 * censors, and a line without secrets (every line the server writes itself) comes back as it went in.
 *
 * Why not pino's own `redact` option, which takes the same paths: its redaction runs on every value of every
 * line, the message included, and copies as it goes. `pnpm bench:instructions` counted about 18 000 machine
 * instructions per request for it, a sixth of everything the server does to answer an open route.
 * These few property checks cost a few hundred.
 */
export function redactSecrets(line: Loggable): Loggable {
  if (!mayHoldSecrets(line)) return line;
  let safe = line;
  for (const path of SECRET_PATHS) safe = censored(safe, path, 0);
  return safe;
}

/**
 * Logger settings. Every line, and every set of bindings a child logger adds to its lines, passes through
 * `redactSecrets` before pino writes it.
 */
export function loggerOptions(level: LogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    formatters: { log: redactSecrets, bindings: redactSecrets },
    ...(stream === undefined ? {} : { stream }),
  };
}
