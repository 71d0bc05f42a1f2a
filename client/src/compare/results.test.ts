import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '@session-lab/shared';
import { enPages } from '../i18n/en-pages';
import { es } from '../i18n/es';
import type { Translate } from '../i18n/I18nProvider';
import { longResult, shortResult } from './results';

/** The English sentence for a key, filled in the way the app fills it. */
const t: Translate = (key, values = {}) =>
  (enPages as Record<string, string>)[key]!.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));

/** The same, in Spanish. */
const tEs: Translate = (key, values = {}) =>
  (es as Record<string, string>)[key]!.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));

const work = (figures: ExperimentResult['figures']): ExperimentResult => ({
  row: 'work',
  kind: 'session',
  store: 'sqlite',
  answer: null,
  figures,
  steps: [],
});

describe('the "server work" cell', () => {
  it('counts a row answered from the lookup cache as a lookup of the session table, and the evidence says how many reached the store', () => {
    const result = work({ requests: 3, signaturesVerified: 0, signaturesRemembered: 0, storeReads: 1, storeWrites: 0, cacheHits: 2 });
    expect(shortResult(result, t)).toBe('0 sig. · 1 lookups · 0 writes');
    expect(longResult(result, t)).toBe(
      'Over 3 requests: 0 signatures computed, 0 remembered, 1 store reads, 0 writes, 2 cache hits.',
    );
  });

  it('gives a share of requests to two decimals', () => {
    const text = shortResult(work({ requests: 3, signaturesVerified: 0, signaturesRemembered: 0, storeReads: 1, storeWrites: 1, cacheHits: 0 }), t);
    expect(text).toBe('0 sig. · 0.33 lookups · 0.33 writes');
  });

  it('shows a signature-only kind with no lookup at all', () => {
    const text = shortResult(work({ requests: 3, signaturesVerified: 1, signaturesRemembered: 2, storeReads: 0, storeWrites: 0, cacheHits: 0 }), t);
    expect(text).toBe('1 sig. · 0 lookups · 0 writes');
  });
});

describe("the server's words in a sentence", () => {
  const fastAuth = (figures: ExperimentResult['figures'], answer: boolean): ExperimentResult => ({
    row: 'fast-auth',
    kind: answer ? 'bearer' : 'session',
    store: 'sqlite',
    answer,
    figures,
    steps: [],
  });

  it('says what the signature and the cache did, and yes or no, in Spanish words', () => {
    expect(longResult(fastAuth({ status: 200, storeRead: false, cache: null, signature: 'remembered' }, true), tEs)).toBe(
      'El servidor comprobó la sesión sin tocar la tabla de sesiones (respuesta 200; firma: recordada).',
    );
    expect(longResult(fastAuth({ status: 200, storeRead: true, cache: 'miss', signature: null }, false), tEs)).toBe(
      'El servidor necesitó la tabla de sesiones para comprobar esta sesión (lectura del almacén: sí; caché: fallo).',
    );
    expect(longResult(fastAuth({ status: 200, storeRead: false, cache: 'hit', signature: null }, false), tEs)).toContain('lectura del almacén: no; caché: acierto');
    expect(longResult(fastAuth({ status: 200, storeRead: true, cache: 'off', signature: null }, false), tEs)).toContain('caché: no fiable');
  });

  it('says them in English words in English, and shows data such as a role or an IP as it is', () => {
    expect(longResult(fastAuth({ status: 200, storeRead: true, cache: 'off', signature: null }, false), t)).toBe(
      'The server needed the session table to check this session (store read: yes; cache: not trusted).',
    );
    const role: ExperimentResult = { row: 'role-in-token', kind: 'bearer', store: 'sqlite', answer: true, figures: { roleClaim: 'student', adminStatus: 403, storeRead: false }, steps: [] };
    expect(longResult(role, tEs)).toContain('role=student');
  });
});
