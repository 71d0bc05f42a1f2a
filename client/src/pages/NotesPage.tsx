import { useCallback, useEffect, useState } from 'react';
import { API_PATHS, type Note, type NotesResponse } from '@session-lab/shared';
import { useT, type Translate } from '../i18n/I18nProvider';
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

export function NotesPage() {
  const t = useT();
  const [state, setState] = useState<NotesState>({ status: 'loading' });

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const { data } = await api.get<NotesResponse>(API_PATHS.notes);
      setState({ status: 'loaded', notes: data.notes, at: new Date() });
    } catch (error) {
      const message = failureMessage(error, t);
      if (message) setState({ status: 'failed', message });
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section>
      <div className="title-row">
        <h1>{t('notes.title')}</h1>
        <button type="button" className="button" onClick={() => void load()} disabled={state.status === 'loading'}>
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
            {t('notes.loadedAt', { time: state.at.toLocaleTimeString() })}
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
