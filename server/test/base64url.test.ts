import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeJsonPart, encodeBase64Url, encodeJsonPart, isCanonicalBase64Url } from '@session-lab/shared';

describe('base64url (shared by the server, the SPA and the tests)', () => {
  it('encodes exactly like Node, for every length remainder', () => {
    for (let length = 0; length < 40; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + length) & 0xff);
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(isCanonicalBase64Url(text)).toBe(true);
      expect([...decodeBase64Url(text)]).toEqual([...bytes]);
    }
  });

  it('round-trips JSON with characters outside ASCII', () => {
    const value = { sub: 'estudiante', note: 'sesión, expiración — ✓' };
    expect(decodeJsonPart(encodeJsonPart(value))).toEqual(value);
  });

  it.each([
    ['a last character with unused bits set (2 bits)', 'AAR'],
    ['a last character with unused bits set (4 bits)', 'AB'],
    ['padding', 'AAA='],
    ['the standard alphabet', 'A+/A'],
    ['a length no byte string has', 'AAAAA'],
  ])('refuses %s', (_case, text) => {
    expect(isCanonicalBase64Url(text)).toBe(false);
    expect(() => decodeBase64Url(text)).toThrow(TypeError);
  });
});
