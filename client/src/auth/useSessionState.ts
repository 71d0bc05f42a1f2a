import { useCallback, useRef, useState, type RefObject } from 'react';
import type { CookieKind } from '@session-lab/shared';
import type { ClientSession } from './clientSession';
import { bearerSide } from './kinds/bearer';
import { cookieSide } from './kinds/cookie';
import { refreshSide } from './kinds/refresh';

/** What the page found when it loaded: a readable bearer token, a note to ask about a cookie session, or neither. */
export interface InitialSession {
  session: ClientSession | null;
  /** Storage held something that was not a readable token; it was thrown away. */
  discardedToken: boolean;
  /**
   * This browser signed in with a cookie kind, or with `refresh`: only the server can say whether that session
   * still lives (for `refresh`, by renewing it: the access token lived in memory).
   */
  askServerAbout: CookieKind | 'refresh' | null;
}

function readInitialSession(): InitialSession {
  const bearer = bearerSide.restore();
  return {
    session: bearer.session,
    discardedToken: bearer.discarded,
    askServerAbout: bearer.session !== null ? null : refreshSide.hint() ? 'refresh' : cookieSide.hint(),
  };
}

export interface SessionState {
  initial: InitialSession;
  session: ClientSession | null;
  /**
   * The session of this very moment. Interceptors and checks run outside React's render cycle and must not
   * see the one of the last render, so the ref is kept in step with the state and read there.
   */
  sessionRef: RefObject<ClientSession | null>;
  /** True while a reloaded page waits for the server's answer about its cookie session. */
  restoring: boolean;
  finishRestoring(): void;
  /** Keeps a new session (in memory and in its kind's storage), replacing whatever was there. */
  keep(next: ClientSession): void;
  /**
   * Forgets the session in two halves: `forgetNow` at once (the ref and the storage, so no check or request
   * can use it any more), and `clear` for the rendered state, which the provider runs inside a transition.
   */
  forgetNow(): void;
  clear(): void;
}

/**
 * The state-and-storage job of the AuthProvider: the one session of this tab, and where each kind keeps what
 * survives a reload (the bearer token in sessionStorage; for a cookie kind or `refresh` only a note that there is one).
 */
export function useSessionState(): SessionState {
  const [initial] = useState(readInitialSession);
  const [session, setSession] = useState<ClientSession | null>(initial.session);
  const [restoring, setRestoring] = useState(initial.askServerAbout !== null);
  const sessionRef = useRef<ClientSession | null>(initial.session);

  const forgetStorage = () => {
    bearerSide.forget();
    cookieSide.forget();
    refreshSide.forget();
  };

  const keep = useCallback((next: ClientSession) => {
    sessionRef.current = next;
    forgetStorage();
    if (next.kind === 'bearer') bearerSide.keep(next);
    else if (next.kind === 'refresh') refreshSide.keep();
    else cookieSide.keep(next);
    setSession(next);
  }, []);

  const forgetNow = useCallback(() => {
    sessionRef.current = null;
    forgetStorage();
  }, []);

  const clear = useCallback(() => setSession(null), []);
  const finishRestoring = useCallback(() => setRestoring(false), []);

  return { initial, session, sessionRef, restoring, finishRestoring, keep, forgetNow, clear };
}
