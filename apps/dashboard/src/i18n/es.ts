import type { Messages } from './en.js';

/** Todos los textos en español del panel y de las páginas de conexión. Mismas claves que `en.ts`. */
export const es: Messages = {
  locale: 'es',
  appName: 'Inbox Hub',
  skipToContent: 'Saltar al contenido',

  loginTitle: 'Iniciar sesión',
  loginIntro: 'Inicia sesión para gestionar las sesiones de WhatsApp de esta cuenta.',
  loginUser: 'Usuario',
  loginPassword: 'Contraseña',
  loginSubmit: 'Entrar',
  loginFailed: 'Usuario o contraseña incorrectos.',
  loginLocked: 'Demasiados intentos fallidos. Espera {seconds} s y vuelve a intentarlo.',
  loginFormExpired: 'El formulario ha caducado. Vuelve a iniciar sesión.',
  signedInAs: 'Sesión iniciada como {user}',
  logout: 'Cerrar sesión',

  dashboardTitle: 'Sesiones de WhatsApp',
  liveConnecting: 'Conectando con las actualizaciones en directo…',
  liveOn: 'En directo: los cambios aparecen sin recargar.',
  liveLost: 'Actualizaciones en directo interrumpidas. Reconectando…',
  summary: '{total} sesiones · {connected} conectadas · {pending} esperando escaneo',
  loading: 'Cargando sesiones…',
  empty: 'Todavía no hay sesiones. Crea la primera con el formulario.',
  noMatch: 'Ninguna sesión coincide con estos filtros.',
  filtersTitle: 'Filtrar sesiones',
  filterStatus: 'Estado',
  filterAll: 'Todos',
  search: 'Buscar',
  searchHint: 'Nombre, ID de sesión o teléfono',
  applyFilters: 'Aplicar',

  status_pending: 'Esperando escaneo',
  status_connected: 'Conectada',
  status_disconnected: 'Desconectada',
  status_error: 'Código caducado',
  status_unknown: 'Estado desconocido',

  fieldSessionId: 'ID de sesión',
  fieldPhone: 'Teléfono',
  fieldLastActivity: 'Última actividad',
  noPhone: 'Sin indicar',
  never: 'Nunca',

  qrAlt: 'Código QR para vincular WhatsApp a la sesión {name}. Escanéalo con el teléfono.',
  qrExpiresIn: 'Caduca en {seconds} s',
  qrRefreshing: 'Obteniendo un código nuevo…',
  qrWaiting: 'Ahora no hay código QR. Reconecta para obtener uno.',
  qrAttemptOver: 'Nadie escaneó los códigos a tiempo. Reconecta para obtener otros.',

  reconnect: 'Reconectar',
  reconnectLabel: 'Reconectar {name}',
  disconnect: 'Desconectar',
  disconnectLabel: 'Desconectar {name}',
  customerLink: 'Enlace para el cliente',
  customerLinkLabel: 'Crear un enlace para el cliente de {name}',

  createTitle: 'Nueva sesión',
  createIntro: 'Crea la sesión y muestra su QR al momento.',
  createSessionIdHint: 'Letras, dígitos, "_" y "-", por ejemplo cliente_001.',
  createName: 'Nombre',
  createNameHint: 'Lo que ven los operadores, por ejemplo WhatsApp Empresa ABC.',
  createPhoneHint: 'Opcional. Dígitos con el prefijo del país, sin "+" ni espacios, por ejemplo 34612345678.',
  createDescription: 'Descripción',
  createDescriptionHint: 'Opcional, hasta 500 caracteres.',
  createSubmit: 'Crear y mostrar QR',
  optional: 'opcional',

  invalidSessionId: 'Usa de 1 a 100 letras, dígitos, "_" o "-", por ejemplo cliente_001.',
  invalidName: 'Escribe un nombre de 1 a 100 caracteres.',
  invalidPhone:
    'Usa de 8 a 15 dígitos con el prefijo del país delante, sin "+", espacios ni guiones, por ejemplo 34612345678.',
  invalidDescription: 'Usa como mucho 500 caracteres.',
  formHasErrors: 'El formulario tiene errores. Corrige los campos marcados.',

  noticeCreated: 'Sesión {sessionId} creada. Su QR aparece en la lista.',
  noticeReconnected: 'La sesión {sessionId} se está reconectando. Escanea su nuevo QR.',
  noticeDisconnected: 'Sesión {sessionId} desconectada.',

  errorSessionExists: 'Ya existe una sesión con este ID.',
  errorPhoneInUse: 'Otra sesión ya usa este número de teléfono.',
  errorNotFound: 'Esa sesión ya no existe.',
  errorRejected: 'Inbox Hub rechazó los datos. Revisa los campos y vuelve a intentarlo.',
  errorRateLimited:
    'Inbox Hub está recibiendo demasiadas peticiones. Espera un minuto y vuelve a intentarlo.',
  errorUnreachable:
    'No se puede contactar con Inbox Hub ahora. La lista muestra el último estado conocido; se reintenta sola.',
  errorAuth:
    'Inbox Hub rechazó la clave de API de este panel. Pide al administrador que revise INBOX_HUB_API_KEY.',
  errorServer: 'Inbox Hub tuvo un problema. Vuelve a intentarlo en un momento.',
  errorCsrf: 'Este formulario ha caducado o no viene de este panel. Recarga la página y vuelve a intentarlo.',
  errorAlreadyConnected: 'Esta sesión ya está conectada; no necesita enlace.',
  errorSignInFirst: 'Inicia sesión primero.',
  errorCrossOrigin: 'Esta petición venía de otro sitio y se rechazó.',
  errorTooLarge: 'La petición es demasiado grande.',
  errorLinkUnusable: 'Este enlace no se puede usar.',

  confirmTitle: '¿Desconectar {name}?',
  confirmText:
    'El teléfono {phone} se desvinculará de esta sesión. Para volver a usarlo habrá que escanear un QR nuevo.',
  confirmSubmit: 'Sí, desconectar',
  cancel: 'Cancelar',

  linkTitle: 'Enlace para el cliente de {name}',
  linkIntro:
    'Envía este enlace al cliente. Muestra solo el QR de esta sesión, lo renueva solo y avisa cuando el teléfono queda conectado.',
  linkLabel: 'Enlace',
  linkCopy: 'Copiar enlace',
  linkCopied: 'Enlace copiado.',
  linkExpires: 'Válido hasta el {date} (UTC), o hasta que el teléfono se conecte.',
  linkWarning:
    'Cualquiera con este enlace puede conectar un teléfono a esta sesión hasta que caduque o se use. Envíalo solo al cliente.',
  backToSessions: 'Volver a las sesiones',

  connectTitle: 'Conecta tu WhatsApp',
  connectFor: 'Sesión: {name}',
  connectStepsTitle: 'Cómo conectarlo',
  connectStep1: 'Abre WhatsApp en tu teléfono.',
  connectStep2: 'Toca Configuración (iPhone) o el menú ⋮ (Android) y luego Dispositivos vinculados.',
  connectStep3: 'Toca Vincular un dispositivo.',
  connectStep4: 'Apunta la cámara del teléfono al código de esta página.',
  connectRefreshNote:
    'El código cambia más o menos cada minuto. Esta página muestra el nuevo sola: déjala abierta.',
  connectedTitle: 'Conectado',
  connectedText: 'Tu WhatsApp está conectado. Ya puedes cerrar esta página.',
  connectAttemptOver: 'Los códigos caducaron antes de que se escaneara ninguno.',
  connectNewCode: 'Obtener un código nuevo',
  connectUnavailable: 'Ahora no se puede mostrar el código. Esta página lo sigue intentando.',
  connectLiveLost: 'Conexión con la página interrumpida. Reconectando…',

  linkInvalidTitle: 'Este enlace no es válido',
  linkInvalidText: 'Comprueba que copiaste el enlace completo o pide uno nuevo a quien te lo envió.',
  linkExpiredTitle: 'Este enlace ha caducado',
  linkExpiredText: 'Pide un enlace nuevo a quien te lo envió.',
  linkSpentTitle: 'Este enlace ya se usó',
  linkSpentText: 'El teléfono ya se conectó con él. Si hay que conectarlo otra vez, pide un enlace nuevo.',

  notFoundTitle: 'Página no encontrada',
  notFoundText: 'No hay nada en esta dirección.',

  clientAnnounceStatus: '{name}: {status}',
  clientCopyFailed: 'No se pudo copiar. Selecciona el enlace y cópialo a mano.',
};
