import type { ExperimentActor, ExperimentStep } from '@session-lab/shared';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';

/**
 * An experiment's evidence as a sequence diagram, drawn from the recorded steps and nothing else: one lifeline
 * per participant, an arrow per request and per answer, and the server's own account of each request (the
 * `Server-Timing` it sent) as arrows to the store. If the server did not read the store, there is no arrow to
 * it: a class can see "no database on this request" instead of being told.
 */

/** The order of the lifelines, left to right: the clients, then the servers, then the store. */
const LANE_ORDER: readonly ExperimentActor[] = ['teacher', 'attacker', 'browser', 'browser-2', 'server', 'server-2', 'store'];

const LANE_WIDTH = 150;
const ROW_HEIGHT = 26;
const TOP = 44;

interface Arrow {
  from: ExperimentActor;
  to: ExperimentActor;
  label: string;
  dashed: boolean;
  refused?: boolean;
}

/** A path short enough for the space between two lifelines: ids (22 random characters) become "…". */
export function shortPath(path: string): string {
  return path.replace(/\/[A-Za-z0-9_-]{22}(?=\/|$)/g, '/…').replace('/api/experiments/browser-runs/', '/…/');
}

type Line = { type: 'arrow'; arrow: Arrow } | { type: 'note'; actor: ExperimentActor; label: string };

export function SequenceDiagram({ steps, store, title }: { steps: readonly ExperimentStep[]; store: string; title: string }) {
  const t = useT();
  const lines: Line[] = [];
  for (const step of steps) {
    if (step.type === 'event') {
      lines.push({ type: 'note', actor: step.actor, label: t(`compare.event.${step.event}` as MessageKey) });
      continue;
    }
    lines.push({ type: 'arrow', arrow: { from: step.from, to: step.to, label: `${step.method} ${shortPath(step.path)}`, dashed: false } });
    const { server } = step;
    if (server.cache === 'hit') lines.push({ type: 'note', actor: step.to, label: t('compare.diagram.cacheHit') });
    if (server.storeRead) {
      lines.push({ type: 'arrow', arrow: { from: step.to, to: 'store', label: t('compare.diagram.read'), dashed: false } });
      lines.push({ type: 'arrow', arrow: { from: 'store', to: step.to, label: t('compare.diagram.row'), dashed: true } });
    }
    if (server.storeWrite) lines.push({ type: 'arrow', arrow: { from: step.to, to: 'store', label: t('compare.diagram.write'), dashed: false } });
    const code = /"code":"([A-Z_]+)"/.exec(step.responseBody)?.[1];
    lines.push({
      type: 'arrow',
      arrow: { from: step.to, to: step.from, label: code ? `${step.status} ${code}` : String(step.status), dashed: true, refused: step.status >= 400 },
    });
  }

  const used = new Set<ExperimentActor>();
  for (const line of lines) {
    if (line.type === 'note') used.add(line.actor);
    else used.add(line.arrow.from).add(line.arrow.to);
  }
  const lanes = LANE_ORDER.filter((actor) => used.has(actor));
  const x = (actor: ExperimentActor) => LANE_WIDTH / 2 + lanes.indexOf(actor) * LANE_WIDTH;
  const width = lanes.length * LANE_WIDTH;
  const height = TOP + lines.length * ROW_HEIGHT + 16;
  const laneName = (actor: ExperimentActor) => (actor === 'store' ? t('compare.actor.store', { store }) : t(`compare.actor.${actor}` as MessageKey));

  return (
    <figure className="sequence-diagram">
      <svg role="img" aria-labelledby="sequence-title" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width * 1.4 }}>
        <title id="sequence-title">{title}</title>
        <defs>
          <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {lanes.map((actor) => (
          <g key={actor}>
            <rect x={x(actor) - 66} y={4} width={132} height={26} rx={6} className="lane-head" />
            <text x={x(actor)} y={21} textAnchor="middle" className="lane-name">
              {laneName(actor)}
            </text>
            <line x1={x(actor)} y1={30} x2={x(actor)} y2={height - 4} className="lifeline" />
          </g>
        ))}
        {lines.map((line, index) => {
          const y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
          if (line.type === 'note') {
            return (
              <g key={index}>
                <rect x={x(line.actor) - 70} y={y - 10} width={140} height={20} rx={4} className="note" />
                <text x={x(line.actor)} y={y + 4} textAnchor="middle" className="note-text">
                  {line.label}
                </text>
              </g>
            );
          }
          const { from, to, label, dashed, refused } = line.arrow;
          const x1 = x(from);
          const x2 = x(to);
          const direction = x2 >= x1 ? 1 : -1;
          return (
            <g key={index} className={refused ? 'arrow refused' : 'arrow'}>
              <line x1={x1} y1={y + 4} x2={x2 - direction * 2} y2={y + 4} strokeDasharray={dashed ? '5 4' : undefined} markerEnd="url(#arrowhead)" />
              <text x={(x1 + x2) / 2} y={y - 1} textAnchor="middle">
                {label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
