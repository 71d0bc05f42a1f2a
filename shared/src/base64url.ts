/**
 * base64url (RFC 4648 §5, without padding): the encoding of each of a JWT's three parts. Written once here,
 * without Node's Buffer or the browser's atob, so the server, the SPA and every test share one definition.
 *
 * Every 3 bytes become 4 characters of 6 bits each. When the byte count is not a multiple of 3, the last
 * character carries a few bits that encode nothing (2 bits after 2 leftover bytes, 4 bits after 1). A decoder
 * that ignores those bits reads several different strings as the same bytes: `…Q` and `…R` can decode alike.
 * Only the spelling whose unused bits are zero is canonical, and `isCanonicalBase64Url` accepts only that one,
 * so that "change one character of the token" always means "another token".
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 6-bit value of each character code, or -1 for a character outside the alphabet. */
const VALUES: readonly number[] = Array.from({ length: 128 }, (_, code) => ALPHABET.indexOf(String.fromCharCode(code)));

const valueOf = (text: string, index: number): number => VALUES[text.charCodeAt(index)] ?? -1;

/** True when `text` is base64url without padding, in its one canonical spelling (unused bits all zero). */
export function isCanonicalBase64Url(text: string): boolean {
  // One leftover character would carry only 6 bits, less than a byte: no byte string encodes to that length.
  if (text.length % 4 === 1) return false;
  for (let index = 0; index < text.length; index += 1) if (valueOf(text, index) < 0) return false;
  const last = valueOf(text, text.length - 1);
  if (text.length % 4 === 2) return (last & 0b1111) === 0;
  if (text.length % 4 === 3) return (last & 0b11) === 0;
  return true;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[index], bytes[index + 1], bytes[index + 2]];
    const chunk = (a << 16) | (b << 8) | c;
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let shift = 18, written = 0; written < characters; shift -= 6, written += 1) {
      text += ALPHABET[(chunk >> shift) & 0b111111];
    }
  }
  return text;
}

/** Decodes canonical base64url; throws a TypeError for anything else, so garbage never turns into bytes. */
export function decodeBase64Url(text: string): Uint8Array {
  if (!isCanonicalBase64Url(text)) throw new TypeError('Not canonical base64url.');
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let index = 0; index < text.length; index += 1) {
    buffer = ((buffer << 6) | valueOf(text, index)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written] = (buffer >> bits) & 0xff;
      written += 1;
    }
  }
  return bytes;
}

/** A JSON value as a JWT part: UTF-8, then base64url. */
export function encodeJsonPart(value: unknown): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

/** A JWT part read back as JSON; throws when it is not canonical base64url or not JSON. */
export function decodeJsonPart(part: string): unknown {
  return JSON.parse(new TextDecoder().decode(decodeBase64Url(part)));
}
