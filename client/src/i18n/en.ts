import type { enPages } from './en-pages';

/**
 * The sentences of the SPA's first download, in English: the frame, the home page, the guard, the popup and
 * the loading line. The pages loaded on demand bring theirs with them (en-pages.ts). The Spanish file mirrors
 * both; TypeScript refuses a translation that misses one. `{name}` placeholders are filled in by `t()`.
 */
export const en = {
  'app.title': 'Session Lab',
  'app.documentTitle': '{page} · Session Lab',
  'app.skipToContent': 'Skip to content',

  'nav.label': 'Main',
  'nav.home': 'Home',
  'nav.dashboard': 'Dashboard',
  'nav.notes': 'Notes',
  'nav.sessions': 'My sessions',
  'nav.compare': 'Compare',
  'nav.admin': 'Teacher',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {username}',

  'home.title': 'Watch a client-side session live and die',
  'home.intro':
    'When you sign in, the server gives this page a signed token that expires after a short time. From then on the page keeps a flag that says "authenticated", and it checks the token\'s expiry every time you change page and before every request.',
  'home.point.expiry':
    'When one of those checks finds the token expired, or the server refuses it, the page flips the flag, forgets the token, sends you to the sign-in page and tells you why. After signing in again you land where you were.',
  'home.point.server':
    'The page\'s checks are only a comfort. The server checks the token on every protected request, and its answer is the one that counts.',
  'home.point.kinds':
    'On the sign-in page you can also choose a kind of session: a token the page keeps, a token in an httpOnly cookie the page cannot read, a random id whose session lives in the server\'s session table, a token in a cookie that must also have a row in that table, or a short-lived token the page keeps in memory and renews silently through a refresh token it cannot read. The flag and the checks work the same for all five; the Inspector shows where each keeps its credential.',
  'home.start': 'To start, sign in as student (password student123) or teacher (password teacher123) and choose a short session length.',
  'home.cta': 'Go to sign in',
  'home.ctaSignedIn': 'Open your dashboard',

  'kind.bearer': 'token in the browser (bearer)',
  'kind.cookie-jwt': 'JWT in an httpOnly cookie',
  'kind.session': 'server-side session',
  'kind.hybrid': 'hybrid (JWT + session table)',
  'kind.refresh': 'short access token + refresh token (refresh)',

  'guard.asking': 'Asking the server whether your session is still alive…',

  // The title is here because the frame names the page in the tab's title; the rest is in en-pages.ts.
  'forbidden.title': 'Teachers only',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at {path}.',
  'notFound.home': 'Back to the home page',

  'expired.title.here': 'Your session has expired',
  'expired.title.TOKEN_MISSING': 'The server received no session cookie',
  'expired.title.TOKEN_EXPIRED': 'The server says your session has expired',
  'expired.title.TOKEN_INVALID': 'The server refused your token',
  'expired.title.SESSION_REVOKED': 'The server ended your session',
  'expired.title.SESSION_EXPIRED': 'The server says your session has expired',
  'expired.title.SESSION_UNKNOWN': 'The server does not know your session',
  'expired.title.REFRESH_TOKEN_REUSED': 'Your refresh token was used twice',
  'expired.title.refreshFailed': 'Your session could not be renewed',
  'expired.title.otherTab.signed-out': 'You signed out in another tab',
  'expired.title.otherTab.ended': 'Your session ended in another tab',
  'expired.here':
    'The token\'s expiry time has passed, and this browser noticed it ({trigger}). The token was forgotten and was not sent to the server again.',
  'expired.here.cookie':
    'The session\'s expiry time has passed, and this browser noticed it ({trigger}). The page forgot the session and asked the server to end it as well (POST /api/auth/logout): the server clears the cookie, and revokes the session if it keeps a row for it.',
  'expired.server.TOKEN_MISSING':
    'The server refused the request ({code}): it arrived without the session cookie. A browser stops sending a cookie once it expires, and anyone can delete it in the developer tools; either way the server had nothing to check.',
  'expired.server.TOKEN_EXPIRED':
    'The server refused the token ({code}): by the server\'s clock its expiry time had passed. Whatever this browser believed, the server decides.',
  'expired.server.TOKEN_INVALID':
    'The server refused the token ({code}): it is not a token the server issued, or it was changed after the server signed it. This is not an expiry: the token was never valid in this form.',
  'expired.server.SESSION_REVOKED':
    'The server refused the session ({code}): it was ended on the server, by a teacher or by you signing out somewhere else. It did not expire.',
  'expired.server.SESSION_EXPIRED':
    'The server refused the session ({code}): it was idle for too long, or it reached the longest life the server allows.',
  'expired.server.SESSION_UNKNOWN':
    'The server refused the session ({code}): it has no record of it. A server that keeps its sessions in memory forgets them all when it restarts.',
  'expired.otherTab.signed-out': 'You signed out in another tab of this browser, so this tab forgot the session too.',
  'expired.otherTab.ended': 'The session ended in another tab of this browser, so this tab forgot the session too.',
  'expired.server.REFRESH_TOKEN_REUSED':
    'The server refused the session ({code}): a refresh token of this sign-in came back after it had already been replaced. Only a copy can do that, so the server ended the sign-in for whoever holds it, you and the copy alike.',
  'expired.refresh.TOKEN_MISSING':
    'This page tried to renew its short-lived access token silently, but the browser sent no refresh token ({code}): its cookie expired or was deleted.',
  'expired.refresh.TOKEN_EXPIRED':
    'The silent renewal of the access token was refused ({code}).',
  'expired.refresh.TOKEN_INVALID':
    'The silent renewal of the access token was refused ({code}): the server did not accept what it was sent.',
  'expired.refresh.SESSION_REVOKED':
    'This page tried to renew its short-lived access token silently, but the sign-in had been ended on the server ({code}): you signed out elsewhere, or a teacher ended it. The last access token kept working until it expired: nothing checks it against the session table.',
  'expired.refresh.SESSION_EXPIRED':
    'This page tried to renew its short-lived access token silently, but the sign-in itself had timed out ({code}): no refresh for too long, or it reached the longest life the server allows.',
  'expired.refresh.SESSION_UNKNOWN':
    'This page tried to renew its short-lived access token silently, but the server does not know this refresh token ({code}).',
  'expired.refresh.REFRESH_TOKEN_REUSED':
    'This page tried to renew its short-lived access token silently, but the server had seen this sign-in\'s refresh token come back after it was replaced ({code}): someone had a copy. The server ended the sign-in for everyone who holds it, you and the copy alike.',
  'expired.refresh.CSRF_REJECTED':
    'The silent renewal of the access token was refused ({code}): the request did not prove it came from this page.',
  'expired.signInAgain': 'Sign in again to continue where you were.',
  'expired.close': 'OK',

  'trigger.page-load': 'when the page loaded',
  'trigger.route-change': 'on a page change',
  'trigger.request': 'before sending a request',
  'trigger.server-response': 'in a server response',
  'trigger.timer': 'when its timer fired',
  'trigger.tab-visible': 'when this tab became visible',
  'trigger.other-tab': 'in another tab',
  'trigger.sign-in': 'at sign-in',
  'trigger.sign-out': 'at sign-out',
  'trigger.demo': 'in a classroom experiment',

  'panel.toggle': 'Inspector',
  'panel.label': 'Classroom panel',
  'panel.loading': 'Loading the classroom panel…',
  'panel.close': 'Close the panel',
  'panel.loadFailed': 'The classroom panel could not be downloaded: the server cannot be reached, or a new version has been published. Reloading fetches the current one.',

  'page.loading': 'Loading the page…',
  'page.loadFailed': 'This page could not be downloaded: the server cannot be reached, or a new version has been published. Reloading fetches the current one.',
  'page.reload': 'Reload',
} as const;

/** Every sentence's key: the first download's (above) and those of the pages loaded on demand (en-pages.ts). */
export type MessageKey = keyof typeof en | keyof typeof enPages;
export type Messages = Record<MessageKey, string>;
