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
  'inspector.clock.shifted': 'shifted by {minutes} min',
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
  'timeline.intro': 'Every check, newest first (the last {count} are kept).',
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
    'Moves the browser clock just past exp. Nothing happens until a check runs: change page or load the notes and watch the timeline.',
  'controls.proactive': 'Proactive checks (timer at exp, tab becoming visible)',
  'controls.proactive.lesson':
    'With this on, a timer ends the session exactly at exp even if nobody touches the page. Route and request checks stay on either way: compare them.',
  'controls.tabs': 'Open a second tab',
  'controls.tabs.lesson':
    'Sign out or let the session expire in one tab and the other follows, through a BroadcastChannel. The storage event cannot do it: each tab has its own sessionStorage, and changes to it are not announced to other tabs.',
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
  'inspector.clock.shifted': 'desplazado {minutes} min',
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
  'timeline.intro': 'Cada comprobación, la más reciente primero (se guardan las últimas {count}).',
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

  'controls.title': 'Controles de la demo',
  'controls.signedOut': 'Inicia sesión para usar los controles del token.',
  'controls.tamper': 'Manipular el token',
  'controls.tamper.lesson':
    'Cambia el rol en la carga útil sin volver a firmar. La página se lo cree; la siguiente petición la rechaza el servidor, porque la firma ya no coincide.',
  'controls.forge': 'Falsificar una expiración más tarde',
  'controls.forge.lesson':
    'Retrasa exp una hora en la copia del navegador. Todas las comprobaciones del cliente pasan, pero el servidor rechaza el token: su firma cubre el exp real.',
  'controls.clock': 'Mover el reloj del navegador',
  'controls.clock.back': '−5 min',
  'controls.clock.forward': '+5 min',
  'controls.clock.reset': 'Restablecer',
  'controls.clock.lesson':
    'Desfase de reloj: las comprobaciones del cliente usan la hora de este navegador, así que un reloj mal puesto hace expirar sesiones antes de tiempo o las alarga. El servidor usa su propio reloj: otra razón para que vuelva a verificar.',
  'controls.expire': 'Expirar ahora',
  'controls.expire.lesson':
    'Adelanta el reloj del navegador justo después de exp. No pasa nada hasta que se hace una comprobación: cambia de página o carga las notas y mira la línea de tiempo.',
  'controls.proactive': 'Comprobaciones proactivas (temporizador en exp, pestaña que vuelve a verse)',
  'controls.proactive.lesson':
    'Con esto activado, un temporizador termina la sesión justo en exp aunque nadie toque la página. Las comprobaciones de ruta y de petición siguen activas en ambos casos: compáralas.',
  'controls.tabs': 'Abrir una segunda pestaña',
  'controls.tabs.lesson':
    'Cierra sesión o deja expirar la sesión en una pestaña y la otra la sigue, mediante un BroadcastChannel. El evento storage no sirve: cada pestaña tiene su propio sessionStorage y sus cambios no se anuncian a las demás pestañas.',
};

export const classroomMessages = { en, es };

export type ClassroomTranslate = (key: ClassroomKey, values?: Record<string, string | number>) => string;

/** Like `useT()`, for the classroom panel's own keys. */
export function useClassroomT(): ClassroomTranslate {
  const { language } = useLanguage();
  return useCallback((key, values) => fill(classroomMessages[language][key], values), [language]);
}
