import { useEffect, useState } from 'react';
import { API_PATHS, isSessionEndingCode, type Note, type NotesResponse } from '@session-lab/shared';
import { useFormatTime, useLanguage, useT, type Language, type Translate } from '../i18n/I18nProvider';
import { api, describeApiError, type ApiFailureCode } from '../lib/api';

/**
 * A failed load keeps only its code: the sentence is chosen when the page renders, in whatever language the
 * page is shown in by then.
 */
type NotesState =
  | { status: 'loading' }
  | { status: 'loaded'; notes: Note[]; at: Date }
  | { status: 'failed'; code: ApiFailureCode };

function failureMessage(code: ApiFailureCode, t: Translate): string {
  if (code === 'NETWORK_ERROR') return t('notes.error.network');
  return t('notes.error.server', { code });
}

/**
 * Loads the notes through the shared axios instance, so the request interceptor checks the token's expiry
 * first and the server verifies it again. The server writes the notes in the language asked for. Resolves
 * to the next state, or null when the session ended (the AuthProvider has then left this page already).
 */
async function loadNotes(language: Language): Promise<NotesState | null> {
  try {
    const { data } = await api.get<NotesResponse>(API_PATHS.notes, { headers: { 'Accept-Language': language } });
    return { status: 'loaded', notes: data.notes, at: new Date() };
  } catch (error) {
    const { code } = describeApiError(error);
    // A request held back by the interceptor, or a token the server refused, ended the session: there is
    // nothing to show here. Any other failure leaves the user signed in and is shown as an error.
    if (code === 'REQUEST_NOT_SENT' || isSessionEndingCode(code)) return null;
    return { status: 'failed', code };
  }
}

export function NotesPage() {
  const t = useT();
  const { language } = useLanguage();
  const formatTime = useFormatTime();
  const [state, setState] = useState<NotesState>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);

  // The notes are loaded when the page opens, when the user asks again, and when the page's language
  // changes, because the server writes them in that language. Nothing else (a re-render, a new translation
  // function) sends a request.
  useEffect(() => {
    // An answer that arrives after the user left the page (or asked again) is ignored.
    let current = true;
    void loadNotes(language).then((next) => {
      if (current && next) setState(next);
    });
    return () => {
      current = false;
    };
  }, [language, reloads]);

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
          {failureMessage(state.code, t)}
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
