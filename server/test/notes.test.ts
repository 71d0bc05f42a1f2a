import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, type Note } from '@session-lab/shared';
import { bearer, buildTestApp, forge, signIn, validClaims } from './helpers.js';

describe('GET /api/notes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const notesOf = async (token: string): Promise<Note[]> => {
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    return response.json<{ notes: Note[] }>().notes;
  };

  it('shows a student only the notes for everyone', async () => {
    const notes = await notesOf((await signIn(app, 'student')).token);
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(notes.every((note) => note.audience === 'everyone')).toBe(true);
  });

  it('shows a teacher the same notes plus the teacher-only ones', async () => {
    const studentNotes = await notesOf((await signIn(app, 'student')).token);
    const teacherNotes = await notesOf((await signIn(app, 'teacher')).token);
    expect(teacherNotes.filter((note) => note.audience === 'everyone')).toEqual(studentNotes);
    expect(teacherNotes.some((note) => note.audience === 'teacher')).toBe(true);
  });

  it('gives every note a unique id, a title and a body', async () => {
    const notes = await notesOf((await signIn(app, 'teacher')).token);
    expect(new Set(notes.map((note) => note.id)).size).toBe(notes.length);
    for (const note of notes) {
      expect(note.title.length).toBeGreaterThan(0);
      expect(note.body.length).toBeGreaterThan(0);
    }
  });

  it('refuses a student who rewrote the role in their token', async () => {
    const { token } = await signIn(app, 'student');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'teacher' })).toString('base64url');
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(`${header}.${promoted}.${signature}`) });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('filters on the verified role, whatever else the payload carries', async () => {
    // A payload with a "__proto__" key is just data after JSON.parse; it must not make anyone a teacher.
    const payload = JSON.stringify(validClaims()).replace(/^\{/, '{"__proto__":{"role":"teacher"},');
    const notes = await notesOf(forge({ payload }));
    expect(notes.every((note) => note.audience === 'everyone')).toBe(true);
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/notes' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_MISSING);
  });

  it('answers 401 TOKEN_INVALID for a token signed with another key', async () => {
    const token = forge({ payload: validClaims(), key: 'another-key-that-is-long-and-random-xyz123' });
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });
});
