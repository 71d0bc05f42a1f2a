import { useEffect, useId, useRef } from 'react';
import { useAuth, type SessionEnd } from '../auth/AuthProvider';
import { useT, type Translate } from '../i18n/I18nProvider';
import { focusPageHeading } from '../lib/focus';
import type { MessageKey } from '../i18n/en';

/**
 * The popup names what really happened, because each case teaches something different: this browser's
 * clock ran past `exp`; the server's clock did; the server refused a token it did not issue in this form
 * (tampered with or forged — that is not an expiry at all); another tab ended the session; or a silent
 * refresh failed, and why (reuse of the refresh token above all).
 */
function titleKey(end: SessionEnd): MessageKey {
  switch (end.kind) {
    case 'expired-here':
      return 'expired.title.here';
    case 'refused-by-server':
      return `expired.title.${end.code}`;
    case 'other-tab':
      return `expired.title.otherTab.${end.why}`;
    case 'refresh-failed':
      // Reuse gets a title of its own: it is the one refusal that means someone else has a copy.
      return end.code === 'REFRESH_TOKEN_REUSED' ? 'expired.title.REFRESH_TOKEN_REUSED' : 'expired.title.refreshFailed';
  }
}

function explain(end: SessionEnd, t: Translate): string {
  switch (end.kind) {
    case 'expired-here':
      // A bearer token is simply forgotten; a cookie session also has a server side, which the page ends too.
      return t(end.sessionKind === 'bearer' ? 'expired.here' : 'expired.here.cookie', { trigger: t(`trigger.${end.trigger}`) });
    case 'refused-by-server':
      return t(`expired.server.${end.code}`, { code: end.code });
    case 'other-tab':
      return t(`expired.otherTab.${end.why}`);
    case 'refresh-failed':
      return t(`expired.refresh.${end.code}`, { code: end.code });
  }
}

/**
 * The popup of step 4: a native <dialog> opened with showModal(). That gives a real modal for free: the page
 * behind becomes inert (no clicks, no Tab, hidden from screen readers), focus moves into the dialog, and
 * focus cannot leave it until it closes. When it closes, focus goes to the heading of the page that is now
 * showing, which is the login page.
 */
export function SessionExpiredDialog() {
  const t = useT();
  const { sessionEnd, dismissSessionEnd } = useAuth();
  const titleId = useId();
  const bodyId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!sessionEnd || !element) return;
    if (!element.open) element.showModal();
    closeButton.current?.focus();
  }, [sessionEnd]);

  const close = () => {
    dialog.current?.close();
    dismissSessionEnd();
    // The page behind changed while the popup was open: focus goes to the start of what is showing now.
    focusPageHeading();
  };

  if (!sessionEnd) return null;
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className="dialog"
      // Escape would close a native dialog without telling React. Handling it here keeps one way to close.
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <h2 id={titleId}>{t(titleKey(sessionEnd))}</h2>
      <div id={bodyId}>
        <p>{explain(sessionEnd, t)}</p>
        <p>{t('expired.signInAgain')}</p>
      </div>
      <button ref={closeButton} type="button" className="button" onClick={close}>
        {t('expired.close')}
      </button>
    </dialog>
  );
}
