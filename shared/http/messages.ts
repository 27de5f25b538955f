/**
 * Every error this API can answer, once: its HTTP status and its title and detail in
 * Spanish (the default) and English. Clients key on `code`; the portal uses the same codes.
 * `{name}` placeholders are filled from the error's parameters.
 */
export const errorCatalog = {
  VALIDATION_FAILED: {
    status: 400,
    es: {
      title: 'Datos inválidos',
      detail: 'Uno o más campos no cumplen las reglas. Revise la lista de errores.',
    },
    en: { title: 'Invalid data', detail: 'One or more fields break the rules. See the list of errors.' },
  },
  MALFORMED_JSON: {
    status: 400,
    es: { title: 'Cuerpo no válido', detail: 'El cuerpo de la solicitud no es un JSON válido.' },
    en: { title: 'Invalid body', detail: 'The request body is not valid JSON.' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    es: { title: 'Tipo de contenido no soportado', detail: 'Envíe el cuerpo como application/json.' },
    en: { title: 'Unsupported content type', detail: 'Send the body as application/json.' },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    es: { title: 'Solicitud demasiado grande', detail: 'El cuerpo supera el máximo de {limit} bytes.' },
    en: { title: 'Request too large', detail: 'The body exceeds the maximum of {limit} bytes.' },
  },
  UNAUTHENTICATED: {
    status: 401,
    es: { title: 'No autenticado', detail: 'Inicie sesión para continuar.' },
    en: { title: 'Not authenticated', detail: 'Log in to continue.' },
  },
  FORBIDDEN: {
    status: 403,
    es: { title: 'Acceso denegado', detail: 'No tiene permiso para realizar esta acción.' },
    en: { title: 'Access denied', detail: 'You are not allowed to perform this action.' },
  },
  NOT_FOUND: {
    status: 404,
    es: { title: 'No encontrado', detail: 'El recurso solicitado no existe.' },
    en: { title: 'Not found', detail: 'The requested resource does not exist.' },
  },
  COMPANY_NOT_FOUND: {
    status: 404,
    es: { title: 'Empresa no encontrada', detail: 'No existe una empresa con el código {companyCode}.' },
    en: { title: 'Company not found', detail: 'There is no company with code {companyCode}.' },
  },
  COMPANY_EXISTS: {
    status: 409,
    es: { title: 'Empresa ya registrada', detail: 'Ya existe una empresa con el código {companyCode}.' },
    en: { title: 'Company already registered', detail: 'A company with code {companyCode} already exists.' },
  },
  DUPLICATE_ACCOUNT: {
    status: 409,
    es: { title: 'Cuenta repetida', detail: 'La cuenta {account} aparece más de una vez.' },
    en: { title: 'Duplicate account', detail: 'Account {account} appears more than once.' },
  },
  VERSION_CONFLICT: {
    status: 409,
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
    status: 401,
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
    status: 401,
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
    status: 401,
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
    status: 401,
    es: {
      title: 'Paso de ingreso no válido',
      detail: 'Este paso del ingreso expiró o ya fue usado. Ingrese nuevamente.',
    },
    en: { title: 'Invalid login step', detail: 'This login step expired or was already used. Log in again.' },
  },
  USER_NOT_FOUND: {
    status: 404,
    es: { title: 'Usuario no encontrado', detail: 'No existe el usuario {userCode} en su empresa.' },
    en: { title: 'User not found', detail: 'There is no user {userCode} in your company.' },
  },
  ADMINISTRATOR_NOT_TARGETABLE: {
    status: 403,
    es: {
      title: 'Acción no permitida sobre el administrador',
      detail: 'Esta acción aplica a los usuarios finales. La clave del administrador la reemite el banco.',
    },
    en: {
      title: 'Not allowed on the administrator',
      detail: "This action applies to end users. The bank re-issues the administrator's password.",
    },
  },
  SECRETS_UNAVAILABLE: {
    status: 503,
    es: {
      title: 'Servicio no disponible',
      detail: 'No fue posible verificar la seguridad de la solicitud. Intente más tarde.',
    },
    en: { title: 'Service unavailable', detail: 'The request could not be secured. Try again later.' },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    es: {
      title: 'Servicio no disponible',
      detail: 'El servicio está ocupado. Intente de nuevo en unos segundos.',
    },
    en: { title: 'Service unavailable', detail: 'The service is busy. Try again in a few seconds.' },
  },
  INTERNAL_ERROR: {
    status: 500,
    es: { title: 'Error interno', detail: 'Ocurrió un error inesperado. Intente más tarde.' },
    en: { title: 'Internal error', detail: 'An unexpected error occurred. Try again later.' },
  },
} as const satisfies Record<string, ErrorEntry>;

export interface LocalizedText {
  readonly title: string;
  readonly detail: string;
}
export interface ErrorEntry {
  readonly status: number;
  readonly es: LocalizedText;
  readonly en: LocalizedText;
}

export type ErrorCode = keyof typeof errorCatalog;

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
  unknown_image: { es: 'No es una imagen del catálogo.', en: 'Is not an image of the catalog.' },
  invalid_json_value: { es: 'Tiene un valor no válido.', en: 'Has an invalid value.' },
} as const satisfies Record<string, { es: string; en: string }>;

export type FieldRule = keyof typeof fieldRuleCatalog;

/** Fills `{name}` placeholders. Unknown names are left as they are. */
export function fillTemplate(text: string, params: Record<string, unknown> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
