/**
 * The experiments' own browser: an HTTP client over real sockets that keeps cookies like a browser does, sends
 * a bearer token or a CSRF token like the SPA does, and records every exchange exactly as it went, so the page
 * can show "the requests really sent and the answers really received".
 *
 * Why node:http and not fetch: the comparison counts the bytes a request carries, so this client decides every
 * header itself (fetch would add its own) and counts them before they leave. It also binds its sockets to
 * EXPERIMENT_CLIENT_ADDRESS where it can, so the sign-in throttle counts the experiments apart from the people
 * using the lab (a class behind 127.0.0.1 must never be locked out because someone pressed "Run all").
 *
 * What is recorded is shortened (redact.ts) so the evidence cannot be replayed; the byte counts are taken from
 * what was really sent.
 */
import { request as httpRequest } from 'node:http';
import { COOKIE_NAMES, CSRF_HEADER, REFRESH_COOKIE_PATH, SERVER_TIMING_METRICS as M, type ExperimentActor, type ExperimentHttpStep } from '@session-lab/shared';
import { redactBody, redactHeader } from './redact.js';

/** How long one request may take before the experiment gives up on it (bounded work, never a hang). */
export const REQUEST_TIMEOUT_MS = 5_000;

/**
 * A second loopback address: Linux answers on all of 127.0.0.0/8, so experiments can come from 127.0.0.2 and
 * be counted apart. Where that address does not exist (macOS by default), requests come from 127.0.0.1.
 */
export const EXPERIMENT_CLIENT_ADDRESS = '127.0.0.2';
let clientAddressWorks: boolean | undefined;

/** The names of the cookies a session may put in the jar; only these are kept (and the names are public). */
const SESSION_COOKIE_NAMES = new Set<string>(Object.values(COOKIE_NAMES).flatMap((name) => [name, `__Host-${name}`]));

export interface Target {
  /** `http://127.0.0.1:port` of the instance. */
  origin: string;
  actor: ExperimentActor;
}

export interface SendOptions {
  body?: unknown;
  /** Add the CSRF token, as the SPA does on every state-changing request of a cookie session. */
  csrf?: boolean;
  /** Only some of the response body is shown (a list of other people's sessions is not the experiment's). */
  showBody?: (body: unknown) => unknown;
}

export interface Answer {
  status: number;
  body: unknown;
  step: ExperimentHttpStep;
}

/** Reads the metrics this server writes into Server-Timing (see shared/src/sessions.ts). */
export function readServerTiming(header: string | undefined): ExperimentHttpStep['server'] {
  const server: ExperimentHttpStep['server'] = { storeRead: false, storeWrite: false };
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const desc = params.find((param) => param.startsWith('desc='))?.slice('desc='.length);
    if (name === M.kind && desc !== undefined) server.kind = desc;
    if (name === M.signature && (desc === 'verified' || desc === 'remembered')) server.signature = desc;
    if (name === M.storeRead) server.storeRead = true;
    if (name === M.storeWrite) server.storeWrite = true;
    if (name === M.cache && (desc === 'hit' || desc === 'miss' || desc === 'off')) server.cache = desc;
    if (name === M.outcome && desc !== undefined) server.outcome = desc;
  }
  return server;
}

export class ExperimentClient {
  /**
   * name → value and Path, for the session cookies only. Most have Path=/api; the refresh token's cookie has
   * Path=/api/auth/refresh, and like a browser this client sends a cookie only to the paths under its own.
   */
  private jar = new Map<string, { value: string; path: string }>();
  private bearerToken: string | undefined;
  private csrfToken: string | undefined;

  constructor(
    readonly actor: ExperimentActor,
    private record: (step: ExperimentHttpStep) => void,
  ) {}

  /** A second client holding the same credential: "a copy taken before", as a thief or another tab would. */
  copy(actor: ExperimentActor = this.actor): ExperimentClient {
    const twin = new ExperimentClient(actor, this.record);
    twin.jar = new Map(this.jar);
    twin.bearerToken = this.bearerToken;
    twin.csrfToken = this.csrfToken;
    return twin;
  }

  /** The same client, recording nothing: for the clean-up after an experiment, which is not its evidence. */
  quiet(): ExperimentClient {
    const twin = this.copy();
    twin.record = () => undefined;
    return twin;
  }

  /** What the server handed over at sign-in: the bearer token, or the value of the session cookie. */
  credential(): string | undefined {
    if (this.bearerToken !== undefined) return this.bearerToken;
    for (const name of [COOKIE_NAMES['cookie-jwt'], COOKIE_NAMES.hybrid, COOKIE_NAMES.session]) {
      const cookie = this.jar.get(name) ?? this.jar.get(`__Host-${name}`);
      if (cookie !== undefined) return cookie.value;
    }
    return undefined;
  }

  /** The refresh token of a `refresh` sign-in, as its httpOnly cookie holds it (a thief's copy is taken from here). */
  refreshToken(): string | undefined {
    return (this.jar.get(COOKIE_NAMES.refresh) ?? this.jar.get(`__Host-${COOKIE_NAMES.refresh}`))?.value;
  }

  /** Keeps what a sign-in answer gives the SPA: the token (bearer) or the CSRF token (cookie kinds). */
  absorbSignIn(body: unknown): void {
    if (typeof body !== 'object' || body === null) return;
    const { token, csrfToken } = body as { token?: unknown; csrfToken?: unknown };
    if (typeof token === 'string') this.bearerToken = token;
    if (typeof csrfToken === 'string') this.csrfToken = csrfToken;
  }

  /** Forgets everything, as the SPA does after signing out. */
  forget(): void {
    this.jar.clear();
    this.bearerToken = undefined;
    this.csrfToken = undefined;
  }

  async send(target: Target, method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const headers: Array<[string, string]> = [['host', new URL(target.origin).host]];
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers.push(['content-type', 'application/json'], ['content-length', String(Buffer.byteLength(body))]);
    // A browser sends `Content-Length: 0` on a POST without a body; without it Node would send the request chunked.
    else if (method !== 'GET' && method !== 'HEAD') headers.push(['content-length', '0']);
    // Like the SPA, the refresh call carries no access token: the refresh cookie is its credential.
    if (this.bearerToken !== undefined && !cookiePathMatches(REFRESH_COOKIE_PATH, path)) headers.push(['authorization', `Bearer ${this.bearerToken}`]);
    const sent = [...this.jar].filter(([, cookie]) => cookiePathMatches(cookie.path, path));
    if (sent.length > 0) headers.push(['cookie', sent.map(([name, cookie]) => `${name}=${cookie.value}`).join('; ')]);
    // The SPA adds the CSRF token only where the browser attaches a cookie by itself: a request that carries a
    // bearer access token (the `refresh` kind's API calls) needs none, its refresh route (cookie only) does.
    const cookieAuthenticated = this.bearerToken === undefined || cookiePathMatches(REFRESH_COOKIE_PATH, path);
    if (options.csrf === true && this.csrfToken !== undefined && cookieAuthenticated) headers.push([CSRF_HEADER, this.csrfToken]);

    const requestBytes =
      Buffer.byteLength(`${method} ${path} HTTP/1.1\r\n`) +
      headers.reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`), 0) +
      2 +
      (body === undefined ? 0 : Buffer.byteLength(body));
    const sessionBytes = headers
      .filter(([name]) => name === 'authorization' || name === 'cookie' || name === CSRF_HEADER)
      .reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`), 0);

    const answer = await exchange(target.origin, method, path, headers, body);
    for (const line of answer.setCookies) this.absorbCookie(line);

    let parsed: unknown = answer.text;
    try {
      parsed = answer.text === '' ? null : JSON.parse(answer.text);
    } catch {
      // Not JSON (it always is from this API); the text is shown as it came.
    }
    const shown = options.showBody === undefined ? parsed : options.showBody(parsed);
    const step: ExperimentHttpStep = {
      type: 'http',
      from: this.actor,
      to: target.actor,
      method,
      path,
      requestHeaders: headers.map(([name, value]) => [name, redactHeader(name, value)]),
      ...(body === undefined ? {} : { requestBody: JSON.stringify(redactBody(JSON.parse(body))) }),
      status: answer.status,
      responseHeaders: answer.headers.map(([name, value]) => [name, redactHeader(name, value)]),
      responseBody: typeof shown === 'string' ? shown : JSON.stringify(redactBody(shown)),
      requestBytes,
      sessionBytes,
      server: readServerTiming(answer.headers.find(([name]) => name === 'server-timing')?.[1]),
    };
    this.record(step);
    return { status: answer.status, body: parsed, step };
  }

  /** Applies one Set-Cookie line: an empty value or an expiry in the past removes the cookie, as in a browser. */
  private absorbCookie(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const equals = pair.indexOf('=');
    if (equals < 1) return;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (!SESSION_COOKIE_NAMES.has(name)) return;
    const trimmed = attributes.map((attribute) => attribute.trim());
    const expires = trimmed.find((attribute) => /^expires=/i.test(attribute));
    const cookiePath = trimmed.find((attribute) => /^path=/i.test(attribute))?.slice('path='.length) ?? '/';
    const gone = value === '' || (expires !== undefined && Date.parse(expires.slice('expires='.length)) <= Date.now());
    if (gone) this.jar.delete(name);
    else this.jar.set(name, { value, path: cookiePath });
  }
}

/** RFC 6265 §5.1.4: a cookie goes to its own path and to the paths below it, never to a sibling or a parent. */
export function cookiePathMatches(cookiePath: string, requestPath: string): boolean {
  const pathname = requestPath.split('?')[0]!;
  if (pathname === cookiePath) return true;
  return pathname.startsWith(cookiePath) && (cookiePath.endsWith('/') || pathname[cookiePath.length] === '/');
}

interface RawAnswer {
  status: number;
  headers: Array<[string, string]>;
  setCookies: string[];
  text: string;
}

/** The response headers worth showing; the rest (date, connection…) say nothing about sessions. */
const SHOWN_RESPONSE_HEADERS = new Set(['set-cookie', 'server-timing', 'www-authenticate', 'x-session-lab-token-check', 'content-type']);

/** The longest answer body kept: the API's answers are small, and the evidence must stay bounded. */
const MAX_BODY_BYTES = 64 * 1024;

async function exchange(origin: string, method: string, path: string, headers: Array<[string, string]>, body: string | undefined): Promise<RawAnswer> {
  if (clientAddressWorks !== false) {
    try {
      const answer = await exchangeFrom(EXPERIMENT_CLIENT_ADDRESS, origin, method, path, headers, body);
      clientAddressWorks = true;
      return answer;
    } catch (error) {
      if (clientAddressWorks === true || (error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
      clientAddressWorks = false;
    }
  }
  return exchangeFrom(undefined, origin, method, path, headers, body);
}

function exchangeFrom(
  localAddress: string | undefined,
  origin: string,
  method: string,
  path: string,
  headers: Array<[string, string]>,
  body: string | undefined,
): Promise<RawAnswer> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: headers.flat(),
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
        ...(localAddress === undefined ? {} : { localAddress }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          const raw = response.rawHeaders;
          const shown: Array<[string, string]> = [];
          for (let index = 0; index < raw.length; index += 2) {
            const name = raw[index]!.toLowerCase();
            if (SHOWN_RESPONSE_HEADERS.has(name)) shown.push([name, raw[index + 1]!]);
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: shown,
            setCookies: response.headers['set-cookie'] ?? [],
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${origin}${path} within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
