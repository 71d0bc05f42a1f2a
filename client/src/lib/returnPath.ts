/**
 * Where to send the user after signing in. The target comes from navigation state, which a crafted link or
 * a script can set, so it is validated: only a path on this same origin is accepted. Anything else — an
 * absolute URL, a protocol-relative `//evil.example`, a backslash trick, the login page itself — falls back
 * to the dashboard. Without this check the login page would be an open redirect.
 */
export function safeReturnPath(candidate: unknown, fallback: string, loginPath: string): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/') || candidate.startsWith('//')) return fallback;
  // Browsers read a backslash as a slash and drop tabs and newlines from URLs, so `/\evil.example` would
  // become `//evil.example`: refuse those characters outright.
  if ([...candidate].some((character) => character === '\\' || character.charCodeAt(0) < 0x20)) return fallback;
  try {
    const base = window.location.origin;
    const url = new URL(candidate, base);
    if (url.origin !== base || url.pathname === loginPath) return fallback;
    return pathOf(url);
  } catch {
    return fallback;
  }
}

/**
 * The part of a location the user would see in the address bar after the origin: path, query and fragment.
 * The guard, the session's end and the login page's return all spell a place this one way.
 */
export function pathOf(location: { pathname: string; search: string; hash: string }): string {
  return `${location.pathname}${location.search}${location.hash}`;
}
