import { useEffect, useState } from 'react';
import { API_PATHS, type Note, type NotesResponse } from '@session-lab/shared';
import { useFormatTime, useT, type Translate } from '../i18n/I18nProvider';
import { api, describeApiError } from '../lib/api';

type NotesState =
  | { status: 'loading' }
  | { status: 'loaded'; notes: Note[]; at: Date }
  | { status: 'failed'; message: string };

function failureMessage(error: unknown, t: Translate): string | null {
  const { code } = describeApiError(error);
  // A refused or expired token ends the session (the AuthProvider handles it and leaves this page), so
  // there is nothing to show here. Any other failure leaves the user signed in and is shown as an error.
  if (code === 'SESSION_EXPIRED' || code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID' || code === 'TOKEN_MISSING') return null;
  if (code === 'NETWORK_ERROR') return t('notes.error.network');
  return t('notes.error.server', { code });
}

/**
 * Loads the notes through the shared axios instance, so the request interceptor checks the token's expiry
 * first and the server verifies it again. Resolves to the next state, or null when the session ended.
 */
async function loadNotes(t: Translate): Promise<NotesState | null> {
  try {
    const { data } = await api.get<NotesResponse>(API_PATHS.notes);
    return { status: 'loaded', notes: data.notes, at: new Date() };
  } catch (error) {
    const message = failureMessage(error, t);
    return message ? { status: 'failed', message } : null;
  }
}

export function NotesPage() {
  const t = useT();
  const formatTime = useFormatTime();
  const [state, setState] = useState<NotesState>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    // An answer that arrives after the user left the page (or pressed Refresh again) is ignored.
    let current = true;
    void loadNotes(t).then((next) => {
      if (current && next) setState(next);
    });
    return () => {
      current = false;
    };
  }, [t, reloads]);

  const refresh = () => {
    setState({ status: 'loading' });
    setReloads((count) => count + 1);
  };

  return (
    <section>
      <div className="title-row">
        <h1>{t('notes.title')}</h1>
        <button type="button" className="button" onClick={refresh} disabled={state.status === 'loading'}>
          {t('notes.refresh')}
        </button>
      </div>
      <p className="lead">{t('notes.intro')}</p>
      {state.status === 'loading' ? <p role="status">{t('notes.loading')}</p> : null}
      {state.status === 'failed' ? (
        <p role="alert" className="error">
          {state.message}
        </p>
      ) : null}
      {state.status === 'loaded' ? (
        <>
          <p className="hint" role="status">
            {t('notes.loadedAt', { time: formatTime(state.at) })}
          </p>
          {state.notes.length === 0 ? <p>{t('notes.empty')}</p> : null}
          <ul className="notes">
            {state.notes.map((note) => (
              <li key={note.id} className="card">
                <h2>{note.title}</h2>
                {note.audience === 'teacher' ? <span className="badge">{t('notes.teacherOnly')}</span> : null}
                <p>{note.body}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
