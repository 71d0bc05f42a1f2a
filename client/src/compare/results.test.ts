import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '@session-lab/shared';
import { enPages } from '../i18n/en-pages';
import type { Translate } from '../i18n/I18nProvider';
import { longResult, shortResult } from './results';

/** The English sentence for a key, filled in the way the app fills it. */
const t: Translate = (key, values = {}) =>
  (enPages as Record<string, string>)[key]!.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));

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
