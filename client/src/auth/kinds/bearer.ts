/**
 * The client side of the `bearer` kind: the story the lesson starts with. The server's answer to sign-in
 * carries a signed JWT; this tab keeps it in sessionStorage, decodes its claims to know who and until when,
 * and sends it in an `Authorization: Bearer` header with every protected request. Everything the flag rests
 * on is derived from the token, so there is no second source of truth to fall out of step.
 *
 * What a page script can read: all of it. The token sits in sessionStorage, so an XSS bug could carry it
 * away and use it elsewhere until `exp` (lib/tokenStorage.ts weighs the alternatives).
 */
import type { AxiosHeaders } from 'axios';
import type { BearerLoginResponse } from '@session-lab/shared';
import { decodeToken } from '../../lib/token';
import { tokenStorage } from '../../lib/tokenStorage';
import { nextSessionId, type BearerSession } from '../clientSession';

/** The session a token stands for, or null when it is not a token this app could have received. */
export function bearerSessionFrom(token: string): BearerSession | null {
  const decoded = decodeToken(token);
  if (!decoded) return null;
  const { sub, role, exp } = decoded.claims;
  return { id: nextSessionId(), kind: 'bearer', username: sub, role, expiresAt: exp * 1000, token, decoded };
}

export const bearerSide = {
  fromSignIn(answer: BearerLoginResponse): BearerSession | null {
    return bearerSessionFrom(answer.token);
  },

  /**
   * A token left in storage by this tab before a reload is only used if this app could have received it.
   * Garbage, a two-part token, `alg: none`, a token without `exp`: all of them mean "signed out", and the
   * storage is cleaned. `discarded` remembers that it happened, so the timeline can say why the page starts
   * signed out instead of leaving a student puzzled.
   */
  restore(): { session: BearerSession | null; discarded: boolean } {
    const stored = tokenStorage.read();
    if (stored === null) return { session: null, discarded: false };
    const session = bearerSessionFrom(stored);
    if (!session) tokenStorage.clear();
    return { session, discarded: session === null };
  },

  keep(session: BearerSession): void {
    tokenStorage.write(session.token);
  },

  forget(): void {
    tokenStorage.clear();
  },

  /** The browser never adds an Authorization header by itself, which is why a bearer token needs no CSRF token. */
  decorate(session: BearerSession, headers: AxiosHeaders): void {
    headers.set('Authorization', `Bearer ${session.token}`);
  },

  /** The same header again, for the sign-out call that carries the session it ends. */
  signOutHeaders(session: BearerSession): Record<string, string> {
    return { Authorization: `Bearer ${session.token}` };
  },
};
