import type { ExperimentHttpStep, ExperimentResult, ExperimentRow } from '@session-lab/shared';
import type { Translate } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { hypothesisFor } from './hypotheses';

/** The rows whose answer is a figure rather than yes or no. */
export const FIGURE_ROWS: readonly ExperimentRow[] = ['bytes', 'work'];

/** True when the notes gave a verdict for this cell and the measurement says otherwise. */
export function disagreesWithNotes(result: ExperimentResult): boolean {
  const { verdict } = hypothesisFor(result.row, result.kind);
  return verdict !== null && result.answer !== null && verdict !== result.answer;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The measurement in a few words, for the cell. */
export function shortResult(result: ExperimentResult, t: Translate): string {
  const { figures } = result;
  if (result.row === 'bytes') return t('compare.short.bytes', { get: num(figures.get), post: num(figures.post) });
  if (result.row === 'work') {
    const requests = num(figures.requests) || 1;
    // Per request, to two decimals at most: with a lookup cache, one request in three may read the store.
    const per = (count: number) => Math.round((count / requests) * 100) / 100;
    return t('compare.short.work', {
      signatures: per(num(figures.signaturesVerified) + num(figures.signaturesRemembered)),
      // A row found in this instance's cache is a lookup of the session table too, only a cheaper one; the
      // evidence says how many of them reached the store.
      lookups: per(num(figures.storeReads) + num(figures.cacheHits)),
      writes: per(num(figures.storeWrites)),
    });
  }
  if (result.figures.partly === true) return t('compare.partly');
  return result.answer ? t('compare.yes') : t('compare.no');
}

/**
 * The rows where the `refresh` kind measured a renewal besides its access token, and the sentence for what the
 * renewal did. Its two credentials can disagree (a revoked family refuses the refresh while the access token
 * works on until its exp): the experiment then sets `partly`, and the sentence is the whole answer.
 */
const REFRESH_NOTES: Partial<Record<ExperimentRow, MessageKey>> = {
  revoke: 'compare.refresh.ended',
  several: 'compare.refresh.ended',
  'forced-logout': 'compare.refresh.ended',
  serverless: 'compare.refresh.instance',
  restart: 'compare.refresh.instance',
  'two-instances': 'compare.refresh.instance',
  'store-per-request': 'compare.refresh.work',
  work: 'compare.refresh.work',
  bytes: 'compare.refresh.bytes',
  csrf: 'compare.refresh.csrf',
};

/** The note for a `refresh` cell, when its experiment measured what the note speaks of. */
function refreshNote(result: ExperimentResult): MessageKey | null {
  if (result.kind !== 'refresh') return null;
  if (result.row === 'xss') return String(result.figures.where ?? '').includes('/api/auth/refresh') ? 'compare.refresh.xss' : null;
  const note = REFRESH_NOTES[result.row];
  if (note === undefined) return null;
  const measured = ['refreshAfter', 'refreshStatus', 'refresh', 'refreshAfterAttack'].some((name) => name in result.figures);
  return measured ? note : null;
}

type ServerWork = ExperimentHttpStep['server'];

/**
 * The figures that are the server's own words rather than numbers or data: what it did with a signature and
 * with its lookup cache, as its Server-Timing header says it (`verified`, `hit`…). A sentence in Spanish must
 * not quote them in English, so each goes through the dictionaries; `satisfies` proves none is missing.
 */
const SIGNATURE_WORDS = {
  verified: 'compare.figure.signature.verified',
  remembered: 'compare.figure.signature.remembered',
} as const satisfies Record<NonNullable<ServerWork['signature']>, MessageKey>;

const CACHE_WORDS = {
  hit: 'compare.figure.cache.hit',
  miss: 'compare.figure.cache.miss',
  off: 'compare.figure.cache.off',
} as const satisfies Record<NonNullable<ServerWork['cache']>, MessageKey>;

/** Which figures are such words (the experiments name them after the metric: server/src/experiments). */
const FIGURE_WORDS: Partial<Record<string, Partial<Record<string, MessageKey>>>> = { signature: SIGNATURE_WORDS, cache: CACHE_WORDS };

/**
 * One figure as the sentence shows it: a word of the server's or a yes/no in the reader's language, anything
 * else (a status, a count, an IP, a claim's value) as it is.
 */
function figureText(name: string, value: ExperimentResult['figures'][string], t: Translate): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return t(value ? 'compare.yes' : 'compare.no');
  const word = typeof value === 'string' ? FIGURE_WORDS[name]?.[value] : undefined;
  return word === undefined ? String(value) : t(word);
}

/** What was measured, in a sentence, with the figures it rests on. */
export function longResult(result: ExperimentResult, t: Translate): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(result.figures)) values[name] = figureText(name, value, t);
  const note = refreshNote(result);
  if (note !== null && result.figures.partly === true) return t(note, values);
  const base =
    result.row === 'bytes' || result.row === 'work'
      ? t(`compare.result.${result.row}` as MessageKey, values)
      : t(`compare.result.${result.row}.${result.answer ? 'yes' : 'no'}` as MessageKey, values);
  return note === null ? base : `${base} ${t(note, values)}`;
}
