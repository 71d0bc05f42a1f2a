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

/**
 * Logger settings. Redaction is a safety net: our own log lines never include headers or bodies, but if
 * anyone ever logs a request or an error that carries them, the token and the password are replaced before
 * the line is written.
 */
export function loggerOptions(level: LogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'req.body',
        'body',
        'password',
        'token',
        '*.password',
        '*.token',
      ],
      censor: '[redacted]',
    },
    ...(stream === undefined ? {} : { stream }),
  };
}
