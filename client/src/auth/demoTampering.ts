import { useCallback, type RefObject } from 'react';
import { decodeToken } from '../lib/token';
import { nextSessionId, type ClientSession } from './clientSession';
import { bearerSessionFrom } from './kinds/bearer';

/**
 * The demo-tampering job of the AuthProvider, for the classroom's controls: swap the stored token for a
 * rewritten one (a tampered role, a forged `exp`). The browser cannot tell the difference, which is exactly
 * what the lesson shows; the server can. Only a bearer session and a refresh sign-in's access token are in the
 * page to rewrite: a cookie kind's credential, and the refresh token, are out of reach of page scripts, so for
 * those this does nothing (the controls say why).
 */
export function useDemoTampering(sessionRef: RefObject<ClientSession | null>, keep: (next: ClientSession) => void): (rewritten: string) => void {
  return useCallback(
    (rewritten: string) => {
      const current = sessionRef.current;
      // A rewritten token is a new credential: it gets a new local id, like any other change of session.
      if (current?.kind === 'bearer') {
        const next = bearerSessionFrom(rewritten);
        if (next) keep(next);
      } else if (current?.kind === 'refresh') {
        // The access token of a refresh session can be rewritten the same way; the refresh token cannot.
        const decoded = decodeToken(rewritten);
        if (decoded) keep({ ...current, id: nextSessionId(), token: rewritten, decoded, role: decoded.claims.role, expiresAt: decoded.claims.exp * 1000 });
      }
    },
    [sessionRef, keep],
  );
}
