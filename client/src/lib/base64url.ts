/**
 * base64url (RFC 4648 §5) for the JSON parts of a token: `+` and `/` become `-` and `_`, and the `=` padding
 * is dropped, so a token can travel in a header or a URL without escaping. The browser's `btoa`/`atob` only
 * handle Latin-1 strings, so the JSON goes through UTF-8 bytes first; a username such as "José" survives.
 *
 * The SPA never needs this to *read* a token (jwt-decode does that); it is here for the demo controls that
 * rewrite a payload, and for tests that build tokens by hand.
 */
export function encodeJsonPart(value: unknown): string {
  return encodeTextPart(JSON.stringify(value));
}

/** The inverse of `encodeJsonPart`. Throws on text that is not base64url or not JSON. */
export function decodeJsonPart(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Any text (not only JSON) as base64url, for tests that need a part that is deliberately not JSON. */
export function encodeTextPart(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
