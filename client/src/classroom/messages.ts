import { useCallback } from 'react';
import { fill, useLanguage } from '../i18n/I18nProvider';

/**
 * The classroom panel's sentences, in both languages. They travel in the panel's own lazy chunk rather than
 * in the app's main dictionaries, so a first visit does not download the text of a panel it has not opened.
 */
const en = {
  'inspector.title': 'Session inspector',
  'inspector.flag': 'The flag',
  'inspector.flag.on': 'authenticated',
  'inspector.flag.off': 'not authenticated',
  'inspector.storage': 'Token stored in',
  'inspector.countdown': 'Expiry (exp)',
  'inspector.countdown.none': 'no token',
  'inspector.countdown.left': 'in {seconds} s',
  'inspector.countdown.past': '{seconds} s ago',
  'inspector.clock': 'Browser clock',
  'inspector.clock.shifted': 'shifted by {offset}',
  'inspector.noToken': 'No token: the browser holds no session.',
  'inspector.tokenIntro': 'The token is three base64url parts joined by dots: header, payload and signature.',
  'inspector.tokenLabel': 'The raw token',
  'inspector.part.header': 'Header: which algorithm signed it.',
  'inspector.part.payload': 'Payload: the claims about the user and the session.',
  'inspector.part.signature': 'Signature: HMAC-SHA256 of the first two parts with the server\'s secret key.',
  'inspector.headerTable': 'Decoded header',
  'inspector.payloadTable': 'Decoded payload (claims)',
  'inspector.col.claim': 'Name',
  'inspector.col.value': 'Value',
  'inspector.col.meaning': 'What it means',
  'inspector.header.alg': 'The signing algorithm. The server accepts HS256 only, whatever this says.',
  'inspector.header.typ': 'The kind of token: a JWT.',
  'inspector.claim.sub': 'Subject: who the token is about (the username).',
  'inspector.claim.role': 'The role the server granted. The server trusts it only because the signature covers it.',
  'inspector.claim.iat': 'Issued at: when the server signed the token.',
  'inspector.claim.exp': 'Expires: from this second on, the server refuses the token.',
  'inspector.claim.iss': 'Issuer: who signed it. The server accepts only its own name here.',
  'inspector.claim.aud': 'Audience: who the token is meant for. The server accepts only this app.',
  'inspector.claim.jti': 'Token id: unique for every sign-in.',
  'inspector.claim.unknown': 'Not a claim this server issues.',
  'inspector.notEncrypted':
    'Anyone holding the token can read all of this: a JWT is signed, not encrypted. Never put a secret in it.',

  'timeline.title': 'Event timeline',
  'timeline.intro':
    'Every check, newest first (the last {count} are kept), at the real time. When the demo clock was moved, the time the check used is shown too.',
  'timeline.clear': 'Clear',
  'timeline.empty': 'No checks yet. Sign in, change page or load the notes.',
  'timeline.trigger.page-load': 'Page load',
  'timeline.trigger.route-change': 'Route change',
  'timeline.trigger.request': 'Request interceptor',
  'timeline.trigger.server-response': 'Server response',
  'timeline.trigger.timer': 'Timer',
  'timeline.trigger.tab-visible': 'Tab became visible',
  'timeline.trigger.other-tab': 'Another tab',
  'timeline.trigger.sign-in': 'Sign in',
  'timeline.trigger.sign-out': 'Sign out',
  'timeline.result.valid': 'valid here',
  'timeline.result.accepted': 'accepted by the server',
  'timeline.result.expired': 'expired here',
  'timeline.result.refused': 'refused by the server: {code}',
  'timeline.result.signedIn': 'session started',
  'timeline.result.signedOut': 'session ended',
  'timeline.result.unreadable': 'storage held no readable token: thrown away, signed out',
  'timeline.server': 'server checked: {check}',
  'timeline.check.valid': 'valid',
  'timeline.check.expired': 'expired',
  'timeline.check.invalid': 'invalid',
  'timeline.check.missing': 'no token',
  'timeline.browserClock': 'browser clock: {time}',

  'controls.title': 'Demo controls',
  'controls.signedOut': 'Sign in to use the token controls.',
  'controls.tamper': 'Tamper with the token',
  'controls.tamper.lesson':
    'Switches the role in the payload without re-signing. The page believes it; the next request is refused by the server, because the signature no longer matches.',
  'controls.forge': 'Forge a later expiry',
  'controls.forge.lesson':
    'Pushes exp one hour later in the browser\'s copy. Every client check now passes, yet the server refuses the token: its signature covers the real exp.',
  'controls.clock': 'Shift the browser clock',
  'controls.clock.back': '−5 min',
  'controls.clock.forward': '+5 min',
  'controls.clock.reset': 'Reset',
  'controls.clock.lesson':
    'Clock skew: the client\'s checks use this browser\'s time, so a wrong clock expires sessions early or keeps them too long. The server uses its own clock, which is one more reason it re-verifies.',
  'controls.expire': 'Expire now',
  'controls.expire.lesson':
    'Moves the browser clock just past exp. Nothing happens until a check runs: change page or load the notes and watch the timeline. The shift belongs to this session: the next sign-in starts on the real clock.',
  'controls.proactive': 'Proactive checks (timer at exp, tab becoming visible)',
  'controls.proactive.lesson':
    'With this on, a timer ends the session exactly at exp even if nobody touches the page. Route and request checks stay on either way: compare them.',
  'controls.tabs': 'Open a second tab',
  'controls.tabs.lesson':
    'Sign out or let the session expire in one tab and the other follows, through a BroadcastChannel. The storage event cannot do it: each tab has its own sessionStorage, and changes to it are not announced to other tabs.',

  'bar.close': 'Close the panel',
  'bar.exp': 'exp {countdown}',

  'clockBanner.label': 'Demo clock',
  'clockBanner.skew':
    'The browser clock is shifted by {offset} (clock skew). Client checks use this time; the server keeps its own. It stays across sign-ins until you reset it.',
  'clockBanner.expire':
    '"Expire now" moved the browser clock {offset}, just past this token\'s exp. It returns to the real time at the next sign-in.',
  'clockBanner.times': 'Browser time {browser} · real time {real}',
  'clockBanner.reset': 'Reset the clock',

  'story.title': 'The story, step by step',
  'story.now': 'just happened',
  'story.step.sign-in': 'Sign in',
  'story.step.sign-in.detail': 'The server checks the password and signs a short-lived JWT.',
  'story.step.token': 'Token and flag',
  'story.step.token.detail': 'The SPA keeps the token and raises the authenticated flag.',
  'story.step.checks': 'Client checks of exp',
  'story.step.route-check': 'Route check',
  'story.step.route-check.detail': 'on every page change and page load',
  'story.step.request-check': 'Request check',
  'story.step.request-check.detail': 'in the interceptor, before sending',
  'story.step.server': 'Server verifies',
  'story.step.server.detail': 'Signature and exp, on every request. The server decides.',
  'story.step.ended': 'Expired or 401',
  'story.step.ended.detail': 'exp has passed here, or the server refused the token.',
  'story.step.redirect': 'Redirect and popup',
  'story.step.redirect.detail': 'Flag down, token forgotten, /login with a popup saying why.',
  'story.step.return': 'Return',
  'story.step.return.detail': 'Sign in again and go back where you were.',
  'story.loop': 'then back to step 2',
  'story.status.none': 'Nothing has happened yet: sign in to start the story.',
  'story.status': 'Just happened: {steps} ({what}).',
  'story.status.signedOut': 'The user signed out: the story starts again at step 1.',
} as const;

export type ClassroomKey = keyof typeof en;

const es: Record<ClassroomKey, string> = {
  'inspector.title': 'Inspector de sesión',
  'inspector.flag': 'La bandera',
  'inspector.flag.on': 'autenticado',
  'inspector.flag.off': 'no autenticado',
  'inspector.storage': 'Token guardado en',
  'inspector.countdown': 'Expiración (exp)',
  'inspector.countdown.none': 'sin token',
  'inspector.countdown.left': 'dentro de {seconds} s',
  'inspector.countdown.past': 'hace {seconds} s',
  'inspector.clock': 'Reloj del navegador',
  'inspector.clock.shifted': 'desplazado {offset}',
  'inspector.noToken': 'Sin token: el navegador no tiene ninguna sesión.',
  'inspector.tokenIntro': 'El token son tres partes en base64url unidas por puntos: cabecera, carga útil y firma.',
  'inspector.tokenLabel': 'El token tal cual',
  'inspector.part.header': 'Cabecera: con qué algoritmo se firmó.',
  'inspector.part.payload': 'Carga útil (payload): los datos (claims) sobre el usuario y la sesión.',
  'inspector.part.signature': 'Firma: HMAC-SHA256 de las dos primeras partes con la clave secreta del servidor.',
  'inspector.headerTable': 'Cabecera decodificada',
  'inspector.payloadTable': 'Carga útil decodificada (claims)',
  'inspector.col.claim': 'Nombre',
  'inspector.col.value': 'Valor',
  'inspector.col.meaning': 'Qué significa',
  'inspector.header.alg': 'El algoritmo de firma. El servidor solo acepta HS256, diga lo que diga aquí.',
  'inspector.header.typ': 'El tipo de token: un JWT.',
  'inspector.claim.sub': 'Sujeto: de quién habla el token (el nombre de usuario).',
  'inspector.claim.role': 'El rol que concedió el servidor. Solo se fía de él porque la firma lo cubre.',
  'inspector.claim.iat': 'Emitido: cuándo firmó el servidor el token.',
  'inspector.claim.exp': 'Expiración: a partir de este segundo el servidor rechaza el token.',
  'inspector.claim.iss': 'Emisor: quién lo firmó. El servidor solo acepta su propio nombre.',
  'inspector.claim.aud': 'Audiencia: para quién es el token. El servidor solo acepta esta aplicación.',
  'inspector.claim.jti': 'Identificador del token: distinto en cada inicio de sesión.',
  'inspector.claim.unknown': 'No es un dato que emita este servidor.',
  'inspector.notEncrypted':
    'Quien tenga el token puede leer todo esto: un JWT está firmado, no cifrado. Nunca guardes un secreto en él.',

  'timeline.title': 'Línea de tiempo',
  'timeline.intro':
    'Cada comprobación, la más reciente primero (se guardan las últimas {count}), con la hora real. Si se movió el reloj de la demo, se muestra también la hora que usó la comprobación.',
  'timeline.clear': 'Vaciar',
  'timeline.empty': 'Aún no hay comprobaciones. Inicia sesión, cambia de página o carga las notas.',
  'timeline.trigger.page-load': 'Carga de la página',
  'timeline.trigger.route-change': 'Cambio de ruta',
  'timeline.trigger.request': 'Interceptor de petición',
  'timeline.trigger.server-response': 'Respuesta del servidor',
  'timeline.trigger.timer': 'Temporizador',
  'timeline.trigger.tab-visible': 'La pestaña volvió a verse',
  'timeline.trigger.other-tab': 'Otra pestaña',
  'timeline.trigger.sign-in': 'Inicio de sesión',
  'timeline.trigger.sign-out': 'Cierre de sesión',
  'timeline.result.valid': 'válido aquí',
  'timeline.result.accepted': 'aceptado por el servidor',
  'timeline.result.expired': 'expirado aquí',
  'timeline.result.refused': 'rechazado por el servidor: {code}',
  'timeline.result.signedIn': 'sesión iniciada',
  'timeline.result.signedOut': 'sesión terminada',
  'timeline.result.unreadable': 'el almacenamiento no tenía un token legible: se descartó y no hay sesión',
  'timeline.server': 'el servidor comprobó: {check}',
  'timeline.check.valid': 'válido',
  'timeline.check.expired': 'expirado',
  'timeline.check.invalid': 'no válido',
  'timeline.check.missing': 'sin token',
  'timeline.browserClock': 'reloj del navegador: {time}',

  'controls.title': 'Controles de la demo',
  'controls.signedOut': 'Inicia sesión para usar los controles del token.',
  'controls.tamper': 'Manipular el token',
  'controls.tamper.lesson':
    'Cambia el rol en la carga útil sin volver a firmar. La página se lo cree; la siguiente petición la rechaza el servidor, porque la firma ya no coincide.',
  'controls.forge': 'Falsificar una expiración posterior',
  'controls.forge.lesson':
    'Retrasa exp una hora en la copia del navegador. Todas las comprobaciones del cliente pasan, pero el servidor rechaza el token: su firma cubre el exp real.',
  'controls.clock': 'Mover el reloj del navegador',
  'controls.clock.back': '−5 min',
  'controls.clock.forward': '+5 min',
  'controls.clock.reset': 'Restablecer',
  'controls.clock.lesson':
    'Desfase de reloj: las comprobaciones del cliente usan la hora de este navegador, así que un reloj mal puesto hace expirar sesiones antes de tiempo o las alarga. El servidor usa su propio reloj: otra razón para que vuelva a verificar.',
  'controls.expire': 'Hacer expirar ahora',
  'controls.expire.lesson':
    'Adelanta el reloj del navegador justo después de exp. No pasa nada hasta que se hace una comprobación: cambia de página o carga las notas y mira la línea de tiempo. El desplazamiento es de esta sesión: el próximo inicio de sesión empieza con el reloj real.',
  'controls.proactive': 'Comprobaciones proactivas (temporizador en exp, pestaña que vuelve a verse)',
  'controls.proactive.lesson':
    'Con esto activado, un temporizador termina la sesión justo en exp aunque nadie toque la página. Las comprobaciones de ruta y de petición siguen activas en ambos casos: compáralas.',
  'controls.tabs': 'Abrir una segunda pestaña',
  'controls.tabs.lesson':
    'Cierra sesión o deja expirar la sesión en una pestaña y la otra la sigue, mediante un BroadcastChannel. El evento storage no sirve: cada pestaña tiene su propio sessionStorage y sus cambios no se anuncian a las demás pestañas.',

  'bar.close': 'Cerrar el panel',
  'bar.exp': 'exp {countdown}',

  'clockBanner.label': 'Reloj de la demo',
  'clockBanner.skew':
    'El reloj del navegador está desplazado {offset} (desfase de reloj). Las comprobaciones del cliente usan esta hora; el servidor usa la suya. Se mantiene al volver a iniciar sesión, hasta que lo restablezcas.',
  'clockBanner.expire':
    '«Hacer expirar ahora» movió el reloj del navegador {offset}, justo después del exp de este token. Vuelve a la hora real en el próximo inicio de sesión.',
  'clockBanner.times': 'Hora del navegador {browser} · hora real {real}',
  'clockBanner.reset': 'Restablecer el reloj',

  'story.title': 'La historia, paso a paso',
  'story.now': 'acaba de pasar',
  'story.step.sign-in': 'Inicio de sesión',
  'story.step.sign-in.detail': 'El servidor comprueba la contraseña y firma un JWT de vida corta.',
  'story.step.token': 'Token y bandera',
  'story.step.token.detail': 'La SPA guarda el token y levanta la bandera de autenticado.',
  'story.step.checks': 'Comprobaciones de exp en el cliente',
  'story.step.route-check': 'Comprobación de ruta',
  'story.step.route-check.detail': 'en cada cambio de página y al cargar la página',
  'story.step.request-check': 'Comprobación de petición',
  'story.step.request-check.detail': 'en el interceptor, antes de enviar',
  'story.step.server': 'El servidor verifica',
  'story.step.server.detail': 'Firma y exp, en cada petición. Decide el servidor.',
  'story.step.ended': 'Expirado o 401',
  'story.step.ended.detail': 'exp ya pasó aquí, o el servidor rechazó el token.',
  'story.step.redirect': 'Redirección y aviso',
  'story.step.redirect.detail': 'Bandera bajada, token olvidado, /login con un aviso que explica por qué.',
  'story.step.return': 'Regreso',
  'story.step.return.detail': 'Vuelve a iniciar sesión y regresa a donde estabas.',
  'story.loop': 'y de vuelta al paso 2',
  'story.status.none': 'Aún no ha pasado nada: inicia sesión para empezar la historia.',
  'story.status': 'Acaba de pasar: {steps} ({what}).',
  'story.status.signedOut': 'El usuario cerró la sesión: la historia vuelve a empezar en el paso 1.',
};

export const classroomMessages = { en, es };

export type ClassroomTranslate = (key: ClassroomKey, values?: Record<string, string | number>) => string;

/** Like `useT()`, for the classroom panel's own keys. */
export function useClassroomT(): ClassroomTranslate {
  const { language } = useLanguage();
  return useCallback((key, values) => fill(classroomMessages[language][key], values), [language]);
}
