import { useEffect, useId, useRef } from 'react';
import type { ErrorCode } from '@session-lab/shared';
import { useAuth, type SessionEnd } from '../auth/AuthProvider';
import { useT, type Translate } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';

const SERVER_REASONS: Partial<Record<ErrorCode, MessageKey>> = {
  TOKEN_EXPIRED: 'expired.server.TOKEN_EXPIRED',
  TOKEN_INVALID: 'expired.server.TOKEN_INVALID',
  TOKEN_MISSING: 'expired.server.TOKEN_MISSING',
};

/** Says why the session ended: ran out here (and which check noticed), or refused by the server (and its code). */
function explain(end: SessionEnd, t: Translate): string {
  if (end.kind === 'expired-here') {
    return t('expired.here', { trigger: t(`trigger.${end.trigger}`) });
  }
  if (end.kind === 'other-tab') return t(`expired.otherTab.${end.why}`);
  const reason = t(SERVER_REASONS[end.code] ?? 'expired.server.TOKEN_INVALID');
  return t('expired.server', { code: end.code, reason });
}

/**
 * The popup of step 4. It is a modal alert dialog: focus moves into it so a keyboard or screen-reader user
 * hears it at once, Escape or the button closes it, and focus then returns to the page.
 */
export function SessionExpiredDialog() {
  const t = useT();
  const { sessionEnd, dismissSessionEnd } = useAuth();
  const titleId = useId();
  const bodyId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!sessionEnd) return;
    closeButton.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        dismissSessionEnd();
        document.getElementById('main')?.focus();
      } else if (event.key === 'Tab') {
        // The button is the only control in the popup, so Tab keeps focus on it instead of letting it
        // wander to the page behind the modal.
        event.preventDefault();
        closeButton.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [sessionEnd, dismissSessionEnd]);

  const close = () => {
    dismissSessionEnd();
    // The page behind changed while the popup was open, so focus goes to the start of its content.
    document.getElementById('main')?.focus();
  };

  if (!sessionEnd) return null;
  return (
    <div className="dialog-backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="dialog"
      >
        <h2 id={titleId}>{t(sessionEnd.kind === 'other-tab' ? 'expired.titleOtherTab' : 'expired.title')}</h2>
        <div id={bodyId}>
          <p>{explain(sessionEnd, t)}</p>
          <p>{t('expired.signInAgain')}</p>
        </div>
        <button ref={closeButton} type="button" className="button" onClick={close}>
          {t('expired.close')}
        </button>
      </div>
    </div>
  );
}
