import type { ErrorCode } from '../core/errors.ts';

/**
 * The title and detail of every error this API can answer (`shared/core/errors.ts` lists the
 * codes and their statuses), in Spanish (the default) and English. Clients key on `code`; the
 * portal uses the same codes. `{name}` placeholders are filled from the error's parameters.
 */
export const errorCatalog = {
  VALIDATION_FAILED: {
    es: {
      title: 'Datos inválidos',
      detail: 'Uno o más campos no cumplen las reglas. Revise la lista de errores.',
    },
    en: { title: 'Invalid data', detail: 'One or more fields break the rules. See the list of errors.' },
  },
  MALFORMED_JSON: {
    es: { title: 'Cuerpo no válido', detail: 'El cuerpo de la solicitud no es un JSON válido.' },
    en: { title: 'Invalid body', detail: 'The request body is not valid JSON.' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    es: { title: 'Tipo de contenido no soportado', detail: 'Envíe el cuerpo como application/json.' },
    en: { title: 'Unsupported content type', detail: 'Send the body as application/json.' },
  },
  PAYLOAD_TOO_LARGE: {
    es: { title: 'Solicitud demasiado grande', detail: 'El cuerpo supera el máximo de {limit} bytes.' },
    en: { title: 'Request too large', detail: 'The body exceeds the maximum of {limit} bytes.' },
  },
  UNAUTHENTICATED: {
    es: { title: 'No autenticado', detail: 'Inicie sesión para continuar.' },
    en: { title: 'Not authenticated', detail: 'Log in to continue.' },
  },
  FORBIDDEN: {
    es: { title: 'Acceso denegado', detail: 'No tiene permiso para realizar esta acción.' },
    en: { title: 'Access denied', detail: 'You are not allowed to perform this action.' },
  },
  NOT_FOUND: {
    es: { title: 'No encontrado', detail: 'El recurso solicitado no existe.' },
    en: { title: 'Not found', detail: 'The requested resource does not exist.' },
  },
  COMPANY_NOT_FOUND: {
    es: { title: 'Empresa no encontrada', detail: 'No existe una empresa con el código {companyCode}.' },
    en: { title: 'Company not found', detail: 'There is no company with code {companyCode}.' },
  },
  COMPANY_EXISTS: {
    es: { title: 'Empresa ya registrada', detail: 'Ya existe una empresa con el código {companyCode}.' },
    en: { title: 'Company already registered', detail: 'A company with code {companyCode} already exists.' },
  },
  DUPLICATE_ACCOUNT: {
    es: { title: 'Cuenta repetida', detail: 'La cuenta {account} aparece más de una vez.' },
    en: { title: 'Duplicate account', detail: 'Account {account} appears more than once.' },
  },
  ACCOUNT_NOT_FOUND: {
    es: { title: 'Cuenta no encontrada', detail: 'La empresa no tiene la cuenta {account}.' },
    en: { title: 'Account not found', detail: 'The company has no account {account}.' },
  },
  ACCOUNT_EXISTS: {
    es: { title: 'Cuenta ya registrada', detail: 'La empresa ya tiene la cuenta {account}.' },
    en: { title: 'Account already registered', detail: 'The company already has account {account}.' },
  },
  TOO_MANY_ACCOUNTS: {
    es: { title: 'Demasiadas cuentas', detail: 'Una empresa tiene como máximo {limit} cuentas.' },
    en: { title: 'Too many accounts', detail: 'A company has at most {limit} accounts.' },
  },
  LAST_ACCOUNT: {
    es: { title: 'Última cuenta', detail: 'La empresa debe conservar al menos una cuenta.' },
    en: { title: 'Last account', detail: 'The company must keep at least one account.' },
  },
  CHANGE_TOO_LARGE: {
    es: {
      title: 'Cambio demasiado grande',
      detail:
        'La cuenta está asignada a demasiados usuarios para quitarla en un solo cambio ({users}). Quítela primero de algunos usuarios.',
    },
    en: {
      title: 'Change too large',
      detail:
        'The account is granted to too many users to remove it in one change ({users}). Remove it from some users first.',
    },
  },
  NOTHING_TO_CHANGE: {
    es: { title: 'Nada que cambiar', detail: 'Indique al menos un dato que cambiar.' },
    en: { title: 'Nothing to change', detail: 'Give at least one field to change.' },
  },
  COMPANY_SUSPENDED: {
    es: {
      title: 'Empresa suspendida',
      detail: 'El banco suspendió el acceso de su empresa. Comuníquese con su ejecutivo.',
    },
    en: {
      title: 'Company suspended',
      detail: "The bank suspended your company's access. Contact your account officer.",
    },
  },
  VERSION_CONFLICT: {
    es: {
      title: 'Conflicto de edición',
      detail: 'Otra sesión modificó este registro. Vuelva a cargarlo y repita el cambio.',
    },
    en: {
      title: 'Edit conflict',
      detail: 'Another session changed this record. Reload it and make the change again.',
    },
  },
  LOGIN_FAILED: {
    es: {
      title: 'No fue posible ingresar',
      detail:
        'Los datos de ingreso no son correctos o el usuario no puede ingresar. Si el problema continúa, comuníquese con su administrador o con el banco.',
    },
    en: {
      title: 'Login failed',
      detail:
        'The login details are not correct or the user cannot log in. If the problem persists, contact your administrator or the bank.',
    },
  },
  SESSION_EXPIRED: {
    es: {
      title: 'Sesión expirada',
      detail: 'Su sesión expiró por inactividad o por tiempo máximo. Ingrese nuevamente.',
    },
    en: {
      title: 'Session expired',
      detail: 'Your session expired after inactivity or its maximum time. Log in again.',
    },
  },
  SESSION_ENDED: {
    es: {
      title: 'Sesión finalizada',
      detail: 'Su sesión terminó: se inició otra sesión, se cambió la clave o el usuario fue deshabilitado.',
    },
    en: {
      title: 'Session ended',
      detail: 'Your session ended: another session started, the password changed or the user was disabled.',
    },
  },
  CHALLENGE_INVALID: {
    es: {
      title: 'Paso de ingreso no válido',
      detail: 'Este paso del ingreso expiró o ya fue usado. Ingrese nuevamente.',
    },
    en: { title: 'Invalid login step', detail: 'This login step expired or was already used. Log in again.' },
  },
  USER_NOT_FOUND: {
    es: { title: 'Usuario no encontrado', detail: 'No existe el usuario {userCode} en su empresa.' },
    en: { title: 'User not found', detail: 'There is no user {userCode} in your company.' },
  },
  USER_EXISTS: {
    es: {
      title: 'Usuario ya existe',
      detail: 'Ya existe un usuario con el código {userCode} en su empresa.',
    },
    en: {
      title: 'User already exists',
      detail: 'A user with code {userCode} already exists in your company.',
    },
  },
  INVALID_STATE_TRANSITION: {
    es: { title: 'Cambio de estado no válido', detail: 'El usuario ya está en estado {state}.' },
    en: { title: 'Invalid state change', detail: 'The user is already {state}.' },
  },
  PASSWORD_NOT_ASSIGNED: {
    es: {
      title: 'Falta asignar la clave',
      detail: 'Para activar el usuario primero asígnele una clave en "Asignar Clave".',
    },
    en: {
      title: 'Password not assigned',
      detail: 'To activate the user, first assign a password in "Assign Password".',
    },
  },
  ADMINISTRATOR_NOT_TARGETABLE: {
    es: {
      title: 'Acción no permitida sobre el administrador',
      detail: 'Esta acción aplica a los usuarios finales. La clave del administrador la reemite el banco.',
    },
    en: {
      title: 'Not allowed on the administrator',
      detail: "This action applies to end users. The bank re-issues the administrator's password.",
    },
  },
  OPTION_NOT_GRANTED: {
    es: {
      title: 'Opción no otorgada',
      detail: 'Su administrador no le ha otorgado esta opción del menú. Solicítela a su administrador.',
    },
    en: {
      title: 'Option not granted',
      detail: 'Your administrator has not granted you this menu option. Ask your administrator for it.',
    },
  },
  OTP_REQUIRED: {
    es: { title: '{token}', detail: 'Ingrese el OTP generado por su dispositivo móvil.' },
    en: { title: '{token}', detail: 'Enter the OTP generated by your mobile device.' },
  },
  OTP_INVALID: {
    es: {
      title: 'OTP incorrecto',
      detail:
        'El OTP no es válido o ya fue usado. Espere el siguiente código de su dispositivo móvil e inténtelo de nuevo; los intentos fallidos bloquean el usuario.',
    },
    en: {
      title: 'Incorrect OTP',
      detail:
        'The OTP is not valid or was already used. Wait for the next code on your mobile device and try again; failed attempts lock the user.',
    },
  },
  TOKEN_REQUIRED: {
    es: {
      title: '{token} requerido',
      detail:
        'Esta acción requiere un {token} activo. Solicítelo e instálelo en Otros servicios / Solicitud {token}.',
    },
    en: {
      title: '{token} required',
      detail:
        'This action requires an active {token}. Request and install it in Other services / Request {token}.',
    },
  },
  TOKEN_INACTIVE: {
    es: {
      title: '{token} inactivo',
      detail: 'Su {token} está instalado pero no está activo. Solicite a su administrador que lo active.',
    },
    en: {
      title: '{token} inactive',
      detail: 'Your {token} is installed but not active. Ask your administrator to activate it.',
    },
  },
  TOKEN_LOCKED: {
    es: {
      title: '{token} bloqueado',
      detail:
        'Su {token} fue bloqueado por códigos incorrectos. Un usuario final debe pedir a su administrador que lo active de nuevo; el administrador, al banco.',
    },
    en: {
      title: '{token} locked',
      detail:
        'Your {token} was locked after wrong codes. An end user asks their administrator to activate it again; the administrator asks the bank.',
    },
  },
  TOKEN_ALREADY_INSTALLED: {
    es: {
      title: '{token} ya instalado',
      detail:
        'Ya tiene un {token} instalado. Para solicitar uno nuevo, primero cancele el actual (Cancelar {token}).',
    },
    en: {
      title: '{token} already installed',
      detail:
        'You already have an installed {token}. To request a new one, first cancel it (Cancel {token}).',
    },
  },
  TOKEN_NOT_REQUESTED: {
    es: {
      title: 'No hay {token} por instalar',
      detail: 'No tiene un {token} pendiente de instalación. Solicítelo primero en Solicitud {token}.',
    },
    en: {
      title: 'No {token} to install',
      detail: 'You have no {token} waiting to be installed. Request one first in Request {token}.',
    },
  },
  TOKEN_NOT_FOUND: {
    es: { title: 'Sin {token}', detail: 'No tiene un {token} que cancelar.' },
    en: { title: 'No {token}', detail: 'You have no {token} to cancel.' },
  },
  TOKEN_NOT_INSTALLED: {
    es: {
      title: '{token} no instalado',
      detail:
        'El usuario {userCode} no tiene un {token} instalado; solo se activan o desactivan tokens instalados.',
    },
    en: {
      title: '{token} not installed',
      detail: 'User {userCode} has no installed {token}; only installed tokens are activated or deactivated.',
    },
  },
  ADMINISTRATOR_TOKEN_NOT_TARGETABLE: {
    es: {
      title: 'Acción no permitida sobre el administrador',
      detail:
        'El {token} del administrador queda activo al instalarlo; no se activa ni se desactiva desde aquí.',
    },
    en: {
      title: 'Not allowed on the administrator',
      detail:
        "The administrator's {token} is active once installed; it is not activated or deactivated here.",
    },
  },
  ADMINISTRATOR_TOKEN_NOT_RESETTABLE: {
    es: {
      title: 'Acción no permitida sobre el administrador',
      detail: 'Solo el banco reinicia el {token} del administrador.',
    },
    en: {
      title: 'Not allowed on the administrator',
      detail: "Only the bank resets the administrator's {token}.",
    },
  },
  PENDING_CHANGE_NOT_FOUND: {
    es: {
      title: 'Cambio pendiente no encontrado',
      detail: 'La empresa no tiene el cambio pendiente {changeId}.',
    },
    en: { title: 'Pending change not found', detail: 'The company has no pending change {changeId}.' },
  },
  PENDING_CHANGE_NOT_PENDING: {
    es: {
      title: 'Cambio ya resuelto',
      detail: 'El cambio ya no está pendiente de aprobación ({state}): no se aplicó nada más.',
    },
    en: {
      title: 'Change already settled',
      detail: 'The change is no longer pending approval ({state}): nothing more was applied.',
    },
  },
  PENDING_CHANGE_EXPIRED: {
    es: { title: 'Cambio vencido', detail: 'El cambio pendiente venció sin aprobarse; proponga de nuevo.' },
    en: { title: 'Change expired', detail: 'The pending change expired unapproved; propose it again.' },
  },
  PENDING_CHANGE_STALE: {
    es: {
      title: 'El dato cambió',
      detail: 'Lo que el cambio modifica cambió desde que se propuso: no se aplicó; proponga de nuevo.',
    },
    en: {
      title: 'The data changed',
      detail: 'What the change modifies changed since it was proposed: not applied; propose it again.',
    },
  },
  PENDING_CHANGE_MISMATCH: {
    es: {
      title: 'Aprobación de otra acción',
      detail: 'El cambio pendiente {changeId} no es esta acción: apruébelo en su propia ruta.',
    },
    en: {
      title: 'Approval of another action',
      detail: 'Pending change {changeId} is not this action: approve it on its own route.',
    },
  },
  OWN_PENDING_CHANGE: {
    es: {
      title: 'Cambio propio',
      detail: 'Otro administrador debe aprobar o rechazar el cambio que usted propuso.',
    },
    en: {
      title: 'Own change',
      detail: 'Another administrator must approve or reject a change you proposed.',
    },
  },
  NOT_PENDING_CHANGE_PROPOSER: {
    es: { title: 'No es su propuesta', detail: 'Solo quien propuso el cambio puede retirarlo.' },
    en: { title: 'Not your proposal', detail: 'Only who proposed the change may withdraw it.' },
  },
  DUAL_CONTROL_NEEDS_ADMINISTRATORS: {
    es: {
      title: 'Se necesitan dos administradores',
      detail: 'El control dual requiere al menos dos administradores activos con {token} instalado.',
    },
    en: {
      title: 'Two administrators needed',
      detail: 'Dual control needs at least two active administrators with an installed {token}.',
    },
  },
  LAST_ADMINISTRATOR: {
    es: {
      title: 'Último administrador',
      detail: 'La empresa quedaría sin un administrador activo con {token} instalado: agregue otro antes.',
    },
    en: {
      title: 'Last administrator',
      detail:
        'The company would be left without an active administrator with an installed {token}: add another first.',
    },
  },
  NOT_PRINCIPAL_ADMINISTRATOR: {
    es: {
      title: 'Solo el administrador principal',
      detail: 'Solo el administrador principal propone administradores.',
    },
    en: {
      title: 'Principal administrator only',
      detail: 'Only the principal administrator proposes administrators.',
    },
  },
  ADMINISTRATOR_NOT_FOUND: {
    es: { title: 'Administrador no encontrado', detail: 'La empresa no tiene el administrador {userCode}.' },
    en: { title: 'Administrator not found', detail: 'The company has no administrator {userCode}.' },
  },
  CONNECTION_HOURS: {
    es: {
      title: 'Fuera del horario permitido',
      detail:
        'Su usuario solo puede conectarse en los días y horarios que definió su empresa ({timeZoneLabel}). Comuníquese con su administrador.',
    },
    en: {
      title: 'Outside the allowed hours',
      detail:
        'Your user may connect only on the days and at the times your company set ({timeZoneLabel}). Contact your administrator.',
    },
  },
  CONNECTION_IP: {
    es: {
      title: 'Dirección IP no permitida',
      detail: 'Su usuario no puede conectarse desde esta dirección IP. Comuníquese con su administrador.',
    },
    en: {
      title: 'IP address not allowed',
      detail: 'Your user may not connect from this IP address. Contact your administrator.',
    },
  },
  IMPORT_TOO_LARGE: {
    es: {
      title: 'Archivo demasiado grande',
      detail:
        'El archivo tiene {rows} filas; se crean como máximo {limit} usuarios por archivo. Divídalo en partes.',
    },
    en: {
      title: 'File too large',
      detail: 'The file has {rows} rows; at most {limit} users are created per file. Split it into parts.',
    },
  },
  IMPORT_UNREADABLE: {
    es: {
      title: 'Archivo ilegible',
      detail:
        'No se pudo leer el archivo. Envíe un CSV (UTF-8) o un Excel (.xlsx) con las columnas de la exportación.',
    },
    en: {
      title: 'Unreadable file',
      detail:
        'The file could not be read. Send a CSV (UTF-8) or an Excel file (.xlsx) with the export columns.',
    },
  },
  EXPORT_TOO_LARGE: {
    es: {
      title: 'Exportación demasiado grande',
      detail:
        'La exportación tendría más de {limit} filas, el máximo por archivo. Filtre la lista (por usuario o por fechas) y exporte por partes.',
    },
    en: {
      title: 'Export too large',
      detail:
        'The export would have more than {limit} rows, the most one file holds. Filter the list (by user or by dates) and export it in parts.',
    },
  },
  CONNECTION_RULES_NOT_FOUND: {
    es: {
      title: 'Sin controles de conexión propios',
      detail: 'El usuario {userCode} no tiene controles de conexión propios; le aplican los de la empresa.',
    },
    en: {
      title: 'No connection controls of its own',
      detail: "User {userCode} has no connection controls of its own; the company's apply.",
    },
  },
  IP_BLOCKED: {
    es: {
      title: 'Acceso bloqueado',
      detail: 'El banco no permite el acceso a este servicio desde su dirección IP.',
    },
    en: {
      title: 'Access blocked',
      detail: 'The bank does not allow access to this service from your IP address.',
    },
  },
  IP_SET_LOCKS_OUT_CALLER: {
    es: {
      title: 'El cambio bloquearía su acceso',
      detail:
        'Con este cambio la dirección {sourceIp}, desde la que lo hace, ya no podría llegar al servicio. Inclúyala en la lista de permitidas o quítela de la de bloqueadas.',
    },
    en: {
      title: 'The change would lock you out',
      detail:
        'With this change the address {sourceIp}, from which you are making it, could no longer reach the service. Allow it, or do not block it.',
    },
  },
  IDEMPOTENCY_IN_PROGRESS: {
    es: {
      title: 'Solicitud en proceso',
      detail:
        'Una solicitud con la misma clave de idempotencia se está procesando. Repítala en unos segundos.',
    },
    en: {
      title: 'Request in progress',
      detail: 'A request with the same idempotency key is being processed. Repeat it in a few seconds.',
    },
  },
  IDEMPOTENCY_KEY_REUSED: {
    es: {
      title: 'Clave de idempotencia reutilizada',
      detail:
        'La clave de idempotencia ya se usó con otra solicitud. Use una clave nueva para cada operación.',
    },
    en: {
      title: 'Idempotency key reused',
      detail: 'The idempotency key was already used with another request. Use a new key for each operation.',
    },
  },
  SECRETS_UNAVAILABLE: {
    es: {
      title: 'Servicio no disponible',
      detail: 'No fue posible verificar la seguridad de la solicitud. Intente más tarde.',
    },
    en: { title: 'Service unavailable', detail: 'The request could not be secured. Try again later.' },
  },
  TOO_MANY_REQUESTS: {
    es: {
      title: 'Demasiadas solicitudes',
      detail: 'Se superó el límite de solicitudes. Espere un momento e intente de nuevo.',
    },
    en: {
      title: 'Too many requests',
      detail: 'The request limit was exceeded. Wait a moment and try again.',
    },
  },
  REQUEST_REFUSED: {
    es: {
      title: 'Solicitud rechazada',
      detail: 'La solicitud no pudo ser procesada. Revísela e intente de nuevo.',
    },
    en: { title: 'Request refused', detail: 'The request could not be processed. Check it and try again.' },
  },
  SERVICE_UNAVAILABLE: {
    es: {
      title: 'Servicio no disponible',
      detail: 'El servicio está ocupado. Intente de nuevo en unos segundos.',
    },
    en: { title: 'Service unavailable', detail: 'The service is busy. Try again in a few seconds.' },
  },
  INTERNAL_ERROR: {
    es: { title: 'Error interno', detail: 'Ocurrió un error inesperado. Intente más tarde.' },
    en: { title: 'Internal error', detail: 'An unexpected error occurred. Try again later.' },
  },
  CAPTURE_NOT_ALLOWED: {
    es: {
      title: 'Captura no permitida',
      detail: 'El usuario {makerCode} no puede capturar esta operación: {reasons}.',
    },
    en: {
      title: 'Capture not allowed',
      detail: 'User {makerCode} may not capture this operation: {reasons}.',
    },
  },
  OPERATION_NOT_FOUND: {
    es: { title: 'Operación no encontrada', detail: 'No existe la operación {operationId} en su empresa.' },
    en: { title: 'Operation not found', detail: 'There is no operation {operationId} in your company.' },
  },
  OPERATION_NOT_PENDING: {
    es: {
      title: 'Operación finalizada',
      detail: 'La operación ya no está pendiente de aprobación ({state}).',
    },
    en: { title: 'Operation finished', detail: 'The operation is no longer pending approval ({state}).' },
  },
  OPERATION_EXPIRED: {
    es: { title: 'Operación vencida', detail: 'El plazo para aprobar la operación terminó.' },
    en: { title: 'Operation expired', detail: 'The time to approve the operation is over.' },
  },
  OWN_OPERATION: {
    es: { title: 'Operación propia', detail: 'Nadie puede aprobar ni rechazar una operación que capturó.' },
    en: { title: 'Own operation', detail: 'Nobody may approve or reject an operation they captured.' },
  },
  ALREADY_APPROVED: {
    es: {
      title: 'Ya aprobada por usted',
      detail: 'Usted ya aprobó esta operación; cada aprobador cuenta una vez.',
    },
    en: {
      title: 'Already approved by you',
      detail: 'You already approved this operation; each approver counts once.',
    },
  },
  APPROVAL_NOT_ALLOWED: {
    es: {
      title: 'Aprobación no permitida',
      detail: 'Su perfil, opciones, cuentas o límite no le permiten aprobar esta operación ({reason}).',
    },
    en: {
      title: 'Approval not allowed',
      detail:
        'Your profile, options, accounts or limit do not allow you to approve this operation ({reason}).',
    },
  },
  NOT_OPERATION_MAKER: {
    es: { title: 'No es su operación', detail: 'Solo quien capturó la operación puede retirarla.' },
    en: { title: 'Not your operation', detail: 'Only whoever captured the operation may withdraw it.' },
  },
} as const satisfies Record<ErrorCode, ErrorEntry>;

export interface LocalizedText {
  readonly title: string;
  readonly detail: string;
}
export interface ErrorEntry {
  readonly es: LocalizedText;
  readonly en: LocalizedText;
}

/**
 * Field rules: the `code` of an entry in a problem's `errors` list, with its message.
 * Zod's issue kinds map here too, so every validation failure has a message in both languages.
 */
export const fieldRuleCatalog = {
  required: { es: 'Es obligatorio.', en: 'Is required.' },
  invalid_type: {
    es: 'Tiene un tipo de dato incorrecto (se espera {expected}).',
    en: 'Has the wrong type (expected {expected}).',
  },
  too_short: {
    es: 'Debe tener al menos {minimum} caracteres.',
    en: 'Must have at least {minimum} characters.',
  },
  too_long: {
    es: 'Debe tener como máximo {maximum} caracteres.',
    en: 'Must have at most {maximum} characters.',
  },
  too_few_items: {
    es: 'Debe tener al menos {minimum} elementos.',
    en: 'Must have at least {minimum} items.',
  },
  too_many_items: {
    es: 'Debe tener como máximo {maximum} elementos.',
    en: 'Must have at most {maximum} items.',
  },
  too_small: { es: 'Debe ser mayor o igual a {minimum}.', en: 'Must be at least {minimum}.' },
  too_big: { es: 'Debe ser menor o igual a {maximum}.', en: 'Must be at most {maximum}.' },
  invalid_value: { es: 'Debe ser uno de: {values}.', en: 'Must be one of: {values}.' },
  unknown_field: { es: 'Campo no permitido.', en: 'Field not allowed.' },
  invalid_format: { es: 'Tiene un formato inválido.', en: 'Has an invalid format.' },
  invalid_email: { es: 'No es un correo electrónico válido.', en: 'Is not a valid e-mail address.' },
  code_format: {
    es: 'Debe tener de 3 a 10 letras o números, sin espacios ni caracteres especiales.',
    en: 'Must have 3 to 10 letters or digits, with no spaces or special characters.',
  },
  name_format: {
    es: 'Solo se permiten letras, espacios, apóstrofos, guiones y puntos.',
    en: 'Only letters, spaces, apostrophes, hyphens and dots are allowed.',
  },
  no_control_characters: {
    es: 'No debe contener caracteres de control.',
    en: 'Must not contain control characters.',
  },
  account_number_format: { es: 'Debe tener de 6 a 20 dígitos.', en: 'Must have 6 to 20 digits.' },
  current_password_incorrect: {
    es: 'La clave original no es correcta.',
    en: 'The original password is not correct.',
  },
  unknown_option: { es: 'No es una opción del catálogo.', en: 'Is not an option of the catalog.' },
  reserved_code: {
    es: 'Es un código reservado por el sistema; elija otro.',
    en: 'Is a code reserved by the system; choose another.',
  },
  date_out_of_range: {
    es: 'Debe ser una fecha entre 2000-01-01 y 2099-12-31.',
    en: 'Must be a date between 2000-01-01 and 2099-12-31.',
  },
  unknown_account: { es: 'No es una cuenta de la empresa.', en: 'Is not an account of the company.' },
  amount_format: {
    es: 'Debe ser un monto positivo con hasta 2 decimales (ej. 1500.00), hasta 999999999.99.',
    en: 'Must be a positive amount with up to 2 decimals (e.g. 1500.00), up to 999999999.99.',
  },
  limit_not_applicable: {
    es: 'Solo las opciones elegidas que mueven fondos llevan límite.',
    en: 'Only chosen options that move funds carry a limit.',
  },
  approvals_not_applicable: {
    es: 'Solo los grupos con opciones elegidas llevan número de aprobaciones.',
    en: 'Only groups with chosen options carry a number of approvals.',
  },
  job_title_format: {
    es: "Solo letras, números, espacios y . , ' ( ) / & -",
    en: "Only letters, digits, spaces and . , ' ( ) / & -",
  },
  field_not_modifiable: {
    es: 'Este campo no se puede establecer en esta operación.',
    en: 'This field cannot be set by this operation.',
  },
  page_size_choice: { es: 'Debe ser 10, 25, 50 o 100.', en: 'Must be 10, 25, 50 or 100.' },
  invalid_cursor: { es: 'El cursor de página no es válido.', en: 'The page cursor is not valid.' },
  duplicate_item: { es: 'Contiene elementos repetidos.', en: 'Contains repeated items.' },
  otp_format: { es: 'Debe tener 6 dígitos.', en: 'Must have 6 digits.' },
  settings_empty: {
    es: 'Indique al menos un ajuste: otpConfirmation, otpAtLogin, confirmationWindowMinutes, dualControl o pendingChangeHours.',
    en: 'Give at least one setting: otpConfirmation, otpAtLogin, confirmationWindowMinutes, dualControl or pendingChangeHours.',
  },
  column_missing: {
    es: 'Falta esta columna en la fila de encabezados del archivo.',
    en: "This column is missing from the file's header row.",
  },
  base64_format: { es: 'Debe ser el archivo codificado en base64.', en: 'Must be the file, base64-encoded.' },
  unknown_image: { es: 'No es una imagen del catálogo.', en: 'Is not an image of the catalog.' },
  unknown_weekday: {
    es: 'No es un día de la semana: use MON, TUE, WED, THU, FRI, SAT o SUN.',
    en: 'Is not a weekday: use MON, TUE, WED, THU, FRI, SAT or SUN.',
  },
  time_format: {
    es: 'Debe ser una hora HH:MM de 00:00 a 23:59 (24:00 solo como fin).',
    en: 'Must be a time HH:MM from 00:00 to 23:59 (24:00 only as an end).',
  },
  window_end_before_start: {
    es: 'El fin no es posterior al inicio. Si el horario cruza la medianoche, indíquelo con crossesMidnight: true.',
    en: 'The end is not after the start. If the window crosses midnight, say so with crossesMidnight: true.',
  },
  window_not_crossing_midnight: {
    es: 'Este horario no cruza la medianoche (su fin es posterior a su inicio); quite crossesMidnight.',
    en: 'This window does not cross midnight (its end is after its start); remove crossesMidnight.',
  },
  ip_format: {
    es: 'No es una dirección IPv4 o IPv6 ni un rango CIDR válido (ej. 192.0.2.10, 192.0.2.0/24, 2001:db8::/32).',
    en: 'Is not a valid IPv4 or IPv6 address or CIDR range (e.g. 192.0.2.10, 192.0.2.0/24, 2001:db8::/32).',
  },
  ip_prefix_out_of_range: {
    es: 'El prefijo del rango debe estar entre 0 y {maximum}.',
    en: "The range's prefix must be between 0 and {maximum}.",
  },
  ip_v4_mapped: {
    es: 'No use la forma IPv6 de una dirección IPv4 (::ffff:a.b.c.d); escriba la dirección IPv4.',
    en: 'Do not use the IPv6 form of an IPv4 address (::ffff:a.b.c.d); write the IPv4 address.',
  },
  ip_host_bits: {
    es: 'El rango tiene bits de equipo después del prefijo; escriba la red: {network}.',
    en: 'The range has host bits set after the prefix; write the network: {network}.',
  },
  ip_prefix_zero: {
    es: 'Un rango de prefijo 0 abarca todas las direcciones; no se admite en esta lista.',
    en: 'A range of prefix 0 covers every address; it is not accepted in this list.',
  },
  idempotency_key_format: {
    es: 'Debe tener de 16 a 64 letras, números, guiones o guiones bajos (por ejemplo, un UUID).',
    en: 'Must have 16 to 64 letters, digits, hyphens or underscores (a UUID, for instance).',
  },
  invalid_json_value: { es: 'Tiene un valor no válido.', en: 'Has an invalid value.' },
} as const satisfies Record<string, { es: string; en: string }>;

export type FieldRule = keyof typeof fieldRuleCatalog;
