import { useLayoutEffect, type RefObject } from 'react';
import type { SessionEndingCode } from '@session-lab/shared';
import { connectSession } from '../lib/api';
import type { CheckTrigger } from '../lib/sessionEvents';
import type { ClientSession } from './clientSession';
import { bearerSide } from './kinds/bearer';
import { cookieSide } from './kinds/cookie';
import { refreshSide } from './kinds/refresh';
import { reports } from './reports';

interface BridgeOptions {
  sessionRef: RefObject<ClientSession | null>;
  /** The request-time check: a boolean, or for an expired refresh session the promise of its silent refresh. */
  checkBeforeRequest(url: string): boolean | Promise<boolean>;
  /** Single-flight silent refresh of a `refresh` session (auth/useSilentRefresh.ts). */
  renew(trigger: CheckTrigger): Promise<boolean>;
  endWithRefusal(code: SessionEndingCode): void;
  /** Keeps the session with a new deadline the server reported. */
  keep(next: ClientSession): void;
}

/**
 * The axios-bridge job of the AuthProvider: connects the interceptors of lib/api.ts to the session. What a
 * request carries is the kind's business (kinds/bearer.ts, kinds/cookie.ts, kinds/refresh.ts); when it is checked and what a
 * refusal does is the same for every kind.
 *
 * A layout effect runs before any page's data-loading effect, so the very first request of a page already goes
 * through the session.
 */
export function useApiBridge({ sessionRef, checkBeforeRequest, renew, endWithRefusal, keep }: BridgeOptions): void {
  useLayoutEffect(
    () =>
      connectSession({
        current: () => sessionRef.current,
        checkBeforeRequest,
        decorate: (headers, method) => {
          const session = sessionRef.current;
          if (session === null) return;
          if (session.kind === 'bearer') bearerSide.decorate(session, headers);
          else if (session.kind === 'refresh') refreshSide.decorate(session, headers);
          else cookieSide.decorate(session, headers, method);
        },
        renewAfterExpiry: (sentWith, url, answer) => {
          const session = sessionRef.current;
          if (session === null || session.kind !== 'refresh') return null;
          reports.serverAnswer(session.kind, url, answer, 'TOKEN_EXPIRED');
          // Another request has already renewed the token since this one left: just send it again.
          if (session.id !== sentWith) return Promise.resolve(true);
          return renew('server-response');
        },
        onRefused: (sentWith, code, url, answer) => {
          const session = sessionRef.current;
          // A late answer to a session we have already replaced (the user signed in again meanwhile) must not
          // end the new one.
          if (session === null || session.id !== sentWith) return;
          reports.serverAnswer(session.kind, url, answer, code);
          endWithRefusal(code);
        },
        onAccepted: (sentWith, url, answer) => {
          const kind = answer.server?.kind ?? sessionRef.current?.kind;
          if (kind !== undefined) reports.serverAnswer(kind, url, answer);
          // A server-side session slides: every request pushes its idle deadline forward, and only the server
          // knows by how much. It says so in Server-Timing (`sl-expires`); without this, the client's own
          // checks would end an active session at the deadline it was told at sign-in. A JWT's `exp` never
          // moves, so for those kinds the two always agree and nothing changes.
          const session = sessionRef.current;
          const deadline = answer.server?.expiresAt;
          if (session !== null && session.id === sentWith && deadline !== undefined && deadline !== session.expiresAt) {
            keep({ ...session, expiresAt: deadline });
          }
        },
      }),
    [sessionRef, checkBeforeRequest, renew, endWithRefusal, keep],
  );
}
