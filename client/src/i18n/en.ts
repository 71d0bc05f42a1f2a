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
    'You are already signed in as {username}. Signing in again replaces that session: this tab forgets its current token and keeps the new one.',
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

  'dashboard.title': 'Dashboard',
  'dashboard.intro': 'This page is protected: the route guard only shows it while the flag says you are signed in.',
  'dashboard.user': 'User',
  'dashboard.role': 'Role',
  'dashboard.expiresAt': 'Session ends at',
  'dashboard.timeLeft': 'Time left',
  'dashboard.expiredButFlag':
    'The token has expired, but the flag still says "authenticated": nothing has checked yet. Change page or load data to see a check catch it.',
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
  'expired.title.TOKEN_EXPIRED': 'The server says your session has expired',
  'expired.title.TOKEN_INVALID': 'The server refused your token',
  'expired.title.SESSION_REVOKED': 'The server ended your session',
  'expired.title.SESSION_EXPIRED': 'The server says your session has expired',
  'expired.title.SESSION_UNKNOWN': 'The server does not know your session',
  'expired.title.otherTab.signed-out': 'You signed out in another tab',
  'expired.title.otherTab.ended': 'Your session ended in another tab',
  'expired.here':
    'The token\'s expiry time has passed, and this browser noticed it ({trigger}). The token was forgotten and was not sent to the server again.',
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

  'panel.toggle': 'Inspector',
  'panel.label': 'Classroom panel',
  'panel.loading': 'Loading the classroom panel…',

} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
