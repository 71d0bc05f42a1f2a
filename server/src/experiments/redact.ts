/**
 * Shortens every credential in an experiment's evidence, so what the page shows cannot be sent back to the
 * server as a session. The experiments sign in as the demo student and teacher: a visitor who is a student
 * must not be able to copy a teacher's token out of the evidence.
 *
 * - A JWT keeps its header and its claims (what the lesson is about: "the role travels in the token") and loses
 *   its signature, without which no server accepts it.
 * - Any other secret (a session id, a CSRF token) keeps its first four characters and its length.
 * - The demo password is replaced too; it is public, but a password in a log is a bad habit to teach.
 */
import { COMPACT_JWS_PATTERN } from '@session-lab/shared';

export function redactSecret(value: string): string {
  if (COMPACT_JWS_PATTERN.test(value)) {
    const [head, payload] = value.split('.');
    return `${head}.${payload}.«signature removed»`;
  }
  if (value.length <= 8) return value;
  return `${value.slice(0, 4)}…«${value.length} characters removed»`;
}

/** Redacts the value of one header line, knowing which headers carry secrets. */
export function redactHeader(name: string, value: string): string {
  if (name === 'authorization') {
    const [scheme = '', token = ''] = value.split(' ');
    return `${scheme} ${redactSecret(token)}`;
  }
  if (name === 'cookie') {
    return value
      .split('; ')
      .map((pair) => {
        const equals = pair.indexOf('=');
        return equals < 0 ? pair : `${pair.slice(0, equals)}=${redactSecret(pair.slice(equals + 1))}`;
      })
      .join('; ');
  }
  if (name === 'set-cookie') {
    const equals = value.indexOf('=');
    const semicolon = value.indexOf(';');
    if (equals < 0) return value;
    const end = semicolon < 0 ? value.length : semicolon;
    const secret = value.slice(equals + 1, end);
    return secret === '' ? value : `${value.slice(0, equals + 1)}${redactSecret(secret)}${value.slice(end)}`;
  }
  if (name === 'x-csrf-token') return redactSecret(value);
  return value;
}

/** The fields of a JSON body that hold a secret. */
const SECRET_FIELDS = new Set(['token', 'csrfToken']);

/** A copy of a JSON body with its secret fields redacted, at any depth. */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (key === 'password' && typeof value === 'string') return [key, '«demo password»'];
      if (SECRET_FIELDS.has(key) && typeof value === 'string') return [key, redactSecret(value)];
      return [key, redactBody(value)];
    }),
  );
}
