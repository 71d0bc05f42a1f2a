import { useSyncExternalStore } from 'react';
import { useFormatTime, useT } from '../i18n/I18nProvider';
import { useClassroomT } from './messages';
import { describeResult, describeServerCheck, describeServerTrace } from './describeEvent';
import { sessionEvents, SESSION_EVENT_LIMIT } from '../lib/sessionEvents';

/**
 * A check made with a shifted demo clock differs from the real time by at least this much. Below it, the two
 * stamps are the same moment read twice, and showing both would only add noise.
 */
const CLOCK_DIFFERENCE_SHOWN_MS = 1000;

/**
 * Every check as it happens, newest first: what triggered it, what it found, the kind of session it was about,
 * and what the server said it did (its Server-Timing metrics).
 */
export function EventTimeline() {
  const t = useClassroomT();
  const appT = useT();
  const formatTime = useFormatTime();
  const events = useSyncExternalStore(sessionEvents.subscribe, sessionEvents.history, sessionEvents.history);
  return (
    <section aria-labelledby="timeline-title" className="panel-section">
      <div className="title-row">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <button type="button" className="button secondary small" onClick={() => sessionEvents.clear()} disabled={events.length === 0}>
          {t('timeline.clear')}
        </button>
      </div>
      <p className="hint">{t('timeline.intro', { count: SESSION_EVENT_LIMIT })}</p>
      {events.length === 0 ? (
        <p>{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" aria-label={t('timeline.title')}>
          {events.map((event) => (
            <li key={event.id} className={`event result-${event.result}`}>
              {/* The real time keeps the list in order; the demo clock's time is what the check compared exp with. */}
              <time dateTime={new Date(event.realAt).toISOString()}>{formatTime(event.realAt)}</time>
              {Math.abs(event.at - event.realAt) >= CLOCK_DIFFERENCE_SHOWN_MS ? (
                <span className="event-clock">{t('timeline.browserClock', { time: formatTime(event.at) })}</span>
              ) : null}
              <span className="event-trigger">{t(`timeline.trigger.${event.trigger}`)}</span>
              <span className="event-result">{describeResult(event, t)}</span>
              {event.serverCheck ? (
                <span className="event-server">{t('timeline.server', { check: describeServerCheck(event.serverCheck, t) })}</span>
              ) : null}
              {event.kind ? <span className="event-kind">{appT(`kind.${event.kind}`)}</span> : null}
              {event.server ? <span className="event-server-did">{t('timeline.did', { what: describeServerTrace(event.server, t) })}</span> : null}
              {event.target ? <code className="event-target">{event.target}</code> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
