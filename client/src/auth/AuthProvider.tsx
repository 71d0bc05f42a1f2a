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
import { useLocation, useNavigate, type NavigateOptions } from 'react-router-dom';
import { API_PATHS, type BearerLoginResponse, type LoginBody, type SessionEndingCode } from '@session-lab/shared';
import { api, connectSession } from '../lib/api';
import { clock } from '../lib/clock';
import { sessionEvents, type CheckTrigger } from '../lib/sessionEvents';
import { decodeToken, isExpired, type DecodedToken } from '../lib/token';
import { pathOf } from '../lib/returnPath';
import { openTabChannel, type TabMessage } from '../lib/tabChannel';
import { tokenStorage } from '../lib/tokenStorage';
import { ROUTES } from '../routes';

/**
 * Why a session ended without the user asking. The popup names exactly this: expired by this browser's
 * clock (and which check noticed), refused by the server (expired by its clock, or not a token it would
 * accept), or ended in another tab.
 */
export type SessionEnd =
  | { kind: 'expired-here'; trigger: CheckTrigger }
  | { kind: 'refused-by-server'; code: SessionEndingCode }
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

/**
 * A token left in storage by an earlier visit (or by this tab before a reload) is only used if this app could
 * have received it. Garbage, a two-part token, `alg: none`, a token without `exp`: all of them mean "signed
 * out", and the storage is cleaned. `discarded` remembers that it happened, so the timeline can say why the
 * page starts signed out instead of leaving a student puzzled.
 */
function readStoredToken(): { token: string | null; discarded: boolean } {
  const stored = tokenStorage.read();
  if (stored && decodeToken(stored)) return { token: stored, discarded: false };
  if (stored) tokenStorage.clear();
  return { token: null, discarded: stored !== null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [stored] = useState(readStoredToken);
  const [token, setTokenState] = useState<string | null>(stored.token);
  const [sessionEnd, setSessionEnd] = useState<SessionEnd | null>(null);

  useEffect(() => {
    if (stored.discarded) {
      sessionEvents.emit({ at: clock.now(), trigger: 'page-load', result: 'unreadable-token' });
    }
  }, [stored]);

  // Interceptors and checks run outside React's render cycle and must see the token of this very moment,
  // not the one of the last render, so the provider keeps a ref in step with the state.
  const tokenRef = useRef(stored.token);
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
   * A router cannot navigate until it has finished mounting: React Router ignores `navigate()` before then
   * (and warns that it ran "when your component is first rendered"), and the router only starts listening
   * to the history in its own layout effect, which runs after those of everything inside it. The check made
   * when the page loads runs exactly then, in a layout effect of the layout below this provider. So a
   * navigation asked for before the app has mounted waits here, and this provider's first passive effect,
   * which React runs only after every layout effect (the router's included), carries it out. Every way a
   * session can end goes through `leaveSession`, so all of them behave the same, page load included.
   */
  const mounted = useRef(false);
  const pendingNavigation = useRef<{ to: string; options: NavigateOptions } | null>(null);
  const navigateWhenReady = useCallback(
    (to: string, options: NavigateOptions) => {
      if (mounted.current) void navigate(to, options);
      else pendingNavigation.current = { to, options };
    },
    [navigate],
  );
  useEffect(() => {
    mounted.current = true;
    const pending = pendingNavigation.current;
    pendingNavigation.current = null;
    if (pending) void navigate(pending.to, pending.options);
    return () => {
      mounted.current = false;
    };
  }, [navigate]);

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
      navigateWhenReady(to, options);
    },
    [navigateWhenReady],
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
      if (reason.kind !== 'other-tab') tabChannel.current?.post({ type: 'session-ended', why: 'ended' });
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
      // On a route change or a page load the user was on their way to `target`: bring them back there.
      endSession({ kind: 'expired-here', trigger }, trigger === 'route-change' || trigger === 'page-load' ? target : undefined);
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
      clock.startSession(); // "Expire now" moved the clock for the old session only; see lib/clock.ts.
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
      // "Session ended" is all this tab knows: the other tab may have signed out, expired or been refused.
      sessionEvents.emit({ at: clock.now(), trigger: 'other-tab', result: 'signed-out' });
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
