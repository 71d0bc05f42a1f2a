/**
 * Every sentence the SPA shows, in English. The Spanish file mirrors these keys; TypeScript refuses a
 * translation that misses one. `{name}` placeholders are filled in by `t()`.
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
    'On the sign-in page you can also choose a kind of session: the token can live in the page, or in an httpOnly cookie the page cannot read, with or without a row in the server\'s session table. The flag and the checks work the same for all four; the Inspector shows where each keeps its credential.',
  'home.start': 'To start, sign in as student (password student123) or teacher (password teacher123) and choose a short session length.',
  'home.cta': 'Go to sign in',
  'home.ctaSignedIn': 'Open your dashboard',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.ttl': 'Session length',
  'login.ttl.default': 'Server default',
  'login.ttl.seconds': '{count} seconds',
  'login.ttl.minute': '1 minute',
  'login.ttl.minutes': '{count} minutes',
  'login.ttlHint': 'Pick a short one to watch the session expire during the class.',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.returnTo': 'After signing in you will go back to {path}.',
  'login.replaces':
    'You are already signed in as {username}. Signing in again replaces that session: this tab forgets it and keeps the new one.',
  'login.error.usernameRequired': 'Enter a username.',
  'login.error.passwordRequired': 'Enter the password.',
  'login.error.usernameTooLong': 'A username has at most {max} characters.',
  'login.error.passwordTooLong': 'A password has at most {max} characters.',
  'login.error.credentials': 'Wrong username or password.',
  'login.error.network': 'The server cannot be reached. Check that it is running and try again.',
  'login.error.throttled': 'Too many failed attempts for this account from this computer.',
  'login.error.throttledNoTime': 'Too many failed attempts. Wait a moment and try again.',
  'login.error.busy': 'The server is busy checking other sign-ins.',
  'login.error.busyNoTime': 'The server is busy checking other sign-ins. Wait a moment and try again.',
  'login.error.invalid': 'The server did not accept this form. Check the fields and try again.',
  'login.error.tooLarge': 'What was typed is longer than the server accepts.',
  'login.error.unknown': 'Signing in failed. Try again.',
  'login.wait.seconds': 'You can try again in {seconds} s.',
  'login.wait.over': 'You can try again now.',

  'kind.bearer': 'token in the browser (bearer)',
  'kind.cookie-jwt': 'JWT in an httpOnly cookie',
  'kind.session': 'server-side session',
  'kind.hybrid': 'hybrid (JWT + session table)',
  'kind.refresh': 'short access token + refresh token (refresh)',

  'login.kind': 'Kind of session',
  'login.kind.bearer.where':
    'The server hands this page a signed token; the page keeps it in sessionStorage and sends it in a header. Page scripts can read it.',
  'login.kind.cookie-jwt.where':
    'The same signed token, in an httpOnly cookie the browser sends by itself. Page scripts cannot read it, and nothing can revoke it before it expires.',
  'login.kind.session.where':
    'A random id in an httpOnly cookie; the session itself is a row of the server\'s session table, read on every request.',
  'login.kind.hybrid.where':
    'A signed token in an httpOnly cookie whose id must also be a live row of the session table: signature first, then the row.',
  'login.kind.refresh.where':
    'A short-lived access token this page holds in memory and sends in a header, plus a refresh token in an httpOnly cookie sent only to the refresh route. When the access token expires, the page gets a new one silently; each refresh replaces the refresh token, and an old one coming back signs out everyone who holds it.',

  'guard.asking': 'Asking the server whether your session is still alive…',

  'sessions.title': 'My sessions',
  'sessions.intro':
    'Every browser or device where you are signed in with a server-side, hybrid or refresh session is a row of the session table. End one and that device is refused on its next request (a refresh session at its next refresh, within a minute or so).',
  'sessions.jwtKind': 'You are signed in with a {kind}. This session is not in the list, and cannot be.',
  'sessions.jwtKind.why':
    'A JWT carries everything the server needs and is checked by its signature alone, so the server keeps no record of it: there is nothing to list and nothing to end. It stays valid until it expires. Rows below, if any, come from your other sign-ins with a table kind.',
  'sessions.loading': 'Loading your sessions…',
  'sessions.none': 'The session table has no live session of yours.',
  'sessions.caption': 'Your live sessions',
  'sessions.col.device': 'Device',
  'sessions.col.kind': 'Kind',
  'sessions.col.created': 'Signed in',
  'sessions.col.lastSeen': 'Last seen',
  'sessions.col.ip': 'IP',
  'sessions.col.actions': 'Actions',
  'sessions.thisOne': 'this one',
  'sessions.endOne': 'End',
  'sessions.endOne.named': 'End the session of {device} from {time}',
  'sessions.endThis': 'End this session (sign out)',
  'sessions.endOthers': 'End all other sessions',
  'sessions.endOthers.hint': 'Signs you out everywhere else: the server revokes every row of yours except this one.',
  'sessions.ended': 'Session ended: the server revoked it.',
  'sessions.endedOthers': 'The server revoked {count} other session(s).',
  'sessions.error.network': 'The server cannot be reached. You are still signed in.',
  'sessions.error.forbidden': 'The server refused: your role may not do this (FORBIDDEN).',
  'sessions.error.csrf':
    'The server refused the request (CSRF_REJECTED): it did not come with this session\'s CSRF token. Sign in again to get a new one.',
  'sessions.error.notFound': 'That session had already ended (SESSION_NOT_FOUND).',
  'sessions.error.server': 'The server failed ({code}). You are still signed in.',

  'admin.title': 'Teacher: every session',
  'admin.intro':
    'Every live row of the session table, whoever it belongs to. Ending one signs that device out; the popup its user sees says the server ended the session.',
  'admin.jwtNotHere':
    'Sessions of the JWT kinds (token in the browser, JWT in a cookie) are not here: the server keeps no record of them, so it cannot list them or end them.',
  'admin.refresh': 'Refresh now',
  'admin.loading': 'Loading the session table…',
  'admin.refreshedAt': 'Refreshed at {time}; refreshes every {seconds} s.',
  'admin.none': 'No live sessions in the table.',
  'admin.caption': 'Live sessions ({count})',
  'admin.col.user': 'User',
  'admin.revoke': 'Revoke',
  'admin.revoke.named': 'Revoke the session of {username} from {time}',
  'admin.revoked': 'Revoked: {username} is refused on their next request.',
  'admin.users': 'Sign a user out everywhere',
  'admin.users.hint': 'Revokes every live row of that user at once (a forced logout). Their JWT-only sessions are out of reach.',
  'admin.signOutEverywhere': 'Sign {username} out everywhere',
  'admin.reuse.title': 'Refresh tokens used twice',
  'admin.reuse.intro':
    'Each row is a refresh sign-in whose refresh token came back after it had been replaced: someone held a copy. The server ended that sign-in on its own, for the thief and the owner alike.',
  'admin.reuse.none': 'No reuse detected.',
  'admin.reuse.failed': 'The list of reuse incidents could not be loaded.',
  'admin.reuse.caption': 'Sign-ins ended by reuse detection ({count})',
  'admin.reuse.col.detected': 'Reuse detected',
  'admin.signedOutEverywhere': 'The server revoked {count} session(s) of {username}.',

  'forbidden.title': 'Teachers only',
  'forbidden.body': 'The page "{page}" is for the {role} role. You are signed in, but your role is different.',
  'forbidden.server':
    'Hiding the page is only a courtesy of this page: the server checks the role on every request and refuses yours anyway. Try it:',
  'forbidden.askAnyway': 'Ask the server anyway',
  'forbidden.answered': 'The server answered 403 {code}: your session is valid, but your role may not do this.',

  'dashboard.title': 'Dashboard',
  'dashboard.intro': 'This page is protected: the route guard only shows it while the flag says you are signed in.',
  'dashboard.user': 'User',
  'dashboard.role': 'Role',
  'dashboard.kind': 'Kind of session',
  'dashboard.expiresAt': 'Session ends at',
  'dashboard.timeLeft': 'Time left',
  'dashboard.expiredButFlag':
    'The session has expired, but the flag still says "authenticated": nothing has checked yet. Change page or load data to see a check catch it.',
  'dashboard.seconds': '{count} s',

  'notes.title': 'Notes',
  'notes.intro':
    'These notes come from GET /api/notes. Each load sends the token; the server checks it before answering (a token it has already verified is recognised byte for byte until it expires) and picks the notes by the role inside it.',
  'notes.refresh': 'Ask for the notes again',
  'notes.loading': 'Loading notes…',
  'notes.empty': 'No notes.',
  'notes.teacherOnly': 'Teachers only',
  'notes.error.network': 'The notes could not be loaded: the server cannot be reached. You are still signed in.',
  'notes.error.server': 'The notes could not be loaded: the server failed ({code}). You are still signed in.',
  'notes.loadedAt': 'Loaded at {time}',

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
  'expired.otherTab.signed-out': 'You signed out in another tab of this browser, so this tab forgot its token too.',
  'expired.otherTab.ended': 'The session ended in another tab of this browser, so this tab forgot its token too.',
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

} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
