import type { ExperimentResult, ExperimentRow } from '@session-lab/shared';
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
    return t('compare.short.work', {
      signatures: (num(figures.signaturesVerified) + num(figures.signaturesRemembered)) / requests,
      reads: num(figures.storeReads) / requests,
      writes: num(figures.storeWrites) / requests,
    });
  }
  return result.answer ? t('compare.yes') : t('compare.no');
}

/** What was measured, in a sentence, with the figures it rests on. */
export function longResult(result: ExperimentResult, t: Translate): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(result.figures)) values[name] = value === null ? '—' : String(value);
  if (result.row === 'bytes' || result.row === 'work') return t(`compare.result.${result.row}` as MessageKey, values);
  return t(`compare.result.${result.row}.${result.answer ? 'yes' : 'no'}` as MessageKey, values);
}
