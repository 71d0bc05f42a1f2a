import type { Messages } from './en';

/**
 * Las mismas frases en español, para la clase de la que sale esta demo. El tipo `Messages` obliga a que
 * estén todas las claves de en.ts: si falta una traducción, TypeScript no compila.
 */
export const es: Messages = {
  'app.title': 'Session Lab',
  'app.documentTitle': '{page} · Session Lab',
  'app.skipToContent': 'Saltar al contenido',

  'nav.label': 'Principal',
  'nav.home': 'Inicio',
  'nav.dashboard': 'Tablero',
  'nav.notes': 'Notas',
  'nav.sessions': 'Mis sesiones',
  'nav.admin': 'Docente',
  'nav.signIn': 'Iniciar sesión',
  'nav.signOut': 'Cerrar sesión',
  'nav.signedInAs': 'Sesión de {username}',

  'home.title': 'Mira cómo nace y muere una sesión del lado del cliente',
  'home.intro':
    'Al iniciar sesión, el servidor entrega a esta página un token firmado que expira en poco tiempo. Desde ese momento la página guarda una bandera que dice "autenticado" y comprueba la expiración del token en cada cambio de ruta y antes de cada petición.',
  'home.point.expiry':
    'Cuando una de esas comprobaciones encuentra el token expirado, o el servidor lo rechaza, la página cambia la bandera, olvida el token, te lleva a la página de inicio de sesión y te explica por qué. Al volver a iniciar sesión, regresas a donde estabas.',
  'home.point.server':
    'Las comprobaciones de la página solo son una comodidad. El servidor comprueba el token en cada petición protegida, y su respuesta es la que cuenta.',
  'home.point.kinds':
    'En la página de inicio de sesión también puedes elegir un tipo de sesión: el token puede vivir en la página, o en una cookie httpOnly que la página no puede leer, con o sin una fila en la tabla de sesiones del servidor. La bandera y las comprobaciones funcionan igual en los cuatro; el Inspector muestra dónde guarda cada uno su credencial.',
  'home.start':
    'Para empezar, entra como student (contraseña student123) o teacher (contraseña teacher123) y elige una duración de sesión corta.',
  'home.cta': 'Ir a iniciar sesión',
  'home.ctaSignedIn': 'Abrir tu tablero',

  'login.title': 'Iniciar sesión',
  'login.username': 'Usuario',
  'login.password': 'Contraseña',
  'login.ttl': 'Duración de la sesión',
  'login.ttl.default': 'La del servidor',
  'login.ttl.seconds': '{count} segundos',
  'login.ttl.minute': '1 minuto',
  'login.ttl.minutes': '{count} minutos',
  'login.ttlHint': 'Elige una corta para ver expirar la sesión durante la clase.',
  'login.submit': 'Iniciar sesión',
  'login.submitting': 'Iniciando sesión…',
  'login.returnTo': 'Después de iniciar sesión volverás a {path}.',
  'login.replaces':
    'Ya tienes una sesión iniciada como {username}. Si vuelves a iniciar sesión, la sustituyes: esta pestaña la olvida y se queda con la nueva.',
  'login.error.usernameRequired': 'Escribe un nombre de usuario.',
  'login.error.passwordRequired': 'Escribe la contraseña.',
  'login.error.usernameTooLong': 'Un nombre de usuario tiene como máximo {max} caracteres.',
  'login.error.passwordTooLong': 'Una contraseña tiene como máximo {max} caracteres.',
  'login.error.credentials': 'Usuario o contraseña incorrectos.',
  'login.error.network': 'No se puede contactar con el servidor. Comprueba que está en marcha y vuelve a intentarlo.',
  'login.error.throttled': 'Demasiados intentos fallidos para esta cuenta desde este ordenador.',
  'login.error.throttledNoTime': 'Demasiados intentos fallidos. Espera un momento y vuelve a intentarlo.',
  'login.error.busy': 'El servidor está ocupado comprobando otros inicios de sesión.',
  'login.error.busyNoTime': 'El servidor está ocupado comprobando otros inicios de sesión. Espera un momento y vuelve a intentarlo.',
  'login.error.invalid': 'El servidor no aceptó el formulario. Revisa los campos y vuelve a intentarlo.',
  'login.error.tooLarge': 'Lo escrito es más largo de lo que acepta el servidor.',
  'login.error.unknown': 'No se pudo iniciar sesión. Vuelve a intentarlo.',
  'login.wait.seconds': 'Podrás volver a intentarlo dentro de {seconds} s.',
  'login.wait.over': 'Ya puedes volver a intentarlo.',

  'kind.bearer': 'token en el navegador (bearer)',
  'kind.cookie-jwt': 'JWT en una cookie httpOnly',
  'kind.session': 'sesión en el servidor',
  'kind.hybrid': 'híbrida (JWT + tabla de sesiones)',
  'kind.refresh': 'token de acceso corto + token de refresco (refresh)',

  'login.kind': 'Tipo de sesión',
  'login.kind.bearer.where':
    'El servidor entrega a esta página un token firmado; la página lo guarda en sessionStorage y lo envía en una cabecera. Los scripts de la página pueden leerlo.',
  'login.kind.cookie-jwt.where':
    'El mismo token firmado, en una cookie httpOnly que el navegador envía solo. Los scripts de la página no pueden leerlo, y nada puede revocarlo antes de que expire.',
  'login.kind.session.where':
    'Un identificador aleatorio en una cookie httpOnly; la sesión en sí es una fila de la tabla de sesiones del servidor, que se consulta en cada petición.',
  'login.kind.hybrid.where':
    'Un token firmado en una cookie httpOnly cuyo identificador también debe ser una fila viva de la tabla de sesiones: primero la firma, luego la fila.',
  'login.kind.refresh.where':
    'Un token de acceso de vida corta que esta página guarda en memoria y envía en una cabecera, más un token de refresco en una cookie httpOnly que solo va a la ruta de refresco. Cuando el token de acceso expira, la página consigue otro sin que lo notes; cada refresco sustituye el token de refresco, y si vuelve uno viejo se cierra la sesión de todos los que lo tienen.',

  'guard.asking': 'Preguntando al servidor si tu sesión sigue viva…',

  'sessions.title': 'Mis sesiones',
  'sessions.intro':
    'Cada navegador o dispositivo en el que iniciaste una sesión en el servidor, híbrida o refresh es una fila de la tabla de sesiones. Si terminas una, ese dispositivo recibe un rechazo en su próxima petición (una sesión refresh, en su próximo refresco, en un minuto o así).',
  'sessions.jwtKind': 'Iniciaste sesión con un {kind}. Esta sesión no aparece en la lista, ni puede aparecer.',
  'sessions.jwtKind.why':
    'Un JWT lleva todo lo que el servidor necesita y se comprueba solo con su firma, así que el servidor no guarda nada de él: no hay nada que listar ni que terminar. Sigue siendo válido hasta que expire. Las filas de abajo, si las hay, son de tus otros inicios de sesión con un tipo que usa la tabla.',
  'sessions.loading': 'Cargando tus sesiones…',
  'sessions.none': 'La tabla de sesiones no tiene ninguna sesión viva tuya.',
  'sessions.caption': 'Tus sesiones vivas',
  'sessions.col.device': 'Dispositivo',
  'sessions.col.kind': 'Tipo',
  'sessions.col.created': 'Inicio',
  'sessions.col.lastSeen': 'Última actividad',
  'sessions.col.ip': 'IP',
  'sessions.col.actions': 'Acciones',
  'sessions.thisOne': 'esta',
  'sessions.endOne': 'Terminar',
  'sessions.endOne.named': 'Terminar la sesión de {device} de las {time}',
  'sessions.endThis': 'Terminar esta sesión (cerrar sesión)',
  'sessions.endOthers': 'Terminar todas las demás sesiones',
  'sessions.endOthers.hint': 'Cierra tu sesión en todos los demás sitios: el servidor revoca todas tus filas menos esta.',
  'sessions.ended': 'Sesión terminada: el servidor la revocó.',
  'sessions.endedOthers': 'El servidor revocó {count} sesión(es) más.',
  'sessions.error.network': 'No se puede contactar con el servidor. Tu sesión sigue abierta.',
  'sessions.error.forbidden': 'El servidor se negó: tu rol no puede hacer esto (FORBIDDEN).',
  'sessions.error.csrf':
    'El servidor rechazó la petición (CSRF_REJECTED): no traía el token CSRF de esta sesión. Vuelve a iniciar sesión para obtener uno nuevo.',
  'sessions.error.notFound': 'Esa sesión ya había terminado (SESSION_NOT_FOUND).',
  'sessions.error.server': 'El servidor falló ({code}). Tu sesión sigue abierta.',

  'admin.title': 'Docente: todas las sesiones',
  'admin.intro':
    'Cada fila viva de la tabla de sesiones, sea de quien sea. Si terminas una, ese dispositivo pierde la sesión; el aviso que ve su usuario dice que la terminó el servidor.',
  'admin.jwtNotHere':
    'Las sesiones de tipo JWT (token en el navegador, JWT en una cookie) no están aquí: el servidor no guarda nada de ellas, así que no puede listarlas ni terminarlas.',
  'admin.refresh': 'Actualizar ahora',
  'admin.loading': 'Cargando la tabla de sesiones…',
  'admin.refreshedAt': 'Actualizado a las {time}; se actualiza cada {seconds} s.',
  'admin.none': 'No hay sesiones vivas en la tabla.',
  'admin.caption': 'Sesiones vivas ({count})',
  'admin.col.user': 'Usuario',
  'admin.revoke': 'Revocar',
  'admin.revoke.named': 'Revocar la sesión de {username} de las {time}',
  'admin.revoked': 'Revocada: {username} recibirá un rechazo en su próxima petición.',
  'admin.users': 'Cerrar la sesión de un usuario en todas partes',
  'admin.users.hint': 'Revoca a la vez todas las filas vivas de ese usuario (cierre de sesión forzado). Sus sesiones solo con JWT quedan fuera de su alcance.',
  'admin.signOutEverywhere': 'Cerrar la sesión de {username} en todas partes',
  'admin.reuse.title': 'Tokens de refresco usados dos veces',
  'admin.reuse.intro':
    'Cada fila es un inicio de sesión refresh cuyo token de refresco volvió después de haber sido sustituido: alguien tenía una copia. El servidor terminó ese inicio de sesión por su cuenta, para el ladrón y para su dueño por igual.',
  'admin.reuse.none': 'No se ha detectado ninguna reutilización.',
  'admin.reuse.failed': 'No se pudo cargar la lista de reutilizaciones.',
  'admin.reuse.caption': 'Inicios de sesión terminados por detección de reutilización ({count})',
  'admin.reuse.col.detected': 'Reutilización detectada',
  'admin.signedOutEverywhere': 'El servidor revocó {count} sesión(es) de {username}.',

  'forbidden.title': 'Solo para docentes',
  'forbidden.body': 'La página «{page}» es para el rol {role}. Tienes una sesión abierta, pero tu rol es otro.',
  'forbidden.server':
    'Ocultar la página es solo una cortesía de esta página: el servidor comprueba el rol en cada petición y rechaza el tuyo de todos modos. Pruébalo:',
  'forbidden.askAnyway': 'Preguntar al servidor de todos modos',
  'forbidden.answered': 'El servidor respondió 403 {code}: tu sesión es válida, pero tu rol no puede hacer esto.',

  'dashboard.title': 'Tablero',
  'dashboard.intro': 'Esta página está protegida: la protección de rutas solo la muestra mientras la bandera diga que has iniciado sesión.',
  'dashboard.user': 'Usuario',
  'dashboard.role': 'Rol',
  'dashboard.kind': 'Tipo de sesión',
  'dashboard.expiresAt': 'La sesión termina a las',
  'dashboard.timeLeft': 'Tiempo restante',
  'dashboard.expiredButFlag':
    'La sesión ya expiró, pero la bandera sigue diciendo "autenticado": todavía no se ha hecho ninguna comprobación. Cambia de página o carga datos para ver cómo una comprobación lo detecta.',
  'dashboard.seconds': '{count} s',

  'notes.title': 'Notas',
  'notes.intro':
    'Estas notas vienen de GET /api/notes. Cada carga envía el token; el servidor lo comprueba antes de responder (un token que ya verificó lo reconoce byte a byte hasta que expira) y elige las notas según el rol que contiene.',
  'notes.refresh': 'Volver a pedir las notas',
  'notes.loading': 'Cargando notas…',
  'notes.empty': 'No hay notas.',
  'notes.teacherOnly': 'Solo docentes',
  'notes.error.network': 'No se pudieron cargar las notas: no se puede contactar con el servidor. Tu sesión sigue abierta.',
  'notes.error.server': 'No se pudieron cargar las notas: el servidor falló ({code}). Tu sesión sigue abierta.',
  'notes.loadedAt': 'Cargadas a las {time}',

  'notFound.title': 'Página no encontrada',
  'notFound.body': 'No hay ninguna página en {path}.',
  'notFound.home': 'Volver al inicio',

  'expired.title.here': 'Tu sesión ha expirado',
  'expired.title.TOKEN_MISSING': 'Al servidor no le llegó la cookie de sesión',
  'expired.title.TOKEN_EXPIRED': 'El servidor dice que tu sesión ha expirado',
  'expired.title.TOKEN_INVALID': 'El servidor rechazó tu token',
  'expired.title.SESSION_REVOKED': 'El servidor terminó tu sesión',
  'expired.title.SESSION_EXPIRED': 'El servidor dice que tu sesión ha expirado',
  'expired.title.SESSION_UNKNOWN': 'El servidor no conoce tu sesión',
  'expired.title.REFRESH_TOKEN_REUSED': 'Tu token de refresco se usó dos veces',
  'expired.title.refreshFailed': 'No se pudo renovar tu sesión',
  'expired.title.otherTab.signed-out': 'Cerraste sesión en otra pestaña',
  'expired.title.otherTab.ended': 'Tu sesión terminó en otra pestaña',
  'expired.here':
    'La fecha de expiración del token ya pasó y este navegador lo detectó ({trigger}). El token se olvidó y no se volvió a enviar al servidor.',
  'expired.server.TOKEN_MISSING':
    'El servidor rechazó la petición ({code}): llegó sin la cookie de sesión. Un navegador deja de enviar una cookie cuando caduca, y cualquiera puede borrarla en las herramientas de desarrollo; en los dos casos el servidor no tenía nada que comprobar.',
  'expired.server.TOKEN_EXPIRED':
    'El servidor rechazó el token ({code}): según el reloj del servidor, su fecha de expiración ya había pasado. Crea lo que crea este navegador, decide el servidor.',
  'expired.server.TOKEN_INVALID':
    'El servidor rechazó el token ({code}): no es un token emitido por el servidor, o se modificó después de que el servidor lo firmara. No es una expiración: el token nunca fue válido en esta forma.',
  'expired.server.SESSION_REVOKED':
    'El servidor rechazó la sesión ({code}): se terminó en el servidor, porque la cerró un docente o la cerraste tú en otro sitio. No expiró.',
  'expired.server.SESSION_EXPIRED':
    'El servidor rechazó la sesión ({code}): estuvo inactiva demasiado tiempo o llegó a la duración máxima que permite el servidor.',
  'expired.server.SESSION_UNKNOWN':
    'El servidor rechazó la sesión ({code}): no tiene constancia de ella. Un servidor que guarda las sesiones en memoria las olvida todas al reiniciarse.',
  'expired.server.REFRESH_TOKEN_REUSED':
    'El servidor rechazó la sesión ({code}): un token de refresco de este inicio de sesión volvió después de haber sido sustituido. Eso solo puede hacerlo una copia, así que el servidor terminó el inicio de sesión para quien lo tenga, tú y la copia por igual.',
  'expired.refresh.TOKEN_MISSING':
    'Esta página intentó renovar sin avisarte su token de acceso de vida corta, pero el navegador no envió ningún token de refresco ({code}): su cookie caducó o se borró.',
  'expired.refresh.TOKEN_EXPIRED':
    'El servidor rechazó la renovación silenciosa del token de acceso ({code}).',
  'expired.refresh.TOKEN_INVALID':
    'El servidor rechazó la renovación silenciosa del token de acceso ({code}): no aceptó lo que se le envió.',
  'expired.refresh.SESSION_REVOKED':
    'Esta página intentó renovar sin avisarte su token de acceso de vida corta, pero el inicio de sesión se había terminado en el servidor ({code}): cerraste sesión en otro sitio o la terminó un docente. El último token de acceso siguió sirviendo hasta expirar: nada lo comprueba contra la tabla de sesiones.',
  'expired.refresh.SESSION_EXPIRED':
    'Esta página intentó renovar sin avisarte su token de acceso de vida corta, pero el propio inicio de sesión había caducado ({code}): demasiado tiempo sin refrescar, o llegó a la duración máxima que permite el servidor.',
  'expired.refresh.SESSION_UNKNOWN':
    'Esta página intentó renovar sin avisarte su token de acceso de vida corta, pero el servidor no conoce este token de refresco ({code}).',
  'expired.refresh.REFRESH_TOKEN_REUSED':
    'Esta página intentó renovar sin avisarte su token de acceso de vida corta, pero el servidor había visto volver el token de refresco de este inicio de sesión después de sustituirlo ({code}): alguien tenía una copia. El servidor terminó el inicio de sesión para todos los que lo tienen, tú y la copia por igual.',
  'expired.refresh.CSRF_REJECTED':
    'El servidor rechazó la renovación silenciosa del token de acceso ({code}): la petición no demostró venir de esta página.',
  'expired.otherTab.signed-out': 'Cerraste sesión en otra pestaña de este navegador, así que esta pestaña también olvidó su token.',
  'expired.otherTab.ended': 'La sesión terminó en otra pestaña de este navegador, así que esta pestaña también olvidó su token.',
  'expired.signInAgain': 'Vuelve a iniciar sesión para seguir donde estabas.',
  'expired.close': 'Aceptar',

  'trigger.page-load': 'al cargar la página',
  'trigger.route-change': 'al cambiar de página',
  'trigger.request': 'antes de enviar una petición',
  'trigger.server-response': 'en una respuesta del servidor',
  'trigger.timer': 'cuando saltó su temporizador',
  'trigger.tab-visible': 'cuando esta pestaña volvió a verse',
  'trigger.other-tab': 'en otra pestaña',
  'trigger.sign-in': 'al iniciar sesión',
  'trigger.demo': 'en un experimento de clase',
  'trigger.sign-out': 'al cerrar sesión',

  'panel.toggle': 'Inspector',
  'panel.label': 'Panel de clase',
  'panel.loading': 'Cargando el panel de clase…',

};
