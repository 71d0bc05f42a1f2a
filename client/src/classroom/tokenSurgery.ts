/**
 * Rewrites a token's payload WITHOUT re-signing it, the way an attacker (or a curious student in the
 * browser's dev tools) could. The header and the signature are kept as they were, so the signature no
 * longer matches the payload: the browser cannot notice, because it has no key; the server notices at once.
 */
import { decodeJsonPart, encodeJsonPart } from '@session-lab/shared';

export function rewritePayload(token: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return token;
  const claims = decodeJsonPart(payload) as Record<string, unknown>;
  return `${header}.${encodeJsonPart(change(claims))}.${signature}`;
}
