import { describe, expect, it } from 'vitest';
import { parseServerTiming } from './serverTiming';

describe('reading what the server did from Server-Timing', () => {
  it('reads a hybrid check: signature verified, session table read and written, outcome valid', () => {
    expect(
      parseServerTiming('sl-kind;desc=hybrid, sl-signature;desc=verified;dur=0.05, sl-store-read;dur=0.021, sl-store-write;dur=0.4, sl-outcome;desc=valid'),
    ).toEqual({ kind: 'hybrid', signature: 'verified', storeReadMs: 0.021, storeWriteMs: 0.4, outcome: 'valid' });
  });

  it('reads a remembered bearer verdict, which never touches the session table', () => {
    expect(parseServerTiming('sl-kind;desc=bearer, sl-signature;desc=remembered;dur=0.001, sl-outcome;desc=valid')).toEqual({
      kind: 'bearer',
      signature: 'remembered',
      outcome: 'valid',
    });
  });

  it('reads a revoked server-side session', () => {
    expect(parseServerTiming('sl-kind;desc=session, sl-store-read;dur=0.03, sl-outcome;desc=revoked')).toEqual({
      kind: 'session',
      storeReadMs: 0.03,
      outcome: 'revoked',
    });
  });

  it("reads the lookup cache's answer and the session's sliding end", () => {
    expect(
      parseServerTiming('sl-kind;desc=session, sl-cache;desc=hit;dur=0.002, sl-outcome;desc=valid, sl-expires;desc=1740816090000'),
    ).toEqual({ kind: 'session', cache: 'hit', outcome: 'valid', expiresAt: 1740816090000 });
    expect(parseServerTiming('sl-outcome;desc=valid, sl-expires;desc=soon')).toEqual({ outcome: 'valid' });
  });

  it('ignores other metrics, unknown values and garbage instead of inventing a verdict', () => {
    expect(parseServerTiming('cdn-cache;desc=HIT, sl-kind;desc=admin, sl-outcome;desc=maybe, sl-store-read;dur=-3, ;;;')).toBeUndefined();
    expect(parseServerTiming(undefined)).toBeUndefined();
    expect(parseServerTiming('')).toBeUndefined();
  });
});
