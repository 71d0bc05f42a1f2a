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
          'Four kinds of session use a JWT: the token in the browser, the JWT in a cookie, the hybrid, and the ' +
          'refresh kind for its access token. Paste such a token into any base64url decoder (the Inspector shows ' +
          "the token in the browser and the access token; the browser's developer tools show the cookie's value): " +
          'the middle part is plain JSON with your username, role and expiry. The signature only proves that the ' +
          'server wrote it and that nobody has changed it since. Never put a secret in a token. (The refresh ' +
          "kind's refresh token is not a JWT but a random value, like the id of a server-side session: there is " +
          'nothing in it to read.)',
      },
      es: {
        title: 'Un token está firmado, no cifrado',
        body:
          'Cuatro tipos de sesión usan un JWT: el token en el navegador, el JWT en una cookie, la híbrida y el tipo ' +
          'refresh para su token de acceso. Pega uno de esos tokens en cualquier decodificador de base64url (el ' +
          'Inspector muestra el token en el navegador y el token de acceso; las herramientas de desarrollo del ' +
          'navegador muestran el valor de la cookie): la parte central es JSON legible, con tu usuario, tu rol y la ' +
          'expiración. La firma solo demuestra que lo escribió el servidor y que nadie lo ha modificado desde ' +
          'entonces. Nunca guardes un secreto dentro de un token. (El token de refresco del tipo refresh no es un ' +
          'JWT, sino un valor aleatorio, como el identificador de una sesión en el servidor: no hay nada que leer en él.)',
      },
    },
  },
  {
    id: 'server-checks-every-request',
    audience: 'everyone',
    text: {
      en: {
        title: 'The server checks your session on every request',
        body:
          'The app checks the expiry it knows to spare you a pointless request, but the server decides, whatever ' +
          'the kind of session. For a JWT, the first time the server sees a token it verifies the signature, ' +
          'issuer, audience and expiry; when the very same token comes back, it remembers that it was genuine and ' +
          'checks only the expiry again. A token with even one character changed is a different token: it is ' +
          'verified from scratch and refused with 401 TOKEN_INVALID. To see it, sign in with the token in the ' +
          'browser, use the Inspector\'s "Tamper with the token" control and load the notes again. (Editing the ' +
          'token in sessionStorage does nothing until you reload the page: the app reads sessionStorage only when ' +
          'the page loads and keeps its own copy in memory.) A server-side session has no signature: the server ' +
          'looks up its row of the session table on every request instead, and the hybrid does both. The refresh ' +
          "kind's access token is checked like the token in the browser, by its signature alone; its row of the " +
          'table is read only when the page refreshes the token.',
      },
      es: {
        title: 'El servidor comprueba tu sesión en cada petición',
        body:
          'La aplicación comprueba la expiración que conoce para ahorrarte una petición inútil, pero quien decide es ' +
          'el servidor, sea cual sea el tipo de sesión. Con un JWT, la primera vez que el servidor ve un token ' +
          'verifica la firma, el emisor, la audiencia y la expiración; cuando le llega exactamente el mismo token, ' +
          'recuerda que era auténtico y solo vuelve a comprobar la expiración. Un token con un solo carácter distinto ' +
          'es otro token: se verifica desde cero y se rechaza con 401 TOKEN_INVALID. Para verlo, inicia sesión con ' +
          'el token en el navegador, usa el control «Manipular el token» del Inspector y vuelve a cargar las notas. ' +
          '(Editar el token en sessionStorage no cambia nada hasta que recargas la página: la aplicación solo lee ' +
          'sessionStorage al cargarse y guarda su propia copia en memoria.) Una sesión en el servidor no tiene ' +
          'firma: el servidor consulta su fila de la tabla de sesiones en cada petición, y la híbrida hace las dos cosas. ' +
          'El token de acceso del tipo refresh se comprueba como el token en el navegador, solo con su firma; su fila ' +
          'de la tabla solo se lee cuando la página refresca el token.',
      },
    },
  },
  {
    id: 'no-revocation',
    audience: 'everyone',
    text: {
      en: {
        title: 'Signing out revokes only what the server keeps',
        body:
          'For a token in the browser or a JWT in a cookie the server keeps no record, so it cannot cancel a token ' +
          'it has issued: signing out only makes your browser forget it (or drop the cookie), and a copy taken ' +
          'earlier keeps working until it expires. That is why these tokens live for minutes (an hour at most), ' +
          'not days. A server-side session and the hybrid have a row in the session table: signing out revokes ' +
          'it, and a copy of the cookie is refused at once with 401 SESSION_REVOKED. The refresh kind lies in ' +
          'between: signing out revokes its row, so no copy of its refresh token can get a new access token (401 ' +
          'SESSION_REVOKED), but an access token already handed out keeps working until its expiry, which is why ' +
          'it is kept short.',
      },
      es: {
        title: 'Cerrar la sesión solo revoca lo que el servidor guarda',
        body:
          'Con un token en el navegador o un JWT en una cookie, el servidor no guarda ningún registro, así que no ' +
          'puede anular un token que ya emitió: cerrar la sesión solo hace que tu navegador lo olvide (o descarte la ' +
          'cookie), y una copia hecha antes sigue funcionando hasta su expiración. Por eso estos tokens duran minutos ' +
          '(una hora como máximo), no días. Una sesión en el servidor y la híbrida tienen una fila en la tabla de ' +
          'sesiones: cerrar la sesión la revoca, y una copia de la cookie se rechaza al momento con 401 ' +
          'SESSION_REVOKED. El tipo refresh queda en medio: cerrar la sesión revoca su fila, así que ninguna copia de ' +
          'su token de refresco consigue ya un token de acceso nuevo (401 SESSION_REVOKED), pero un token de acceso ' +
          'ya entregado sigue funcionando hasta su expiración; por eso dura tan poco.',
      },
    },
  },
  {
    id: 'where-the-token-lives',
    audience: 'everyone',
    text: {
      en: {
        title: 'Where the credential lives decides who can read it',
        body:
          'A token in the browser lives in sessionStorage: it survives a reload but not closing the tab, and every ' +
          'script running on the page can read it. The Content-Security-Policy header lets only our own script ' +
          'files run, so markup injected into the page cannot run a script of its own to read the token. The ' +
          'three cookie kinds keep their credential in an httpOnly cookie that no script can read; but the browser ' +
          'then sends it by itself, even with requests another page makes it send, so every request that changes ' +
          'something must also carry a CSRF token, or it is refused with 403 CSRF_REJECTED. The refresh kind ' +
          "splits its credential in two: the short-lived access token lives only in the page's memory (a reload " +
          'asks for a new one) and travels in the Authorization header like the token in the browser; the refresh ' +
          'token sits in an httpOnly cookie that the browser sends to /api/auth/refresh alone, and that route ' +
          'wants the CSRF token too.',
      },
      es: {
        title: 'Dónde vive la credencial decide quién puede leerla',
        body:
          'Un token en el navegador vive en sessionStorage: sobrevive a una recarga, pero no a cerrar la pestaña, y ' +
          'cualquier script que se ejecute en la página puede leerlo. La cabecera Content-Security-Policy solo deja ' +
          'ejecutar nuestros propios archivos de script, así que un código HTML inyectado en la página no puede ' +
          'ejecutar un script propio para leer el token. Los tres tipos con cookie guardan su credencial en una ' +
          'cookie httpOnly que ningún script puede leer; pero entonces el navegador la envía por su cuenta, incluso ' +
          'en peticiones que otra página le hace enviar, así que cada petición que cambia algo debe llevar además un ' +
          'token CSRF, o se rechaza con 403 CSRF_REJECTED. El tipo refresh divide su credencial en dos: el token de ' +
          'acceso, de vida corta, vive solo en la memoria de la página (al recargarla, pide uno nuevo) y viaja en la ' +
          'cabecera Authorization, como el token en el navegador; el token de refresco está en una cookie httpOnly ' +
          'que el navegador envía solo a /api/auth/refresh, y esa ruta también exige el token CSRF.',
      },
    },
  },
  {
    id: 'session-table',
    audience: 'everyone',
    text: {
      en: {
        title: 'A server-side session is only a random id',
        body:
          'With a server-side session the cookie holds nothing but a random id of 256 bits. Everything else is a ' +
          'row of the session table, which stores a SHA-256 hash of that id, never the id itself, so a leaked ' +
          'table cannot be turned back into cookies. The price is a lookup of the table on every request (with ' +
          'SQLite or Redis often answered from the server\'s own short cache of rows it has just read, which every ' +
          'sign-out or forced logout through this server empties before it is answered); the Server-Timing header of every answer says what the ' +
          'server did.',
      },
      es: {
        title: 'Una sesión en el servidor es solo un identificador aleatorio',
        body:
          'Con una sesión en el servidor, la cookie solo contiene un identificador aleatorio de 256 bits. Todo lo ' +
          'demás es una fila de la tabla de sesiones, que guarda un hash SHA-256 de ese identificador y nunca el ' +
          'identificador en sí, así que una tabla filtrada no se puede convertir de nuevo en cookies. El precio es ' +
          'una consulta de la tabla en cada petición (con SQLite o Redis, muchas veces resuelta en la breve caché ' +
          'de filas recién leídas del propio servidor, que todo cierre de sesión o cierre forzado hecho en este ' +
          'servidor vacía antes de responder); la ' +
          'cabecera Server-Timing de cada respuesta dice qué hizo el servidor.',
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
          'You see this note because the server found the role "teacher" in your session: in the signed token ' +
          'for the JWT kinds, in your user record for a server-side session. A student who edits the role claim ' +
          'in their token breaks its signature and gets 401 TOKEN_INVALID instead of this note.',
      },
      es: {
        title: 'Docentes: el servidor es quien aplica los roles',
        body:
          'Ves esta nota porque el servidor encontró el rol "teacher" en tu sesión: en el token firmado para los ' +
          'tipos con JWT, en tu registro de usuario para una sesión en el servidor. Un estudiante que edite el rol ' +
          'dentro de su token rompe la firma y recibe 401 TOKEN_INVALID en lugar de esta nota.',
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
          'Ask the class to sign in with the shortest session length, open the notes, and wait until the session ' +
          'has expired. Nothing happens by itself: the session ends at the next page change or request, when the ' +
          'app checks the expiry (and a server that sees an expired token answers 401 TOKEN_EXPIRED; an expired ' +
          'server-side session, 401 SESSION_EXPIRED). Then ask who decided, the browser or the server, and how ' +
          "they could tell from the Inspector's timeline. With the Inspector's proactive checks switched on, a " +
          'timer ends the session at the moment of expiry instead. With the refresh kind neither ends the session: ' +
          'the page silently gets a new access token, and the sign-in ends only when its refresh token is refused.',
      },
      es: {
        title: 'Docentes: un ejercicio de cinco minutos sobre la expiración',
        body:
          'Pide a la clase que inicie sesión con la duración de sesión más corta, abra las notas y espere a que la ' +
          'sesión expire. No pasa nada por sí solo: la sesión termina en el siguiente cambio de página o en la ' +
          'siguiente petición, cuando la aplicación comprueba la expiración (y un servidor que recibe un token ' +
          'expirado responde 401 TOKEN_EXPIRED; una sesión en el servidor expirada, 401 SESSION_EXPIRED). Después ' +
          'pregunta quién lo decidió, el navegador o el servidor, y cómo lo supieron mirando la línea de tiempo del ' +
          'Inspector. Si se activan las comprobaciones proactivas del Inspector, un temporizador termina la sesión ' +
          'justo en el momento de la expiración. Con el tipo refresh, ninguna de las dos cosas termina la sesión: la ' +
          'página consigue en silencio un token de acceso nuevo, y la sesión solo termina cuando se rechaza su token ' +
          'de refresco.',
      },
    },
  },
  {
    id: 'forced-logout',
    audience: 'teacher',
    text: {
      en: {
        title: 'Teachers: you can end any session the server keeps',
        body:
          'The Teacher page lists every live row of the session table. Revoking one ends that device\'s session: ' +
          'its next request is refused with 401 SESSION_REVOKED, and its popup says the server ended it. A refresh ' +
          'sign-in is listed too, but its access token works on until its expiry: its next refresh is the request ' +
          'that is refused. A session with the token in the browser or the JWT in a cookie is not on the list and ' +
          'cannot be ended there: the server keeps nothing about it.',
      },
      es: {
        title: 'Docentes: se puede terminar cualquier sesión que guarde el servidor',
        body:
          'La página del docente muestra cada fila viva de la tabla de sesiones. Revocar una termina la sesión de ' +
          'ese dispositivo: su siguiente petición se rechaza con 401 SESSION_REVOKED, y su aviso dice que la terminó ' +
          'el servidor. Un inicio de sesión refresh también aparece, pero su token de acceso sigue sirviendo hasta su ' +
          'expiración: la petición rechazada es su siguiente refresco. Una sesión con el token en el navegador o con ' +
          'el JWT en una cookie no aparece en la lista ni se puede terminar ahí: el servidor no guarda nada sobre ella.',
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
