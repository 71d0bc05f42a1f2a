/**
 * What the two-instance tests share (many-instances.test.ts with two apps in this process, many-processes.test.ts
 * with two server processes): talking to an instance the way a browser does, over a real socket, and waiting
 * for a revocation to travel between instances without ever waiting a fixed time.
 */
import { performance } from 'node:perf_hooks';
import type { SessionKind } from '@session-lab/shared';

/** Anything listening at a base URL: an app started in this process, or a server process. */
export interface Listening {
  base: string;
}

/** What a browser holds after signing in: its cookies (or bearer token) and the CSRF token. */
export interface Credentials {
  headers: Record<string, string>;
}

export interface MeAnswer {
  status: number;
  code?: string;
  timing: string;
}

/** How long a row may be answered from an instance's cache: a minute, so that only pub/sub can end it sooner. */
export const CACHE_MS = 60_000;

/**
 * How long a test waits for a revocation to reach the other instance. `pnpm bench:revocation` measures a few
 * milliseconds (docs/PERFORMANCE.md); a wall-clock bound near that would fail on a busy machine, so this is
 * generous instead, and derived from the mechanism: a quarter of CACHE_MS, so that a refusal within it still
 * proves that the message, not the cache's expiry, ended the session.
 */
export const PROPAGATION_LIMIT_MS = CACHE_MS / 4;

/** Signs in on `instance` as the SPA would, keeping what the browser would keep. */
export async function signIn(instance: Listening, kind: SessionKind, username = 'student'): Promise<Credentials> {
  const response = await fetch(`${instance.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}123`, kind }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token?: string; csrfToken?: string };
  if (kind === 'bearer') return { headers: { authorization: `Bearer ${body.token}` } };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
  return { headers: { cookie, 'x-csrf-token': body.csrfToken ?? '' } };
}

/** GET /api/me with `credentials`: its status, its code when refused, and what the server did (Server-Timing). */
export async function me(instance: Listening, credentials: Credentials): Promise<MeAnswer> {
  const response = await fetch(`${instance.base}/api/me`, { headers: credentials.headers });
  const body = (await response.json()) as { code?: string };
  return { status: response.status, code: body.code, timing: response.headers.get('server-timing') ?? '' };
}

/** Calls `me` one request after another until `done` says so, for at most `limitMs`; answers every result. */
export async function meUntil(
  instance: Listening,
  credentials: Credentials,
  done: (answer: MeAnswer) => boolean,
  limitMs = PROPAGATION_LIMIT_MS,
): Promise<MeAnswer[]> {
  const deadline = performance.now() + limitMs;
  const answers = [await me(instance, credentials)];
  while (!done(answers.at(-1)!) && performance.now() < deadline) answers.push(await me(instance, credentials));
  return answers;
}

export const refused = (answer: MeAnswer) => answer.status !== 200;
