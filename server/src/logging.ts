/**
 * How the server logs: Fastify's logger (pino, one JSON object per line), one line per request, and never a
 * token or a password.
 */
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

/**
 * Fastify normally writes two lines per request, one on arrival and one on completion, with the full URL.
 * This controller writes a single line when the response has gone out: method, path, status and time taken.
 * The query string is left out: our API never takes a token in the URL, but a client that wrongly puts one
 * there must not get it written to the log. Fastify calls these methods anyway, so this costs no extra hook.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const query = request.url.indexOf('?');
    const line = {
      method: request.method,
      path: query === -1 ? request.url : request.url.slice(0, query),
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
