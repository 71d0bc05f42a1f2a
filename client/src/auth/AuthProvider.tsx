import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  startTransition,
  type ReactNode,
} from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { API_PATHS, type BearerLoginResponse, type ErrorCode, type LoginBody } from '@session-lab/shared';
import { api, connectSession } from '../lib/api';
import { clock } from '../lib/clock';
import { sessionEvents, type CheckTrigger } from '../lib/sessionEvents';
import { decodeToken, isExpired, type DecodedToken } from '../lib/token';
import { openTabChannel, type TabMessage } from '../lib/tabChannel';
import { tokenStorage } from '../lib/tokenStorage';
import { ROUTES } from '../routes';

/** Why a session ended without the user asking: the popup explains it in these terms. */
export type SessionEnd =
  | { kind: 'expired-here'; trigger: CheckTrigger }
  | { kind: 'refused-by-server'; code: ErrorCode }
  | { kind: 'other-tab'; why: TabMessage['why'] };

/** Navigation state the login page reads to send the user back after signing in. */
export interface LoginLocationState {
  from?: string;
}

export interface AuthValue {
  /** The raw token, exactly as the server sent it (or as the demo controls rewrote it). */
  token: string | null;
  /** The token's header and claims, decoded in the browser (not verified: only the server can verify). */
  session: DecodedToken | null;
  /**
   * The flag of the lesson ("la bandera"). It is true while we hold a readable token. It does NOT turn false
   * by itself at `exp`: it flips only when a check notices — on a route change, before a request, or when
   * the server refuses the token. Watching that gap is part of the lesson.
   */
  authenticated: boolean;
  signIn(credentials: LoginBody): Promise<BearerLoginResponse>;
  signOut(): void;
  /** Step 3: checks the token's expiry now; ends the session and returns false when it has passed. */
  checkExpiry(trigger: CheckTrigger, target?: string): boolean;
  /** Set when the session ended on its own; the expired popup shows while it is set. */
  sessionEnd: SessionEnd | null;
  dismissSessionEnd(): void;
  /**
   * Demo controls only: swap the stored token for a rewritten one (a tampered role, a forged `exp`). The
   * browser cannot tell the difference, which is exactly what the lesson shows; the server can.
   */
  replaceTokenForDemo(rewritten: string): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** A token left in storage by an earlier visit is only used if this app could have received it. */
function readStoredToken(): string | null {
  const stored = tokenStorage.read();
  if (stored && decodeToken(stored)) return stored;
  // Garbage, a two-part token, `alg: none`, a token without `exp`: treat all of them as "signed out".
  if (stored) tokenStorage.clear();
  return null;
}

function pathOf(location: { pathname: string; search: string; hash: string }): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [token, setTokenState] = useState<string | null>(readStoredToken);
  const [sessionEnd, setSessionEnd] = useState<SessionEnd | null>(null);

  // Interceptors and checks run outside React's render cycle and must see the token of this very moment,
  // not the one of the last render, so the provider keeps a ref in step with the state.
  const tokenRef = useRef(token);
  const locationRef = useRef(location);
  useLayoutEffect(() => {
    locationRef.current = location;
  }, [location]);

  const setToken = useCallback((next: string | null) => {
    tokenRef.current = next;
    if (next) tokenStorage.write(next);
    else tokenStorage.clear();
    setTokenState(next);
  }, []);

  /**
   * Ends the session and navigates in one step. React Router renders navigations as transitions; if the
   * token were cleared outside that transition, the protected page would re-render once without a token
   * and its guard would redirect on its own. Putting both updates in the same transition makes React
   * commit them together: the flag flips and the new page appears in the same frame.
   */
  const leaveSession = useCallback(
    (to: string, options: { replace?: boolean; state?: LoginLocationState }, end: SessionEnd | null) => {
      tokenRef.current = null;
      tokenStorage.clear();
      startTransition(() => {
        setTokenState(null);
        setSessionEnd(end);
      });
      navigate(to, options);
    },
    [navigate],
  );

  // The line to the other tabs of this browser; opened in an effect below.
  const tabChannel = useRef<ReturnType<typeof openTabChannel> | null>(null);

  /**
   * Step 4 of the story: flip the flag, forget the token, go to the login page remembering where the user
   * was, and open the popup. Many checks can fail at once (three requests refused together, a route change
   * and a request in the same tick); only the first finds a token to forget, so there is exactly one popup
   * and one redirect.
   */
  const endSession = useCallback(
    (reason: SessionEnd, returnTo?: string) => {
      if (tokenRef.current === null) return;
      // A message from another tab is not passed on again, or tabs would echo it back and forth.
      if (reason.kind !== 'other-tab') tabChannel.current?.post({ type: 'session-ended', why: 'expired' });
      const from = returnTo ?? pathOf(locationRef.current);
      // `replace` swaps the page the user can no longer see for the login page, so Back does not lead to a
      // protected page that would only bounce them to the login page again.
      leaveSession(
        ROUTES.login.path,
        { replace: true, state: from.startsWith(ROUTES.login.path) ? {} : { from } },
        reason,
      );
    },
    [leaveSession],
  );

  const checkExpiry = useCallback(
    (trigger: CheckTrigger, target?: string): boolean => {
      const current = tokenRef.current;
      if (!current) return false;
      const decoded = decodeToken(current);
      const at = clock.now();
      if (decoded && !isExpired(decoded.claims, at)) {
        sessionEvents.emit({ at, trigger, result: 'valid', ...(target ? { target } : {}) });
        return true;
      }
      sessionEvents.emit({ at, trigger, result: 'expired-here', ...(target ? { target } : {}) });
      // On a route change the user was on their way to `target`: that is where to bring them back.
      endSession({ kind: 'expired-here', trigger }, trigger === 'route-change' ? target : undefined);
      return false;
    },
    [endSession],
  );

  // Connect the axios interceptors to this provider. A layout effect runs before any page's data-loading
  // effect, so the very first request of a page already goes through the session.
  useLayoutEffect(
    () =>
      connectSession({
        getToken: () => tokenRef.current,
        checkBeforeRequest: (url) => checkExpiry('request', url),
        onTokenRefused: (sentToken, code, url, serverCheck) => {
          // A late answer to a token we have already replaced (the user signed in again meanwhile) must not
          // end the new session.
          if (sentToken !== tokenRef.current) return;
          sessionEvents.emit({
            at: clock.now(),
            trigger: 'server-response',
            result: 'refused-by-server',
            code,
            target: url,
            ...(serverCheck ? { serverCheck } : {}),
          });
          endSession({ kind: 'refused-by-server', code });
        },
        onTokenAccepted: (url, serverCheck) => {
          sessionEvents.emit({
            at: clock.now(),
            trigger: 'server-response',
            result: 'valid',
            target: url,
            ...(serverCheck ? { serverCheck } : {}),
          });
        },
      }),
    [checkExpiry, endSession],
  );

  const signIn = useCallback(
    async (credentials: LoginBody): Promise<BearerLoginResponse> => {
      // The SPA signs in with the default kind, `bearer`, so the answer carries the token.
      const { data } = await api.post<BearerLoginResponse>(API_PATHS.login, credentials, { anonymous: true });
      setToken(data.token);
      setSessionEnd(null);
      sessionEvents.emit({ at: clock.now(), trigger: 'sign-in', result: 'signed-in' });
      return data;
    },
    [setToken],
  );

  const signOut = useCallback(() => {
    if (tokenRef.current === null) return;
    sessionEvents.emit({ at: clock.now(), trigger: 'sign-out', result: 'signed-out' });
    tabChannel.current?.post({ type: 'session-ended', why: 'signed-out' });
    leaveSession(ROUTES.home.path, {}, null);
  }, [leaveSession]);

  // Signing out or expiring in another tab ends the session here too.
  useEffect(() => {
    const channel = openTabChannel((message) => {
      if (tokenRef.current === null) return;
      sessionEvents.emit({ at: clock.now(), trigger: 'other-tab', result: message.why === 'signed-out' ? 'signed-out' : 'expired-here' });
      endSession({ kind: 'other-tab', why: message.why });
    });
    tabChannel.current = channel;
    return () => {
      channel.close();
      if (tabChannel.current === channel) tabChannel.current = null;
    };
  }, [endSession]);

  const replaceTokenForDemo = useCallback((rewritten: string) => {
    if (tokenRef.current !== null) setToken(rewritten);
  }, [setToken]);

  const dismissSessionEnd = useCallback(() => setSessionEnd(null), []);

  // Everything below is derived from the token: there is no second source of truth to fall out of step.
  const session = useMemo(() => (token ? decodeToken(token) : null), [token]);
  const value = useMemo<AuthValue>(
    () => ({
      token,
      session,
      authenticated: session !== null,
      signIn,
      signOut,
      checkExpiry,
      sessionEnd,
      dismissSessionEnd,
      replaceTokenForDemo,
    }),
    [token, session, signIn, signOut, checkExpiry, sessionEnd, dismissSessionEnd, replaceTokenForDemo],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error('useAuth() was called outside <AuthProvider>. Wrap the app (or the test) in <AuthProvider>.');
  }
  return value;
}
