import { AxiosError } from 'axios';
import { API_PATHS, CSRF_HEADER, type ErrorBody, type ErrorCode } from '@session-lab/shared';
import { reports } from '../auth/reports';
import { api, serverAnswerOf } from '../lib/api';

/**
 * The "steal the refresh token" experiment. A page cannot read its httpOnly refresh cookie, so it cannot
 * really hand a copy to a thief; what it can do is what a thief's copy looks like to the server: the same
 * refresh token arriving twice. Two refreshes leave at once, both carrying the cookie as it is now, outside
 * the lock that normally keeps this tab's refreshes one at a time (auth/useSilentRefresh.ts). One of them
 * rotates the token; the other arrives with a token that has just been retired, which is exactly what a thief
 * replaying a copy would send. The server cannot tell the two apart, and ends the whole family.
 *
 * The timeline shows what the server told each copy. The caller then lets the page renew its own access token,
 * as it would at `exp`: refused, because the family is gone.
 */
export async function replayRefreshToken(csrfToken: string): Promise<void> {
  /** Sends one copy; answers the code the server refused it with, or undefined when it was accepted. */
  const send = () =>
    api
      .post(API_PATHS.refresh, undefined, { anonymous: true, headers: { [CSRF_HEADER]: csrfToken } })
      .then((response) => {
        reports.replayed(undefined, serverAnswerOf(response));
        return undefined;
      })
      .catch((error: unknown) => {
        const response = error instanceof AxiosError ? error.response : undefined;
        const code = (response?.data as Partial<ErrorBody> | undefined)?.code as ErrorCode | undefined;
        reports.replayed(code, response === undefined ? undefined : serverAnswerOf(response));
        return code ?? null;
      });
  // A browser normally sends both at once, each with the cookie as it is now. On a fast loopback the first
  // answer can come back before the second request has left; the second then carries the new token, nothing
  // was replayed, and the pair is sent again (each pair spends the token the last one left behind).
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const answers = await Promise.all([send(), send()]);
    if (answers.some((code) => code !== undefined)) return;
  }
}
