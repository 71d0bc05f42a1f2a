/**
 * The API contract. Each route's JSON Schemas live here, and the TypeScript types are derived from the
 * schemas (json-schema-to-ts), so the server validates exactly what the client is typed to send and receive.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { ErrorCode } from './errors.js';
import { ROLES } from './claims.js';
import { PASSWORD_MAX_LENGTH, TTL_MAX_SECONDS, TTL_MIN_SECONDS, USERNAME_MAX_LENGTH } from './limits.js';

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

export const loginResponseSchema = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    /** When the token expires, as an ISO 8601 date. */
    expiresAt: { type: 'string', format: 'date-time' },
    user: userSchema,
  },
  required: ['token', 'expiresAt', 'user'],
  additionalProperties: false,
} as const;
export type LoginResponse = FromSchema<typeof loginResponseSchema>;

export const meResponseSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ROLES },
    /** When the verified token expires, as an ISO 8601 date. */
    expiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['username', 'role', 'expiresAt'],
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

/** Paths of the API, so the client never spells a URL by hand. */
export const API_PATHS = {
  health: '/api/health',
  login: '/api/auth/login',
  me: '/api/me',
  notes: '/api/notes',
} as const;
