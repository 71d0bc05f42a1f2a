import { useSyncExternalStore } from 'react';
import { useFormatTime } from '../i18n/I18nProvider';
import { useClassroomT, type ClassroomTranslate } from './messages';
import { sessionEvents, SESSION_EVENT_LIMIT, type SessionEvent } from '../lib/sessionEvents';

function describeResult(event: SessionEvent, t: ClassroomTranslate): string {
  switch (event.result) {
    case 'valid':
      return event.trigger === 'server-response' ? t('timeline.result.accepted') : t('timeline.result.valid');
    case 'expired-here':
      return t('timeline.result.expired');
    case 'refused-by-server':
      return t('timeline.result.refused', { code: event.code ?? '?' });
    case 'signed-in':
      return t('timeline.result.signedIn');
    case 'signed-out':
      return t('timeline.result.signedOut');
    case 'unreadable-token':
      return t('timeline.result.unreadable');
  }
}

/** Every check as it happens, newest first: what triggered it, what it found, and what the server said. */
export function EventTimeline() {
  const t = useClassroomT();
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
              <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at)}</time>
              <span className="event-trigger">{t(`timeline.trigger.${event.trigger}`)}</span>
              <span className="event-result">{describeResult(event, t)}</span>
              {event.serverCheck ? (
                <span className="event-server">{t('timeline.server', { check: event.serverCheck })}</span>
              ) : null}
              {event.target ? <code className="event-target">{event.target}</code> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
