import type { ExperimentResult } from '@session-lab/shared';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { hypothesisFor } from './hypotheses';
import { disagreesWithNotes, longResult } from './results';
import { SequenceDiagram } from './SequenceDiagram';

/**
 * One experiment's evidence: what was measured, the sequence diagram, and underneath it every request as it
 * was really sent and every answer as it was really received (credentials shortened so they cannot be replayed).
 */
export function Evidence({ result }: { result: ExperimentResult }) {
  const t = useT();
  const rowName = t(`compare.row.${result.row}` as MessageKey);
  const hypothesis = hypothesisFor(result.row, result.kind);
  const exchanges = result.steps.filter((step) => step.type === 'http');
  return (
    <>
      <h2 id="evidence-title">
        {rowName} · <code>{result.kind}</code>
      </h2>
      <p>{longResult(result, t)}</p>
      {disagreesWithNotes(result) ? (
        <p className="disagree-note">{t('compare.disagrees.long', { mark: hypothesis.mark })}</p>
      ) : hypothesis.verdict !== null && result.answer !== null ? (
        <p className="hint">{t('compare.agrees.long', { mark: hypothesis.mark })}</p>
      ) : null}
      <SequenceDiagram steps={result.steps} store={result.store} title={t('compare.diagram.title', { row: rowName, kind: result.kind })} />
      <details className="exchanges">
        <summary>{t('compare.exchanges', { count: exchanges.length })}</summary>
        <ol>
          {result.steps.map((step, index) =>
            step.type === 'event' ? (
              <li key={index} className="exchange-event">
                {t(`compare.actor.${step.actor}` as MessageKey)}: {t(`compare.event.${step.event}` as MessageKey)}
                {step.detail ? <code> {step.detail}</code> : null}
              </li>
            ) : (
              <li key={index}>
                <pre>
                  {`${step.from} → ${step.to}\n${step.method} ${step.path}\n`}
                  {step.requestHeaders.map(([name, value]) => `${name}: ${value}\n`).join('')}
                  {step.requestBody ? `\n${step.requestBody}\n` : ''}
                  {`\n← ${step.status}\n`}
                  {step.responseHeaders.map(([name, value]) => `${name}: ${value}\n`).join('')}
                  {step.responseBody ? `\n${step.responseBody}\n` : ''}
                </pre>
                <p className="hint">{t('compare.bytes', { request: step.requestBytes, session: step.sessionBytes })}</p>
              </li>
            ),
          )}
        </ol>
      </details>
    </>
  );
}
