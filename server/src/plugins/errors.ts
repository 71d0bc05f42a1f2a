/**
 * One place turns every failure into the API's error body, `{ statusCode, code, message }`.
 *
 * Fastify reports problems with its own error codes (FST_ERR_…), which are implementation details: they can
 * change between versions and mean nothing to the SPA. Here each one is translated into a stable code from
 * `shared/` that the SPA branches on and a student can look up. Client errors (4xx) say what was wrong;
 * server errors (5xx) say nothing beyond "something went wrong", because a message or a stack trace could
 * reveal file paths, library versions or data to whoever sent the request. The full error goes to the log.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode, errorBodySchema, type ErrorBody } from '@session-lab/shared';

/**
 * A route's response schemas for the error statuses it can answer with. They all point at the one shared
 * error schema, registered below, so every error body in the API has exactly the same shape.
 */
export function errorResponses<const Status extends number>(
  ...statuses: Status[]
): Record<Status, { $ref: 'ErrorBody' }> {
  const responses = {} as Record<Status, { $ref: 'ErrorBody' }>;
  for (const status of statuses) responses[status] = { $ref: 'ErrorBody' };
  return responses;
}

/** Builds an error body. Frozen, because the hot paths reuse the same objects for every request. */
export function errorBody(statusCode: number, code: ErrorCode, message: string): Readonly<ErrorBody> {
  return Object.freeze({ statusCode, code, message });
}

/** Fastify's own error codes that have a precise equivalent in our contract. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: 'The body must be sent as application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    message: 'The body is larger than this route accepts.',
  },
  // Fastify parses JSON with secure-json-parse and `onProtoPoisoning: 'error'`, so a body with a `__proto__`
  // key (or `constructor.prototype`) fails here like broken JSON: it is refused before any code can merge it
  // into an object and change the prototype every object in the process inherits from.
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.INVALID_JSON,
    message: 'The body is not valid JSON, or it contains a forbidden key such as __proto__.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.INVALID_JSON,
    message: 'The body is empty but was sent as application/json.',
  },
  // @fastify/csrf-protection's two refusals (plugins/csrf.ts): no CSRF secret cookie, or a token that does not
  // match it and this session. One code for both, like the origin check's refusal.
  FST_CSRF_MISSING_SECRET: {
    code: ErrorCode.CSRF_REJECTED,
    message: 'The CSRF secret cookie is missing. Get a new token from GET /api/auth/csrf.',
  },
  FST_CSRF_INVALID_TOKEN: {
    code: ErrorCode.CSRF_REJECTED,
    message: 'The X-CSRF-Token header is missing or is not the token of this session.',
  },
};

const OUR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

const INTERNAL_ERROR_BODY = errorBody(500, ErrorCode.INTERNAL_ERROR, 'Something went wrong on the server.');
const NOT_FOUND_BODY = errorBody(404, ErrorCode.NOT_FOUND, 'No route matches this path.');
const METHOD_NOT_ALLOWED_BODY = errorBody(405, ErrorCode.METHOD_NOT_ALLOWED, 'This path does not accept this method; see the Allow header.');

interface ErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  validation?: unknown;
}

/** Decides what the client is told about `error`; never includes anything the client did not send. */
export function toErrorBody(error: unknown): Readonly<ErrorBody> {
  const candidate: ErrorLike = typeof error === 'object' && error !== null ? error : {};
  const statusCode = typeof candidate.statusCode === 'number' ? candidate.statusCode : 500;

  if (statusCode < 400 || statusCode >= 500) return INTERNAL_ERROR_BODY;

  // Schema failures carry Ajv's message ("body/password must be string"): it names the field and the rule,
  // never the value, so it is safe to show and it is exactly what a student needs to fix the request.
  if (candidate.validation !== undefined && typeof candidate.message === 'string') {
    return errorBody(400, ErrorCode.VALIDATION_FAILED, candidate.message);
  }
  const code = typeof candidate.code === 'string' ? candidate.code : '';
  const known = FASTIFY_CODES[code];
  if (known !== undefined) return errorBody(statusCode, known.code, known.message);
  // An error our own code raised with one of the contract's codes already says what the client should see.
  if (OUR_CODES.has(code) && typeof candidate.message === 'string') {
    return errorBody(statusCode, code as ErrorCode, candidate.message);
  }

  // Any other client error still gets a stable code, with the standard reason phrase as its message:
  // Fastify's own messages for these sometimes quote the request back (a broken URL, for instance).
  return errorBody(statusCode, ErrorCode.BAD_REQUEST, STATUS_CODES[statusCode] ?? 'Bad Request');
}

/**
 * A few errors happen before a request reaches any route or hook (a URL that cannot be decoded, for one), so
 * Fastify answers them without calling the error handler. app.ts passes this function as Fastify's
 * `frameworkErrors` option to give them the same body as every other error.
 */
export function frameworkErrorHandler(error: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(error);
  reply.code(body.statusCode ?? 500).send(body);
}

/**
 * What Node's HTTP parser answers itself, before Fastify sees a request: a request line or headers it cannot
 * parse (an unknown method, a header without a colon), headers larger than it reads, or a client too slow to
 * send its request. There is no request and no reply object yet, only the socket, so the answer is written
 * by hand, in the same `{ statusCode, code, message }` shape as every other error, and the connection closed.
 */
const PARSER_ERRORS: Readonly<Record<string, Readonly<ErrorBody>>> = {
  HPE_HEADER_OVERFLOW: errorBody(431, ErrorCode.HEADERS_TOO_LARGE, 'The request headers are larger than this server reads.'),
  ERR_HTTP_REQUEST_TIMEOUT: errorBody(408, ErrorCode.REQUEST_TIMEOUT, 'The request was not received in time.'),
};
const UNPARSEABLE_BODY = errorBody(400, ErrorCode.BAD_REQUEST, 'The request line or its headers could not be parsed.');

/** Passed to Fastify as `clientErrorHandler` (see app.ts). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A connection the client already closed cannot be answered; there is no one left to read it.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = PARSER_ERRORS[error.code ?? ''] ?? UNPARSEABLE_BODY;
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode ?? 400] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      json,
  );
}

async function errors(fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(errorBodySchema);

  // Which methods the app has routes for, collected as routes are registered, so that a path the router knows
  // under another method can answer 405 with `Allow` (RFC 9110) rather than pretend the path does not exist.
  const methods = new Set<string>();
  fastify.addHook('onRoute', (routeOptions) => {
    for (const method of [routeOptions.method].flat()) methods.add(method);
  });

  /**
   * The methods whose routes match this URL. Each method's routes are searched the way the router searches
   * them for a real request (`findRoute` takes the raw URL and decodes it like the router does), so a pattern
   * with parameters such as `/api/sessions/:id` matches `/api/sessions/Qm9vayBvZiBzZXNzaW9ucw`. A match only through a wildcard
   * does not count: the SPA's GET `/*` takes every path for page navigations, and would otherwise make every
   * path "known" to GET.
   */
  function allowedMethods(url: string): string[] {
    const allowed: string[] = [];
    for (const method of methods) {
      const route = fastify.findRoute({ method: method as HTTPMethods, url });
      if (route !== null && !('*' in (route.params ?? {}))) allowed.push(method);
    }
    return allowed.sort();
  }

  fastify.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error);
    if (body.statusCode === 500) {
      // The only place the details of a server error go: the log, on the server, for the operator.
      request.log.error({ err: error }, 'request failed');
    }
    return reply.code(body.statusCode ?? 500).send(body);
  });

  // Unknown routes answer in the same shape, so the SPA never has to parse Fastify's default 404 body. No
  // error answer is worth keeping in a cache, so none is stored.
  fastify.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const allowed = allowedMethods(request.url);
    if (allowed.length === 0) return reply.code(404).send(NOT_FOUND_BODY);
    return reply.code(405).header('allow', allowed.join(', ')).send(METHOD_NOT_ALLOWED_BODY);
  });
}

export default fp(errors, { name: 'errors', fastify: '5.x' });
