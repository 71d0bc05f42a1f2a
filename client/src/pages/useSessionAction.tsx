import { useState } from 'react';
import { useT } from '../i18n/I18nProvider';
import { describePageFailure, pageFailureOf } from './sessionFailures';

type ActionMessage = { kind: 'done' | 'failed'; text: string };

/**
 * What "My sessions" and the teacher's page do when a button ends sessions: one action at a time (the buttons
 * are disabled meanwhile), its outcome in one sentence, and the table asked for again so it shows what the
 * server now holds. An action that answers null has nothing to report (it left the page, say by signing out).
 */
export function useSessionAction(reload: () => Promise<void>) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ActionMessage | null>(null);

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await action();
      if (done !== null) {
        setMessage({ kind: 'done', text: done });
        await reload();
      }
    } catch (error) {
      // A failure that ended the session itself is the popup's to explain; anything else is said here.
      const code = pageFailureOf(error);
      if (code !== null) setMessage({ kind: 'failed', text: describePageFailure(code, t) });
    } finally {
      setBusy(false);
    }
  };

  return { busy, message, run };
}

/** The outcome of the last action: an alert when it failed, a quiet status line when it worked. */
export function ActionOutcome({ message }: { message: ActionMessage | null }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'failed' ? 'alert' : 'status'} className={message.kind === 'failed' ? 'error' : 'hint'}>
      {message.text}
    </p>
  );
}
