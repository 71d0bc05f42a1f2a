/**
 * What the server did to check one request's session, collected while it happens and sent back in the
 * standard `Server-Timing` header (metric names in shared/src/sessions.ts). The SPA's timeline shows it, and
 * so does the Network tab of any browser: "signature verified, store read 0.02 ms, outcome revoked".
 */
import { performance } from 'node:perf_hooks';
import { SERVER_TIMING_METRICS as M, type AuthOutcome, type SessionKind } from '@session-lab/shared';

const ms = (value: number) => Math.round(value * 1000) / 1000;

export class AuthTrace {
  kind: SessionKind | undefined;
  signature: { how: 'verified' | 'remembered'; ms: number } | undefined;
  /** The verdict on a JWT, for the older `x-session-lab-token-check` header; unset when no token was checked. */
  tokenCheck: 'valid' | 'expired' | 'invalid' | undefined;
  storeReadMs: number | undefined;
  storeWriteMs: number | undefined;
  /** When an accepted session ends as the server sees it now (ms since the epoch); unset for a refusal. */
  expiresAt: number | undefined;
  /** What this instance's lookup cache did (sqlite-cache.ts, revocation-cache.ts); unset without one. */
  cache: { how: 'hit' | 'miss' | 'off'; ms: number } | undefined;

  /** Runs one store read and records how long it took. */
  async read<T>(work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.storeReadMs = (this.storeReadMs ?? 0) + performance.now() - start;
    }
  }

  /** Runs one store write and records how long it took. */
  async write<T>(work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.storeWriteMs = (this.storeWriteMs ?? 0) + performance.now() - start;
    }
  }

  /**
   * The header's value: one metric per step that happened, in the order they happen, then the outcome and,
   * for an accepted session, when it ends.
   */
  header(outcome: AuthOutcome): string {
    // Built by plain concatenation: this runs on every protected request, and an array joined at the end
    // costs more than the string itself.
    let value = this.kind === undefined ? '' : `${M.kind};desc=${this.kind}, `;
    if (this.signature !== undefined) value += `${M.signature};desc=${this.signature.how};dur=${ms(this.signature.ms)}, `;
    if (this.cache !== undefined) value += `${M.cache};desc=${this.cache.how};dur=${ms(this.cache.ms)}, `;
    if (this.storeReadMs !== undefined) value += `${M.storeRead};dur=${ms(this.storeReadMs)}, `;
    if (this.storeWriteMs !== undefined) value += `${M.storeWrite};dur=${ms(this.storeWriteMs)}, `;
    value += `${M.outcome};desc=${outcome}`;
    return this.expiresAt === undefined ? value : `${value}, ${M.expires};desc=${this.expiresAt}`;
  }
}
