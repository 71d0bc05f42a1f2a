import { Fragment, useSyncExternalStore } from 'react';
import { isCookieKind, type SessionKind } from '@session-lab/shared';
import { useClassroomT, type ClassroomKey, type ClassroomTranslate } from './messages';
import { describeResult } from './describeEvent';
import { sessionEvents, type SessionEvent } from '../lib/sessionEvents';

/** The steps of the story as DEVELOPERS.md tells it, in the order a session lives them. */
export type StoryStep = 'sign-in' | 'token' | 'checks' | 'route-check' | 'request-check' | 'server' | 'ended' | 'redirect' | 'return';

const endedTheSession = (event: SessionEvent | undefined) =>
  event !== undefined && (event.result === 'expired-here' || event.result === 'refused-by-server');

/** The steps that just happened, and the session event that shows them. */
export interface StoryMoment {
  steps: StoryStep[];
  event: SessionEvent | undefined;
}

/**
 * Which steps the latest session event shows happening. It is read from the same events the timeline lists,
 * so the picture can never tell a different story from the list below it. One event can cover two steps:
 * the check that finds a dead token also flips the flag, redirects and opens the popup, in one go.
 */
export function momentOf(history: readonly SessionEvent[]): StoryMoment {
  const [latest, previous] = history;
  const moment = (...steps: StoryStep[]): StoryMoment => ({ steps, event: latest });
  if (!latest) return moment();
  switch (latest.result) {
    case 'signed-in':
      // Signing in right after a session ended on its own is the "return" the story ends with.
      return endedTheSession(previous) ? moment('return') : moment('sign-in', 'token');
    case 'valid':
      // The login page's own navigation after a sign-in is part of that sign-in, not a new step.
      if (latest.trigger === 'route-change' && previous?.result === 'signed-in') return momentOf(history.slice(1));
      if (latest.trigger === 'route-change' || latest.trigger === 'page-load') return moment('route-check');
      if (latest.trigger === 'request') return moment('request-check');
      if (latest.trigger === 'server-response') return moment('server');
      return moment('checks');
    case 'expired-here':
    case 'refused-by-server':
      return moment('ended', 'redirect');
    default:
      // Signing out, and any kind of event this picture does not draw, highlight nothing.
      return moment();
  }
}

interface StepProps {
  step: StoryStep;
  number?: string;
  now: readonly StoryStep[];
  t: ClassroomTranslate;
  className?: string;
}

function Step({ step, number, now, t, className = '' }: StepProps) {
  const isNow = now.includes(step);
  // Only the last of the highlighted steps is "the current step" for assistive technology.
  const isCurrent = isNow && now[now.length - 1] === step;
  return (
    <span className={`story-step ${className} ${isNow ? 'is-now' : ''}`} aria-current={isCurrent ? 'step' : undefined}>
      {number ? <span className="story-number">{number}</span> : null}
      <span className="story-name">{t(`story.step.${step}` as ClassroomKey)}</span>
      {isNow ? <span className="story-now">{t('story.now')}</span> : null}
    </span>
  );
}

const NUMBERED: Partial<Record<StoryStep, string>> = {
  'sign-in': '1',
  token: '2',
  checks: '3',
  'route-check': '3a',
  'request-check': '3b',
  server: '4',
  ended: '5',
  redirect: '6',
  return: '7',
};

/**
 * What step 4 checks depends on the kind: a JWT's signature and exp, a random id's row, or both. `satisfies`
 * proves every kind has its sentence.
 */
const SERVER_STEP_DETAIL = {
  bearer: 'story.step.server.detail.signature',
  'cookie-jwt': 'story.step.server.detail.signature',
  refresh: 'story.step.server.detail.refresh',
  session: 'story.step.server.detail.session',
  hybrid: 'story.step.server.detail.hybrid',
} as const satisfies Record<SessionKind, ClassroomKey>;

function stepDetail(step: StoryStep, latest: SessionEvent, t: ClassroomTranslate): string {
  // A cookie kind's page never holds its credential: the browser keeps the httpOnly cookie.
  if (step === 'token' && latest.kind !== undefined && isCookieKind(latest.kind)) return t('story.step.token.detail.cookie');
  if (step !== 'server') return t(`story.step.${step}.detail` as ClassroomKey);
  // The kind of the check that just happened: the server's own word for it (sl-kind) first, then the session's.
  const kind = latest.server?.kind ?? latest.kind;
  return t(kind === undefined ? 'story.step.server.detail.none' : SERVER_STEP_DETAIL[kind]);
}

function statusSentence(latest: SessionEvent | undefined, now: readonly StoryStep[], t: ClassroomTranslate): string {
  if (!latest) return t('story.status.none');
  if (latest.result === 'signed-out') return t('story.status.signedOut');
  if (now.length === 0) return describeResult(latest, t);
  const steps = now.map((step) => `${NUMBERED[step]}. ${t(`story.step.${step}` as ClassroomKey)}`).join(' → ');
  const last = now[now.length - 1]!;
  const detail = last === 'checks' ? '' : ` — ${stepDetail(last, latest, t)}`;
  const what = [t(`timeline.trigger.${latest.trigger}`), describeResult(latest, t), latest.target].filter(Boolean).join(', ');
  return t('story.status', { steps: `${steps}${detail}`, what });
}

/**
 * The story as a picture: a row of steps that wraps to the panel's width, with the step that just happened
 * filled in and labelled "just happened" (never colour alone), and the same fact in a sentence below,
 * which screen readers announce as it changes.
 */
export function StoryDiagram() {
  const t = useClassroomT();
  const events = useSyncExternalStore(sessionEvents.subscribe, sessionEvents.history, sessionEvents.history);
  const { steps: now, event } = momentOf(events);
  const checksNow = now.includes('checks');
  const flow: StoryStep[] = ['sign-in', 'token', 'checks', 'server', 'ended', 'redirect', 'return'];
  // Where each step sits in the picture (styles.css draws it as rows): 1 → 2, then 3, then 4, then 5 → 6,
  // then 7. Each class names the arrow that leaves the step, so the picture reads in the story's order.
  const placement: Record<string, string> = {
    'sign-in': 'arrow-right',
    token: 'arrow-down',
    checks: 'wide arrow-down',
    server: 'wide arrow-down',
    ended: 'arrow-right',
    redirect: 'arrow-down-right',
    return: 'wide',
  };

  return (
    <section aria-labelledby="story-title" className="panel-section story">
      <h2 id="story-title">{t('story.title')}</h2>
      <ol className="story-flow">
        {flow.map((step) => (
          <Fragment key={step}>
            {step === 'checks' ? (
              <li className={`story-group ${placement[step]} ${checksNow ? 'is-now' : ''}`} aria-current={checksNow ? 'step' : undefined}>
                <span className="story-group-name">
                  <span className="story-number">3</span> {t('story.step.checks')}
                  {checksNow ? <span className="story-now">{t('story.now')}</span> : null}
                </span>
                <span className="story-pair">
                  <Step step="route-check" number="3a" now={now} t={t} />
                  <Step step="request-check" number="3b" now={now} t={t} />
                </span>
              </li>
            ) : (
              <li className={`story-item ${placement[step]}`}>
                <Step
                  step={step}
                  number={NUMBERED[step]}
                  now={now}
                  t={t}
                  className={step === 'ended' || step === 'redirect' ? 'failure' : ''}
                />
                {step === 'return' ? <span className="story-loop">↺ {t('story.loop')}</span> : null}
              </li>
            )}
          </Fragment>
        ))}
      </ol>
      <p className="story-status" role="status">
        {statusSentence(event, now, t)}
      </p>
    </section>
  );
}
