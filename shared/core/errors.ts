/**
 * Every error this API can answer, once, with its HTTP status. The texts, in Spanish and
 * English, are the HTTP layer's (`shared/http/messages.ts`), loaded only to answer an error.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  COMPANY_NOT_FOUND: 404,
  COMPANY_EXISTS: 409,
  DUPLICATE_ACCOUNT: 409,
  VERSION_CONFLICT: 409,
  LOGIN_FAILED: 401,
  SESSION_EXPIRED: 401,
  SESSION_ENDED: 401,
  CHALLENGE_INVALID: 401,
  USER_NOT_FOUND: 404,
  USER_EXISTS: 409,
  INVALID_STATE_TRANSITION: 409,
  PASSWORD_NOT_ASSIGNED: 409,
  ADMINISTRATOR_NOT_TARGETABLE: 403,
  OPTION_NOT_GRANTED: 403,
  // 428, not 401: the session is valid and must not be dropped; the client asks for the code
  // ("Ingrese el OTP generado por su dispositivo móvil") and repeats the request with `X-OTP`.
  OTP_REQUIRED: 428,
  // 403, not 401: the session stays valid; only this code was refused (and counted toward the lockout).
  OTP_INVALID: 403,
  TOKEN_REQUIRED: 403,
  TOKEN_INACTIVE: 403,
  TOKEN_LOCKED: 403,
  TOKEN_ALREADY_INSTALLED: 409,
  TOKEN_NOT_REQUESTED: 409,
  TOKEN_NOT_FOUND: 404,
  TOKEN_NOT_INSTALLED: 409,
  ADMINISTRATOR_TOKEN_NOT_TARGETABLE: 403,
  // The password was right (or the session valid): saying which rule refused reveals nothing.
  CONNECTION_HOURS: 403,
  CONNECTION_IP: 403,
  // Beyond it a PDF would not render within API Gateway's 29 s (docs/performance.md).
  EXPORT_TOO_LARGE: 422,
  // A file of users to create with more rows than one request writes (docs/users.md).
  IMPORT_TOO_LARGE: 422,
  // A file of users that is not the CSV or Excel file it says it is.
  IMPORT_UNREADABLE: 400,
  CONNECTION_RULES_NOT_FOUND: 404,
  // The gateway's answer (AWS WAF in AWS, the local server locally), not a handler's.
  IP_BLOCKED: 403,
  IP_SET_LOCKS_OUT_CALLER: 409,
  // The first request with this Idempotency-Key is still running: repeat it in a moment.
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  SECRETS_UNAVAILABLE: 503,
  TOO_MANY_REQUESTS: 429,
  REQUEST_REFUSED: 400,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  CAPTURE_NOT_ALLOWED: 403,
  OPERATION_NOT_FOUND: 404,
  OPERATION_NOT_PENDING: 409,
  OPERATION_EXPIRED: 409,
  OWN_OPERATION: 403,
  ALREADY_APPROVED: 409,
  APPROVAL_NOT_ALLOWED: 403,
  NOT_OPERATION_MAKER: 403,
  ACCOUNT_NOT_FOUND: 404,
  ACCOUNT_EXISTS: 409,
  TOO_MANY_ACCOUNTS: 409,
  LAST_ACCOUNT: 409,
  CHANGE_TOO_LARGE: 409,
  NOTHING_TO_CHANGE: 400,
  COMPANY_SUSPENDED: 403,
  ADMINISTRATOR_TOKEN_NOT_RESETTABLE: 403,
  // Dual control and several administrators (docs/administrators.md).
  PENDING_CHANGE_NOT_FOUND: 404,
  PENDING_CHANGE_NOT_PENDING: 409,
  PENDING_CHANGE_EXPIRED: 409,
  PENDING_CHANGE_STALE: 409,
  PENDING_CHANGE_MISMATCH: 409,
  OWN_PENDING_CHANGE: 403,
  NOT_PENDING_CHANGE_PROPOSER: 403,
  DUAL_CONTROL_NEEDS_ADMINISTRATORS: 409,
  LAST_ADMINISTRATOR: 409,
  NOT_PRINCIPAL_ADMINISTRATOR: 403,
  ADMINISTRATOR_NOT_FOUND: 404,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

/** One broken rule of one field, as it appears in a problem's `errors` list. */
export interface FieldIssue {
  /** Where: `body.administrator.email`, `path.companyCode`, `query.pageSize`. */
  readonly field: string;
  /** A field rule of the catalog (`fieldRuleCatalog` in `shared/http/messages.ts`), or a rule with its own `message`. */
  readonly rule: string;
  readonly params?: Record<string, unknown>;
  /** Messages for rules that are not in the field-rule catalog (e.g. password rules). */
  readonly message?: { es: string; en: string };
}

/**
 * An error meant to be shown to the caller: a stable code from the catalog, parameters for
 * the message, and the field issues if any. Its status is {@link errorStatus}; its texts are the
 * HTTP layer's catalog, which a function loads only when it answers an error. Anything else that
 * is thrown becomes a logged, generic 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly issues: readonly FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
    /** A status other than the code's own: 422 for a list of several problems (`shared/core/problems.ts`). */
    readonly status?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const validationError = (issues: readonly FieldIssue[]) =>
  new AppError('VALIDATION_FAILED', {}, issues);
