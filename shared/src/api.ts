/**
 * The API contract. Each route's JSON Schemas live here, and the TypeScript types are derived from the
 * schemas (json-schema-to-ts), so the server validates exactly what the client is typed to send and receive.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { ErrorCode } from './errors.js';
import { ROLES } from './claims.js';
import { PASSWORD_MAX_LENGTH, TTL_MAX_SECONDS, TTL_MIN_SECONDS, USERNAME_MAX_LENGTH } from './limits.js';
import { COOKIE_KINDS, SESSION_ID_PATTERN, SESSION_KINDS, TABLE_KINDS } from './sessions.js';

/** Every error body: a stable code for programs and a sentence for people. */
export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', enum: Object.values(ErrorCode) },
    message: { type: 'string' },
  },
  required: ['code', 'message'],
  additionalProperties: false,
} as const;
export type ErrorBody = FromSchema<typeof errorBodySchema>;

export const healthResponseSchema = {
  type: 'object',
  properties: { status: { type: 'string', const: 'ok' } },
  required: ['status'],
  additionalProperties: false,
} as const;
export type HealthResponse = FromSchema<typeof healthResponseSchema>;

export const loginBodySchema = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: USERNAME_MAX_LENGTH },
    password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
    ttlSeconds: { type: 'integer', minimum: TTL_MIN_SECONDS, maximum: TTL_MAX_SECONDS },
    /** Which kind of session to start; `bearer` (the client-side token) when left out. */
    kind: { type: 'string', enum: SESSION_KINDS },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;
export type LoginBody = FromSchema<typeof loginBodySchema>;

const userSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ROLES },
  },
  required: ['username', 'role'],
  additionalProperties: false,
} as const;

/** The answer to a bearer sign-in: the token itself, for the SPA to keep and send in a header. */
export const bearerLoginResponseSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'bearer' },
    token: { type: 'string' },
    /** When the token expires, as an ISO 8601 date. */
    expiresAt: { type: 'string', format: 'date-time' },
    user: userSchema,
  },
  required: ['kind', 'token', 'expiresAt', 'user'],
  additionalProperties: false,
} as const;
export type BearerLoginResponse = FromSchema<typeof bearerLoginResponseSchema>;

/**
 * The answer to a sign-in with a cookie kind. The credential went into an httpOnly cookie and is deliberately
 * absent here: the SPA never sees it. What it gets instead is the CSRF token to send back in `X-CSRF-Token`.
 */
export const cookieLoginResponseSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: COOKIE_KINDS },
    /** When the session ends unless something ends it sooner, as an ISO 8601 date. */
    expiresAt: { type: 'string', format: 'date-time' },
    user: userSchema,
    csrfToken: { type: 'string' },
  },
  required: ['kind', 'expiresAt', 'user', 'csrfToken'],
  additionalProperties: false,
} as const;
export type CookieLoginResponse = FromSchema<typeof cookieLoginResponseSchema>;

/**
 * The answer to a `refresh` sign-in: a short-lived access token for the SPA to hold and send in a header, as in
 * `bearer`. The refresh token went into an httpOnly cookie scoped to POST /api/auth/refresh and is absent here;
 * `refreshExpiresAt` says when the family ends if nothing renews it (the idle deadline, or the absolute end
 * when that comes first). The CSRF token is for the refresh route, which the cookie authenticates.
 */
export const refreshLoginResponseSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'refresh' },
    token: { type: 'string' },
    /** When the access token expires, as an ISO 8601 date. */
    expiresAt: { type: 'string', format: 'date-time' },
    refreshExpiresAt: { type: 'string', format: 'date-time' },
    user: userSchema,
    csrfToken: { type: 'string' },
  },
  required: ['kind', 'token', 'expiresAt', 'refreshExpiresAt', 'user', 'csrfToken'],
  additionalProperties: false,
} as const;
export type RefreshLoginResponse = FromSchema<typeof refreshLoginResponseSchema>;

export const loginResponseSchema = {
  anyOf: [bearerLoginResponseSchema, cookieLoginResponseSchema, refreshLoginResponseSchema],
} as const;
export type LoginResponse = BearerLoginResponse | CookieLoginResponse | RefreshLoginResponse;

/** POST /api/auth/refresh's optional body: the demo's "session length" for the new access token, as at sign-in. */
export const refreshBodySchema = {
  type: ['object', 'null'],
  properties: { ttlSeconds: { type: 'integer', minimum: TTL_MIN_SECONDS, maximum: TTL_MAX_SECONDS } },
  additionalProperties: false,
} as const;
export type RefreshBody = NonNullable<FromSchema<typeof refreshBodySchema>>;

/**
 * POST /api/auth/refresh: a new access token, and (in the cookie, not here) a new refresh token. The old refresh
 * token is spent: presenting it again is reuse.
 */
export const refreshResponseSchema = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    refreshExpiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['token', 'expiresAt', 'refreshExpiresAt'],
  additionalProperties: false,
} as const;
export type RefreshResponse = FromSchema<typeof refreshResponseSchema>;

export const meResponseSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ROLES },
    /**
     * When the session ends unless something ends it sooner, as an ISO 8601 date: a token's `exp`, or for the
     * `session` kind the earlier of its idle deadline and its absolute lifetime.
     */
    expiresAt: { type: 'string', format: 'date-time' },
    kind: { type: 'string', enum: SESSION_KINDS },
  },
  required: ['username', 'role', 'expiresAt', 'kind'],
  additionalProperties: false,
} as const;
export type MeResponse = FromSchema<typeof meResponseSchema>;

const noteSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    /** Which roles may read the note; the server filters on the verified role, never on the client's word. */
    audience: { type: 'string', enum: ['everyone', 'teacher'] },
  },
  required: ['id', 'title', 'body', 'audience'],
  additionalProperties: false,
} as const;

/** The languages the notes are written in; the server picks one from the request's Accept-Language. */
export const NOTE_LANGUAGES = ['en', 'es'] as const;
export type NoteLanguage = (typeof NOTE_LANGUAGES)[number];

export const notesResponseSchema = {
  type: 'object',
  properties: {
    /** The language the notes were served in: the best match for Accept-Language, English by default. */
    language: { type: 'string', enum: NOTE_LANGUAGES },
    notes: { type: 'array', items: noteSchema },
  },
  required: ['language', 'notes'],
  additionalProperties: false,
} as const;
export type NotesResponse = FromSchema<typeof notesResponseSchema>;
export type Note = NotesResponse['notes'][number];

/** GET /api/auth/csrf: the CSRF token of the current cookie session, for a page that was reloaded. */
export const csrfResponseSchema = {
  type: 'object',
  properties: { csrfToken: { type: 'string' } },
  required: ['csrfToken'],
  additionalProperties: false,
} as const;
export type CsrfResponse = FromSchema<typeof csrfResponseSchema>;

const sessionProperties = {
  /** The public id: a name for the row, not the secret in the cookie. */
  id: { type: 'string', pattern: SESSION_ID_PATTERN },
  kind: { type: 'string', enum: TABLE_KINDS },
  createdAt: { type: 'string', format: 'date-time' },
  lastSeenAt: { type: 'string', format: 'date-time' },
  /**
   * When the session really ends if nothing else happens: for a `session`, its idle deadline (the last request
   * plus the idle timeout), never later than its absolute end; for a `hybrid`, its token's `exp`. As of the
   * moment of the listing: every request of that session moves a `session`'s idle deadline later.
   */
  expiresAt: { type: 'string', format: 'date-time' },
  /** The absolute end: the latest the session can last, however active it is. */
  absoluteExpiresAt: { type: 'string', format: 'date-time' },
  ip: { type: 'string' },
  userAgent: { type: 'string' },
  /** True for the session that made this request. */
  current: { type: 'boolean' },
} as const;

/** One live row of the session table, as its owner sees it. */
export const sessionSchema = {
  type: 'object',
  properties: sessionProperties,
  required: ['id', 'kind', 'createdAt', 'lastSeenAt', 'expiresAt', 'absoluteExpiresAt', 'ip', 'userAgent', 'current'],
  additionalProperties: false,
} as const;
export type SessionView = FromSchema<typeof sessionSchema>;

export const sessionsResponseSchema = {
  type: 'object',
  properties: { sessions: { type: 'array', items: sessionSchema } },
  required: ['sessions'],
  additionalProperties: false,
} as const;
export type SessionsResponse = FromSchema<typeof sessionsResponseSchema>;

/** One live row of the session table, as a teacher sees it: whose it is, too. */
export const adminSessionSchema = {
  type: 'object',
  properties: { ...sessionProperties, username: { type: 'string' } },
  required: ['id', 'kind', 'username', 'createdAt', 'lastSeenAt', 'expiresAt', 'absoluteExpiresAt', 'ip', 'userAgent', 'current'],
  additionalProperties: false,
} as const;
export type AdminSessionView = FromSchema<typeof adminSessionSchema>;

export const adminSessionsResponseSchema = {
  type: 'object',
  properties: { sessions: { type: 'array', items: adminSessionSchema } },
  required: ['sessions'],
  additionalProperties: false,
} as const;
export type AdminSessionsResponse = FromSchema<typeof adminSessionsResponseSchema>;

/** The answer of the routes that end several sessions at once: how many were still live and are now revoked. */
/**
 * One refresh family that reuse detection ended: whose, signed in from where, and when the reuse was seen. The
 * teacher's page lists them, newest first; the same rows stay in the session table, marked `reuse`.
 */
export const refreshReuseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: SESSION_ID_PATTERN },
    username: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    lastSeenAt: { type: 'string', format: 'date-time' },
    detectedAt: { type: 'string', format: 'date-time' },
    ip: { type: 'string' },
    userAgent: { type: 'string' },
  },
  required: ['id', 'username', 'createdAt', 'lastSeenAt', 'detectedAt', 'ip', 'userAgent'],
  additionalProperties: false,
} as const;
export type RefreshReuseView = FromSchema<typeof refreshReuseSchema>;

export const refreshReuseResponseSchema = {
  type: 'object',
  properties: { incidents: { type: 'array', items: refreshReuseSchema } },
  required: ['incidents'],
  additionalProperties: false,
} as const;
export type RefreshReuseResponse = FromSchema<typeof refreshReuseResponseSchema>;

export const revokedCountResponseSchema = {
  type: 'object',
  properties: { revoked: { type: 'integer', minimum: 0 } },
  required: ['revoked'],
  additionalProperties: false,
} as const;
export type RevokedCountResponse = FromSchema<typeof revokedCountResponseSchema>;

export const sessionIdParamsSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: SESSION_ID_PATTERN } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const usernameParamsSchema = {
  type: 'object',
  properties: { username: { type: 'string', minLength: 1, maxLength: USERNAME_MAX_LENGTH } },
  required: ['username'],
  additionalProperties: false,
} as const;

/** Paths of the API, so the client never spells a URL by hand. */
export const API_PATHS = {
  health: '/api/health',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  csrf: '/api/auth/csrf',
  refresh: '/api/auth/refresh',
  me: '/api/me',
  notes: '/api/notes',
  sessions: '/api/sessions',
  session: '/api/sessions/:id',
  adminSessions: '/api/admin/sessions',
  adminSession: '/api/admin/sessions/:id',
  adminUserSessions: '/api/admin/users/:username/sessions',
  adminRefreshReuse: '/api/admin/refresh-reuse',
} as const;
