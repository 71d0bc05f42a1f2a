import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  BROWSER_EXPERIMENT_ROWS,
  EXPERIMENT_PATHS,
  EXPERIMENT_ROWS,
  NOTES_ROWS,
  COMPARED_KINDS,
  type ExperimentResult,
  type ExperimentRow,
  type ExperimentsInfo,
  type SessionKind,
} from '@session-lab/shared';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { api } from '../lib/api';
import { runInBrowser } from '../compare/browserRuns';
import { Evidence } from '../compare/Evidence';
import { hypothesisFor } from '../compare/hypotheses';
import { disagreesWithNotes, shortResult } from '../compare/results';
import { LabelledCell } from '../components/LabelledCell';
import { describePageFailure, pageFailureOf } from './sessionFailures';

type Cell =
  | { status: 'running' }
  | { status: 'done'; result: ExperimentResult }
  | { status: 'failed'; message: string };

type CellKey = `${ExperimentRow}|${SessionKind}`;
const keyOf = (row: ExperimentRow, kind: SessionKind): CellKey => `${row}|${kind}`;

const isBrowserRow = (row: ExperimentRow) => (BROWSER_EXPERIMENT_ROWS as readonly ExperimentRow[]).includes(row);
/** A row of the class notes' own table, as opposed to the ones this page adds. */
const isNotesRow = (row: ExperimentRow) => (NOTES_ROWS as readonly ExperimentRow[]).includes(row);

/** Runs one experiment on the server and answers its result; the server acts as the experiment's browser. */
async function runOnServer(row: ExperimentRow, kind: SessionKind): Promise<ExperimentResult> {
  const path = EXPERIMENT_PATHS.run.replace(':row', row).replace(':kind', kind);
  const { data } = await api.post<ExperimentResult>(path);
  return data;
}

/**
 * The comparison page: the class notes' table, every cell an experiment against the real server. A cell shows
 * the notes' verdict (the hypothesis), a Run button, and once run, what was measured, whether it disagrees with
 * the notes, and a button that shows its evidence (the requests sent, the answers received, and a sequence
 * diagram drawn from them) below the table. See client/src/compare/README.md for how each experiment stays
 * away from your own session.
 */
export function ComparePage() {
  const t = useT();
  const [cells, setCells] = useState<Partial<Record<CellKey, Cell>>>({});
  const [selected, setSelected] = useState<CellKey | null>(null);
  const [info, setInfo] = useState<ExperimentsInfo | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const evidenceRef = useRef<HTMLElement>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    void api.get<ExperimentsInfo>(EXPERIMENT_PATHS.info).then(
      ({ data }) => mounted.current && setInfo(data),
      () => undefined,
    );
    return () => {
      mounted.current = false;
    };
  }, []);

  const set = (key: CellKey, cell: Cell) => {
    if (mounted.current) setCells((previous) => ({ ...previous, [key]: cell }));
  };

  const failure = (error: unknown): string => {
    const code = pageFailureOf(error);
    return code === null ? t('compare.failed.session') : code === 'EXPERIMENT_FAILED' ? t('compare.failed.busy') : describePageFailure(code, t);
  };

  const runServerCell = async (row: ExperimentRow, kind: SessionKind) => {
    const key = keyOf(row, kind);
    set(key, { status: 'running' });
    try {
      set(key, { status: 'done', result: await runOnServer(row, kind) });
    } catch (error) {
      set(key, { status: 'failed', message: failure(error) });
    }
  };

  /** The browser rows run together in one window (one click may open one window, see browserRuns.ts). */
  const runBrowserCells = async (jobs: ReadonlyArray<{ row: ExperimentRow; kind: SessionKind }>) => {
    for (const { row, kind } of jobs) set(keyOf(row, kind), { status: 'running' });
    try {
      const results = await runInBrowser(jobs);
      for (const { row, kind } of jobs) {
        const result = results.find((candidate) => candidate.row === row && candidate.kind === kind);
        set(keyOf(row, kind), result ? { status: 'done', result } : { status: 'failed', message: t('compare.failed.window') });
      }
    } catch (error) {
      const message = error instanceof Error && error.message in BROWSER_FAILURES ? t(BROWSER_FAILURES[error.message]!) : failure(error);
      for (const { row, kind } of jobs) set(keyOf(row, kind), { status: 'failed', message });
    }
  };

  const runCell = (row: ExperimentRow, kind: SessionKind) =>
    isBrowserRow(row) ? runBrowserCells([{ row, kind }]) : runServerCell(row, kind);

  const runAll = async () => {
    const serverCells = EXPERIMENT_ROWS.filter((row) => !isBrowserRow(row)).flatMap((row) => COMPARED_KINDS.map((kind) => ({ row, kind })));
    const browserCells = BROWSER_EXPERIMENT_ROWS.flatMap((row) => COMPARED_KINDS.map((kind) => ({ row, kind })));
    const total = serverCells.length + browserCells.length;
    setProgress({ done: 0, total });
    // The window for the browser rows must open now, while the click still counts as the user's gesture.
    const browserRun = runBrowserCells(browserCells).then(() => mounted.current && setProgress((p) => p && { ...p, done: p.done + browserCells.length }));
    // One at a time: the server runs at most two experiments at once for the whole class.
    for (const { row, kind } of serverCells) {
      if (!mounted.current) return;
      await runServerCell(row, kind);
      setProgress((p) => p && { ...p, done: p.done + 1 });
    }
    await browserRun;
  };

  const running = progress !== null && progress.done < progress.total;
  const selectedCell = selected ? cells[selected] : undefined;

  const showEvidence = (key: CellKey) => {
    // Focus moves to the evidence, so a keyboard or screen-reader user lands on what they asked to see.
    // flushSync writes the chosen evidence into the document first, so what is announced on arrival is the
    // new evidence and its title, not the previous one; waiting for the next frame instead would leave the
    // focus to timing.
    flushSync(() => setSelected(key));
    evidenceRef.current?.focus();
  };

  return (
    <section className="compare-page">
      <div className="title-row">
        <h1>{t('compare.title')}</h1>
        <button type="button" className="button" disabled={running} onClick={() => void runAll()}>
          {t('compare.runAll')}
        </button>
      </div>
      <p>{t('compare.intro')}</p>
      <p className="hint">
        {info ? t(`compare.store.${info.store}` as MessageKey) : null} {info && !info.secretShared ? t('compare.secretGenerated') : null}
      </p>
      <p role="status" className="hint compare-progress">
        {progress ? t(running ? 'compare.progress' : 'compare.progress.done', progress) : ''}
      </p>
      <div className="table-scroll">
        {/* The explicit roles keep the table a table where it is shown as cards: see LabelledCell. */}
        <table className="compare-table" role="table">
          <caption className="visually-hidden">{t('compare.caption')}</caption>
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">{t('compare.col.question')}</th>
              {COMPARED_KINDS.map((kind) => (
                <th scope="col" role="columnheader" key={kind}>
                  <code>{kind}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {EXPERIMENT_ROWS.map((row) => (
              <tr key={row} role="row" className={isNotesRow(row) ? 'from-notes' : 'ours'}>
                <th scope="row" role="rowheader">
                  {t(`compare.row.${row}` as MessageKey)}
                  {isNotesRow(row) ? null : <span className="badge">{t('compare.notInNotes')}</span>}
                </th>
                {COMPARED_KINDS.map((kind) => {
                  const key = keyOf(row, kind);
                  return (
                    <CompareCell
                      key={kind}
                      row={row}
                      kind={kind}
                      cell={cells[key]}
                      selected={selected === key}
                      onRun={() => void runCell(row, kind)}
                      onShow={() => showEvidence(key)}
                      disabled={running}
                    />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section ref={evidenceRef} tabIndex={-1} className="evidence" aria-labelledby="evidence-title">
        {selectedCell?.status === 'done' ? (
          <Evidence result={selectedCell.result} />
        ) : (
          <>
            <h2 id="evidence-title">{t('compare.evidence.title')}</h2>
            <p className="hint">{t('compare.evidence.none')}</p>
          </>
        )}
      </section>
    </section>
  );
}

const BROWSER_FAILURES: Record<string, MessageKey> = {
  'window-blocked': 'compare.failed.blocked',
  'window-timeout': 'compare.failed.window',
  'not-loopback': 'compare.failed.loopback',
};

interface CellProps {
  row: ExperimentRow;
  kind: SessionKind;
  cell: Cell | undefined;
  selected: boolean;
  disabled: boolean;
  onRun(): void;
  onShow(): void;
}

function CompareCell({ row, kind, cell, selected, disabled, onRun, onShow }: CellProps) {
  const t = useT();
  const hypothesis = hypothesisFor(row, kind);
  const names = { row: t(`compare.row.${row}` as MessageKey), kind };
  const disagrees = cell?.status === 'done' && disagreesWithNotes(cell.result);
  return (
    <LabelledCell label={<code>{kind}</code>} className={['compare-cell', selected ? 'selected' : '', disagrees ? 'disagrees' : ''].join(' ').trim()}>
      <span className="hypothesis">
        {hypothesis.verdict === null
          ? hypothesis.mark === ''
            ? t('compare.notes.none')
            : t('compare.notes.unclear', { mark: hypothesis.mark })
          : t('compare.notes.says', { mark: hypothesis.mark, verdict: hypothesis.verdict ? t('compare.yes') : t('compare.no') })}
      </span>
      {cell?.status === 'failed' ? <span className="error small-text">{cell.message}</span> : null}
      <span className="cell-actions">
        {cell?.status === 'done' ? (
          <span className="measured">
            <strong>{shortResult(cell.result, t)}</strong>
            {disagrees ? <span className="disagree-badge">{t('compare.disagrees')}</span> : null}
          </span>
        ) : null}
        <button type="button" className="button secondary small" disabled={disabled || cell?.status === 'running'} onClick={onRun} aria-label={t('compare.run.named', names)}>
          {cell?.status === 'running' ? t('compare.running') : t('compare.run')}
        </button>
        {cell?.status === 'done' ? (
          <button type="button" className="button secondary small" onClick={onShow} aria-label={t('compare.show.named', names)} aria-pressed={selected}>
            {t('compare.show')}
          </button>
        ) : null}
      </span>
    </LabelledCell>
  );
}
