import { describe, expect, it } from 'vitest';
import type { TokenClaims } from '@session-lab/shared';
import { VerifiedTokens } from '../src/verified-tokens.js';

const claims = (exp: number): TokenClaims => ({
  sub: 'student',
  role: 'student',
  iat: exp - 60,
  exp,
  iss: 'session-lab-api',
  aud: 'session-lab-spa',
  jti: `jti-${exp}`,
  kind: 'bearer',
});

describe('VerifiedTokens (the memory of tokens already verified)', () => {
  it('remembers a verified token until its exp plus the clock tolerance, and not a millisecond longer', () => {
    const memory = new VerifiedTokens(10, 2000);
    memory.remember('token-a', claims(1000));

    expect(memory.lookup('token-a', 1000 * 1000)).toEqual(claims(1000));
    expect(memory.lookup('token-a', 1000 * 1000 + 1998)).toEqual(claims(1000));
    expect(memory.lookup('token-a', 1000 * 1000 + 1999)).toBeUndefined();
    // Once expired it is forgotten for good: the next request goes through full verification.
    expect(memory.size).toBe(0);
  });

  it('knows only the exact bytes it verified', () => {
    const memory = new VerifiedTokens(10, 0);
    memory.remember('header.payload.signature', claims(2000));

    expect(memory.lookup('header.payload.signaturE', 1000)).toBeUndefined();
    expect(memory.lookup('header.payloaD.signature', 1000)).toBeUndefined();
  });

  it('stays within its size by forgetting the oldest token first', () => {
    const memory = new VerifiedTokens(2, 0);
    memory.remember('first', claims(2000));
    memory.remember('second', claims(2000));
    memory.remember('third', claims(2000));

    expect(memory.size).toBe(2);
    expect(memory.lookup('first', 1000)).toBeUndefined();
    expect(memory.lookup('second', 1000)).toBeDefined();
    expect(memory.lookup('third', 1000)).toBeDefined();
  });
});
