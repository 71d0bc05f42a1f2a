/**
 * Rewrites a token's payload WITHOUT re-signing it, the way an attacker (or a curious student in the
 * browser's dev tools) could. The header and the signature are kept as they were, so the signature no
 * longer matches the payload: the browser cannot notice, because it has no key; the server notices at once.
 */
function decodePart(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function encodePart(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function rewritePayload(token: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return token;
  const claims = decodePart(payload) as Record<string, unknown>;
  return `${header}.${encodePart(change(claims))}.${signature}`;
}
