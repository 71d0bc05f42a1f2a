/**
 * The class notes GET /api/notes serves, in every language the SPA offers.
 *
 * Students read these sentences as facts about the app in front of them, so each one must be true of this
 * code, word for word. Every claim that can be checked has a test in server/test/notes.test.ts ("the claims
 * the notes make"); when you change what the app does, change the note, and the other way round.
 */
import type { Note, NoteLanguage } from '@session-lab/shared';

type Text = Record<NoteLanguage, { title: string; body: string }>;

interface NoteSource {
  id: string;
  audience: Note['audience'];
  text: Text;
}

const SOURCES: readonly NoteSource[] = [
  {
    id: 'signed-not-encrypted',
    audience: 'everyone',
    text: {
      en: {
        title: 'A token is signed, not encrypted',
        body:
          'Paste your token into any base64url decoder: the middle part is plain JSON with your username, role and ' +
          'expiry. The signature only proves that the server wrote it and that nobody has changed it since. Never ' +
          'put a secret in a token.',
      },
      es: {
        title: 'Un token está firmado, no cifrado',
        body:
          'Pega tu token en cualquier decodificador de base64url: la parte central es JSON legible, con tu usuario, ' +
          'tu rol y la expiración. La firma solo demuestra que lo escribió el servidor y que nadie lo ha modificado ' +
          'desde entonces. Nunca guardes un secreto dentro de un token.',
      },
    },
  },
  {
    id: 'server-checks-every-request',
    audience: 'everyone',
    text: {
      en: {
        title: 'The server checks the token on every request',
        body:
          "The app checks your token's expiry to spare you a pointless request, but the server decides. The first " +
          'time it sees a token, it verifies the signature, issuer, audience and expiry; when the very same token ' +
          'comes back, it remembers that it was genuine and checks only the expiry again. A token with even one ' +
          'character changed is a different token: it is verified from scratch and refused with 401 TOKEN_INVALID. ' +
          'To see it, use the Inspector\'s "Tamper with the token" control and load the notes again. Editing the token in ' +
          'sessionStorage does nothing until you reload the page, because the app reads sessionStorage only when ' +
          'the page loads and keeps its own copy in memory.',
      },
      es: {
        title: 'El servidor comprueba el token en cada petición',
        body:
          'La aplicación comprueba la expiración de tu token para ahorrarte una petición inútil, pero quien decide ' +
          'es el servidor. La primera vez que ve un token, verifica la firma, el emisor, la audiencia y la ' +
          'expiración; cuando le llega exactamente el mismo token, recuerda que era auténtico y solo vuelve a ' +
          'comprobar la expiración. Un token con un solo carácter distinto es otro token: se verifica desde cero y ' +
          'se rechaza con 401 TOKEN_INVALID. Para verlo, usa el control «Manipular el token» del Inspector y vuelve a ' +
          'cargar las notas. Editar el token en sessionStorage no cambia nada hasta que recargas la página, porque la ' +
          'aplicación solo lee sessionStorage al cargarse y guarda su propia copia en memoria.',
      },
    },
  },
  {
    id: 'no-revocation',
    audience: 'everyone',
    text: {
      en: {
        title: 'Signing out does not revoke a token',
        body:
          'The server keeps no list of sessions, so it cannot cancel a token it has issued. Signing out only makes ' +
          'your browser forget it; a copy taken earlier keeps working until it expires. That is why these tokens ' +
          'live for minutes (an hour at most), not days.',
      },
      es: {
        title: 'Cerrar la sesión no revoca el token',
        body:
          'El servidor no guarda ninguna lista de sesiones, así que no puede anular un token que ya emitió. Cerrar ' +
          'la sesión solo hace que tu navegador lo olvide; una copia hecha antes sigue funcionando hasta su ' +
          'expiración. Por eso estos tokens duran minutos (una hora como máximo), no días.',
      },
    },
  },
  {
    id: 'where-the-token-lives',
    audience: 'everyone',
    text: {
      en: {
        title: 'Any script on the page can read the token',
        body:
          'sessionStorage survives a reload but not closing the tab, and every script running on the page can read ' +
          "it. The Content-Security-Policy header lets only our own script files run, so markup injected into the " +
          'page cannot run a script of its own to read the token.',
      },
      es: {
        title: 'Cualquier script de la página puede leer el token',
        body:
          'sessionStorage sobrevive a una recarga, pero no a cerrar la pestaña, y cualquier script que se ejecute en ' +
          'la página puede leerlo. La cabecera Content-Security-Policy solo deja ejecutar nuestros propios archivos ' +
          'de script, así que un código HTML inyectado en la página no puede ejecutar un script propio para leer el ' +
          'token.',
      },
    },
  },
  {
    id: 'roles-on-the-server',
    audience: 'teacher',
    text: {
      en: {
        title: 'Teachers: roles are enforced by the server',
        body:
          'You see this note because the server read role "teacher" from your verified token. A student who edits ' +
          'the role claim in their token breaks its signature and gets 401 TOKEN_INVALID instead of this note.',
      },
      es: {
        title: 'Docentes: el servidor es quien aplica los roles',
        body:
          'Ves esta nota porque el servidor leyó el rol "teacher" en tu token verificado. Un estudiante que edite el ' +
          'rol dentro de su token rompe la firma y recibe 401 TOKEN_INVALID en lugar de esta nota.',
      },
    },
  },
  {
    id: 'exercise-expiry',
    audience: 'teacher',
    text: {
      en: {
        title: 'Teachers: a five-minute exercise on expiry',
        body:
          'Ask the class to sign in with the shortest session length, open the notes, and wait until the token has ' +
          'expired. Nothing happens by itself: the session ends at the next page change or request, when the app ' +
          'checks the expiry (and a server that sees an expired token answers 401 TOKEN_EXPIRED). Then ask who ' +
          'decided, the browser or the server, and how they could tell from the Inspector\'s timeline. With the ' +
          "Inspector's proactive checks switched on, a timer ends the session at the moment of expiry instead.",
      },
      es: {
        title: 'Docentes: un ejercicio de cinco minutos sobre la expiración',
        body:
          'Pide a la clase que inicie sesión con la duración de sesión más corta, abra las notas y espere a que el ' +
          'token expire. No pasa nada por sí solo: la sesión termina en el siguiente cambio de página o en la ' +
          'siguiente petición, cuando la aplicación comprueba la expiración (y un servidor que recibe un token ' +
          'expirado responde 401 TOKEN_EXPIRED). Después pregunta quién lo decidió, el navegador o el servidor, y ' +
          'cómo lo supieron mirando la línea de tiempo del Inspector. Si se activan las comprobaciones proactivas ' +
          'del Inspector, un temporizador termina la sesión justo en el momento de la expiración.',
      },
    },
  },
  {
    id: 'the-key-is-everything',
    audience: 'teacher',
    text: {
      en: {
        title: 'Teachers: whoever has the key can be anyone',
        body:
          'Anyone holding a single token can guess signing keys offline, without ever touching the server. With the ' +
          'key they could sign a token for any user and role. That is why this server refuses a short or repetitive ' +
          'JWT_SECRET at start-up.',
      },
      es: {
        title: 'Docentes: quien tiene la clave puede ser cualquiera',
        body:
          'Cualquiera que tenga un solo token puede probar claves de firma sin conexión, sin tocar nunca el ' +
          'servidor. Con la clave podría firmar un token para cualquier usuario y rol. Por eso este servidor se niega ' +
          'a arrancar con un JWT_SECRET corto o repetitivo.',
      },
    },
  },
];

/** The notes in `language`, built once: every request of that language receives the same frozen objects. */
export const NOTES: Readonly<Record<NoteLanguage, readonly Note[]>> = {
  en: SOURCES.map(({ id, audience, text }) => Object.freeze({ id, audience, ...text.en })),
  es: SOURCES.map(({ id, audience, text }) => Object.freeze({ id, audience, ...text.es })),
};
