/**
 * The audit log in words: every action, outcome and changed field of an audit
 * entry in Spanish and English, with its values before → after. One catalog read by the
 * portal's screen (web/src/screens/audit.ts) and by every export (shared/services/exports.ts),
 * so a compliance officer reads the same words on screen, in the CSV, the Excel and the PDF.
 * `{token}` is the bank's token product, filled by the caller from its tenant.
 */
import { fillTemplate } from '../core/template.ts';
import { tokenStateLabels, userStateLabels } from './model.ts';
import { formatAmountCents, optionGroups, optionsById } from './options-catalog.ts';

type Lang = 'es' | 'en';
type Words = { es: string; en: string };

const w = (es: string, en: string): Words => ({ es, en });

/** Every action an audit entry records. */
export const auditActionLabels: Record<string, Words> = {
  LOGIN_SUCCEEDED: w('Ingreso exitoso', 'Successful login'),
  LOGIN_REFUSED: w('Ingreso rechazado', 'Login refused'),
  LOGIN_PASSWORD_CHANGE_REQUIRED: w('Ingreso: cambio de clave requerido', 'Login: password change required'),
  LOGIN_IMAGE_REQUIRED: w('Ingreso: elección de imagen requerida', 'Login: image choice required'),
  LOGIN_OTP_REQUIRED: w('Ingreso: OTP requerido', 'Login: OTP required'),
  LOGOUT: w('Cierre de sesión', 'Logout'),
  SESSION_EXPIRED: w('Sesión expirada', 'Session expired'),
  INITIAL_PASSWORD_CHANGED: w('Clave inicial cambiada', 'Initial password changed'),
  PASSWORD_CHANGED: w('Clave cambiada', 'Password changed'),
  PASSWORD_CHANGE_REFUSED: w('Cambio de clave rechazado', 'Password change refused'),
  ANTIPHISHING_IMAGE_CHOSEN: w('Imagen de seguridad elegida', 'Security image chosen'),
  USER_CREATED: w('Usuario creado', 'User created'),
  USER_UPDATED: w('Usuario modificado', 'User modified'),
  USER_STATE_CHANGED: w('Estado de usuario cambiado', 'User state changed'),
  USER_PASSWORD_ASSIGNED: w('Clave asignada', 'Password assigned'),
  TOKEN_REQUESTED: w('{token} solicitado', '{token} requested'),
  TOKEN_INSTALLED: w('{token} instalado', '{token} installed'),
  TOKEN_ACTIVATED: w('{token} activado', '{token} activated'),
  TOKEN_DEACTIVATED: w('{token} desactivado', '{token} deactivated'),
  TOKEN_CANCELLED: w('{token} cancelado', '{token} cancelled'),
  TOKEN_RESET: w('{token} reiniciado', '{token} reset'),
  CONFIRMATION_OTP_ACCEPTED: w('OTP de confirmación aceptado', 'Confirmation OTP accepted'),
  CONFIRMATION_OTP_REFUSED: w('OTP de confirmación rechazado', 'Confirmation OTP refused'),
  LOGIN_OTP_ACCEPTED: w('OTP de ingreso aceptado', 'Login OTP accepted'),
  LOGIN_OTP_REFUSED: w('OTP de ingreso rechazado', 'Login OTP refused'),
  TOKEN_INSTALL_OTP_ACCEPTED: w('OTP de instalación aceptado', 'Installation OTP accepted'),
  TOKEN_INSTALL_OTP_REFUSED: w('OTP de instalación rechazado', 'Installation OTP refused'),
  TOKEN_CANCEL_OTP_ACCEPTED: w('OTP de cancelación aceptado', 'Cancellation OTP accepted'),
  TOKEN_CANCEL_OTP_REFUSED: w('OTP de cancelación rechazado', 'Cancellation OTP refused'),
  COMPANY_SETTINGS_CHANGED: w('Ajustes de seguridad cambiados', 'Security settings changed'),
  COMPANY_ONBOARDED: w('Empresa registrada por el banco', 'Company registered by the bank'),
  ADMIN_GENERIC_PASSWORD_REISSUED: w(
    'Clave genérica reemitida por el banco',
    'Generic password reissued by the bank',
  ),
  ADMINISTRATOR_CHANGED: w(
    'Datos del administrador cambiados por el banco',
    'Administrator details changed by the bank',
  ),
  COMPANY_CONNECTION_RULES_CHANGED: w(
    'Controles de conexión de la empresa cambiados',
    'Company connection controls changed',
  ),
  USER_CONNECTION_RULES_CHANGED: w(
    'Controles de conexión del usuario cambiados',
    'User connection controls changed',
  ),
  USER_CONNECTION_RULES_REMOVED: w(
    'Controles de conexión del usuario quitados',
    'User connection controls removed',
  ),
  CONNECTION_REFUSED: w('Conexión rechazada por los controles', 'Connection refused by the controls'),
  REQUEST_REFUSED: w('Solicitud no permitida rechazada', 'Forbidden request refused'),
  USERS_EXPORTED: w('Lista de usuarios exportada', 'User list exported'),
  USERS_IMPORTED: w('Usuarios creados desde un archivo', 'Users created from a file'),
  ADMINISTRATOR_ADDED: w('Administrador agregado', 'Administrator added'),
  ADMINISTRATOR_REMOVED: w('Administrador retirado', 'Administrator removed'),
  ADMINISTRATOR_REMOVAL_REFUSED: w('Retiro de administrador rechazado', 'Administrator removal refused'),
  PENDING_CHANGE_PROPOSED: w('Cambio propuesto para aprobación', 'Change proposed for approval'),
  PENDING_CHANGE_APPROVED: w('Cambio aprobado y aplicado', 'Change approved and applied'),
  PENDING_CHANGE_REJECTED: w('Cambio rechazado', 'Change rejected'),
  PENDING_CHANGE_WITHDRAWN: w('Cambio retirado por quien lo propuso', 'Change withdrawn by its proposer'),
  PENDING_CHANGE_EXPIRED: w('Cambio vencido sin aprobar', 'Change expired unapproved'),
  PENDING_CHANGE_STALE: w(
    'Cambio descartado: el usuario cambió desde la propuesta',
    'Change discarded: the user changed since it was proposed',
  ),
  PENDING_CHANGE_APPROVAL_REFUSED: w('Aprobación de cambio rechazada', 'Change approval refused'),
  PENDING_CHANGE_REJECTION_REFUSED: w('Rechazo de cambio no permitido', 'Change rejection refused'),
  AUDIT_EXPORTED: w('Bitácora exportada', 'Audit log exported'),
  PASSWORD_HASH_UPGRADED: w('Protección de la clave reforzada', 'Password protection strengthened'),
  CREDENTIAL_LOCKED: w('Bloqueo por intentos fallidos', 'Locked after failed attempts'),
  COMPANY_SUSPENDED: w('Empresa suspendida por el banco', 'Company suspended by the bank'),
  COMPANY_REACTIVATED: w('Empresa reactivada por el banco', 'Company reactivated by the bank'),
  COMPANY_ACCOUNTS_ADDED: w('Cuentas agregadas por el banco', 'Accounts added by the bank'),
  USER_ACCOUNT_REVOKED: w(
    'Cuenta retirada al usuario (la retiró el banco)',
    'Account withdrawn from the user (removed by the bank)',
  ),
  COMPANY_ACCOUNT_REMOVED: w('Cuenta retirada por el banco', 'Account removed by the bank'),
  BANK_IP_SET_CHANGED: w('Direcciones IP del banco cambiadas', 'Bank IP addresses changed'),
  BANK_IP_SET_CHANGE_FAILED: w('Cambio de direcciones IP del banco fallido', 'Bank IP address change failed'),
  NOTIFICATION_FAILED: w('Aviso por correo no enviado', 'E-mail notice not sent'),
  OPERATION_CAPTURED: w('Operación capturada', 'Operation captured'),
  OPERATION_CAPTURE_REFUSED: w('Captura de operación rechazada', 'Operation capture refused'),
  OPERATION_APPROVED: w('Operación aprobada', 'Operation approved'),
  OPERATION_APPROVAL_REFUSED: w('Aprobación de operación rechazada', 'Operation approval refused'),
  OPERATION_REJECTED: w('Operación rechazada', 'Operation rejected'),
  OPERATION_REJECTION_REFUSED: w('Rechazo de operación no permitido', 'Operation rejection refused'),
  OPERATION_WITHDRAWN: w('Operación retirada', 'Operation withdrawn'),
  OPERATION_EXPIRED: w('Operación vencida', 'Operation expired'),
  CAPTURE: w('Captura', 'Capture'),
  APPROVE: w('Aprobación', 'Approval'),
};

/** The outcomes and reasons an entry records (locks, refusals, export formats). */
export const auditOutcomeLabels: Record<string, Words> = {
  ACCEPTED: w('Aceptado', 'Accepted'),
  PASSWORD_TEMPORARY: w('Clave bloqueada temporalmente', 'Password locked for a while'),
  PASSWORD_PERMANENT: w(
    'Clave bloqueada hasta que se asigne una nueva',
    'Password locked until a new one is assigned',
  ),
  TOKEN: w('{token} bloqueado hasta que se active de nuevo', '{token} locked until activated again'),
  WRONG_PASSWORD: w('Clave incorrecta', 'Wrong password'),
  WRONG_PASSWORD_NOW_LOCKED: w(
    'Clave incorrecta; la clave quedó bloqueada',
    'Wrong password; the password is now locked',
  ),
  WRONG_CURRENT_PASSWORD: w('Clave actual incorrecta', 'Wrong current password'),
  WRONG_CURRENT_PASSWORD_NOW_LOCKED: w(
    'Clave actual incorrecta; la clave quedó bloqueada',
    'Wrong current password; the password is now locked',
  ),
  WRONG_CODE: w('OTP incorrecto', 'Wrong OTP'),
  WRONG_CODE_NOW_LOCKED: w(
    'OTP incorrecto; el {token} quedó bloqueado',
    'Wrong OTP; the {token} is now locked',
  ),
  REPLAY_CODE: w('OTP ya usado', 'OTP already used'),
  LOCKED: w('Clave bloqueada', 'Password locked'),
  TOKEN_LOCKED: w('{token} bloqueado', '{token} locked'),
  TOKEN_NOT_ACTIVE: w('{token} no activo', '{token} not active'),
  NEW_PASSWORD_INVALID: w('La nueva clave no cumple las reglas', 'The new password breaks the rules'),
  COMPANY_SUSPENDED: w('Empresa suspendida', 'Company suspended'),
  USER_DISABLED: w('Usuario deshabilitado', 'User disabled'),
  USER_PENDING: w('Usuario pendiente', 'User pending'),
  CONNECTION_HOURS: w('Fuera del horario permitido', 'Outside the allowed hours'),
  CONNECTION_IP: w('Dirección IP no permitida', 'IP address not allowed'),
  FORBIDDEN: w('Sin permiso', 'Not allowed'),
  CSV: w('Archivo CSV', 'CSV file'),
  XLSX: w('Archivo Excel', 'Excel file'),
  PDF: w('Archivo PDF', 'PDF file'),
  PENDING_APPROVAL: w('Pendiente de aprobación', 'Pending approval'),
  EXPIRED: w('Vencido', 'Expired'),
  WITHDRAWN: w('Retirado', 'Withdrawn'),
  TARGET_CHANGED: w('El usuario cambió desde la propuesta', 'The user changed since the proposal'),
  OWN_PENDING_CHANGE: w('No puede aprobar su propio cambio', 'Cannot approve their own change'),
  LAST_ADMINISTRATOR: w('Es el último administrador', 'It is the last administrator'),
};

/** What a confirmed action was, by its route: the outcome of an accepted confirmation code. */
export const auditRouteLabels: Record<string, Words> = {
  createUser: w('Crear usuario', 'Create user'),
  importUsers: w('Crear usuarios desde un archivo', 'Create users from a file'),
  proposeAdministrator: w('Proponer administrador', 'Propose administrator'),
  rejectPendingChange: w('Rechazar cambio pendiente', 'Reject pending change'),
  withdrawPendingChange: w('Retirar cambio pendiente', 'Withdraw pending change'),
  updateUser: w('Modificar usuario', 'Modify user'),
  assignUserPassword: w('Asignar clave', 'Assign password'),
  changeUserState: w('Cambiar estado', 'Change state'),
  setUserTokenState: w('Activar o desactivar {token}', 'Activate or deactivate {token}'),
  resetUserToken: w('Reiniciar {token}', 'Reset {token}'),
  updateCompanySettings: w('Ajustes de seguridad', 'Security settings'),
  setCompanyConnectionRules: w('Controles de conexión de la empresa', 'Company connection controls'),
  setUserConnectionRules: w('Controles de conexión del usuario', 'User connection controls'),
  removeUserConnectionRules: w('Quitar controles de conexión del usuario', 'Remove user connection controls'),
  captureOperation: w('Capturar operación', 'Capture operation'),
  decideOperation: w('Aprobar o rechazar operación', 'Approve or reject operation'),
  withdrawOperation: w('Retirar operación', 'Withdraw operation'),
  cancelToken: w('Cancelar {token}', 'Cancel {token}'),
  exportUsers: w('Exportar usuarios', 'Export users'),
  exportAudit: w('Exportar bitácora', 'Export audit log'),
  listUsers: w('Lista de usuarios', 'User list'),
  getUser: w('Consultar usuario', 'View user'),
  listAudit: w('Bitácora de auditoría', 'Audit log'),
};

/** Every field a change records. */
export const auditFieldLabels: Record<string, Words> = {
  user: w('Usuario', 'User'),
  userCode: w('Código de usuario', 'User code'),
  firstName: w('Nombre', 'First name'),
  lastName: w('Apellido', 'Last name'),
  jobTitle: w('Cargo', 'Job title'),
  email: w('Correo electrónico', 'E-mail'),
  profile: w('Perfil', 'Profile'),
  permissions: w('Permisos', 'Permissions'),
  options: w('Opciones', 'Options'),
  allOptions: w('Todas las opciones', 'All options'),
  limitsCents: w('Límites', 'Limits'),
  limits: w('Límites', 'Limits'),
  approvals: w('Aprobaciones', 'Approvals'),
  requiredApprovals: w('Aprobaciones requeridas', 'Required approvals'),
  accounts: w('Cuentas', 'Accounts'),
  allAccounts: w('Todas las cuentas', 'All accounts'),
  state: w('Estado', 'State'),
  createdBy: w('Ingresado por', 'Entered by'),
  createdAt: w('Fecha de ingreso', 'Entered on'),
  tokenState: w('Estado del {token}', '{token} state'),
  tokenLocked: w('{token} bloqueado', '{token} locked'),
  tokenFailedCodes: w('OTP fallidos', 'Failed OTPs'),
  locked: w('Bloqueada', 'Locked'),
  lockedUntil: w('Bloqueada hasta', 'Locked until'),
  failedAttempts: w('Intentos fallidos', 'Failed attempts'),
  passwordKind: w('Tipo de clave', 'Password kind'),
  passwordHash: w('Protección de la clave', 'Password protection'),
  imageId: w('Imagen de seguridad', 'Security image'),
  otpConfirmation: w('OTP para confirmar acciones', 'OTP to confirm actions'),
  otpAtLogin: w('OTP al ingresar', 'OTP at login'),
  confirmationWindowMinutes: w(
    'Minutos de validez de un OTP confirmado',
    'Minutes a confirmed OTP stays valid',
  ),
  connectionRules: w('Controles de conexión', 'Connection controls'),
  allowedHours: w('Horarios permitidos', 'Allowed hours'),
  allowedIps: w('Direcciones IP permitidas', 'Allowed IP addresses'),
  filter: w('Filtro', 'Filter'),
  from: w('Desde', 'From'),
  to: w('Hasta', 'To'),
  rows: w('Registros', 'Records'),
  created: w('Creados', 'Created'),
  alreadyCreated: w('Ya creados', 'Already created'),
  fileName: w('Archivo', 'File'),
  principal: w('Administrador principal', 'Principal administrator'),
  dualControl: w('Control dual', 'Dual control'),
  pendingChangeHours: w('Horas para aprobar un cambio', 'Hours to approve a change'),
  content: w('Contenido', 'Content'),
  company: w('Empresa', 'Company'),
  legalName: w('Razón social', 'Legal name'),
  language: w('Idioma', 'Language'),
  administrator: w('Administrador', 'Administrator'),
  suspended: w('Suspendida', 'Suspended'),
  amount: w('Monto', 'Amount'),
  account: w('Cuenta', 'Account'),
  option: w('Opción', 'Option'),
  reason: w('Motivo', 'Reason'),
};

const valueLabels: Record<string, Record<string, Words>> = {
  profile: {
    OPERATOR: w('Operador', 'Operator'),
    SUPERVISOR: w('Supervisor', 'Supervisor'),
    BOTH: w('Ambos', 'Both'),
  },
  passwordKind: {
    generic: w('Genérica (del banco)', 'Generic (from the bank)'),
    assigned: w('Asignada por el administrador', 'Assigned by the administrator'),
    personal: w('Personal', 'Personal'),
  },
  language: { es: w('Español', 'Spanish'), en: w('Inglés', 'English') },
};

const weekdays: Record<string, Words> = {
  MON: w('Lunes', 'Monday'),
  TUE: w('Martes', 'Tuesday'),
  WED: w('Miércoles', 'Wednesday'),
  THU: w('Jueves', 'Thursday'),
  FRI: w('Viernes', 'Friday'),
  SAT: w('Sábado', 'Saturday'),
  SUN: w('Domingo', 'Sunday'),
};

/** What the words need from their reader: the language, the bank's token name, its amounts and option names. */
export interface AuditWordsContext {
  lang: Lang;
  /** The tenant's placeholders (`{token}`…). */
  params?: Record<string, string>;
  /** An amount of the API ("1500.00") as the reader writes it; as given when absent. */
  amount?: (amount: string) => string;
  /** An option's name (the tenant may rename some); the catalog's when absent. */
  optionLabel?: (id: string) => string | undefined;
  /** A code the catalog does not know (an API error code, for instance), in words. */
  otherCode?: (code: string) => string | undefined;
}

const fill = (words: Words, ctx: AuditWordsContext) => fillTemplate(words[ctx.lang], ctx.params ?? {});

/** "someFieldName" → "Some field name": the last resort for a field the catalog does not know yet. */
function humanize(code: string): string {
  const spaced = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function auditActionText(action: string, ctx: AuditWordsContext): string {
  const words = auditActionLabels[action];
  return words ? fill(words, ctx) : (ctx.otherCode?.(action) ?? humanize(action));
}

/**
 * An outcome in words: a lock or refusal reason, an export format, the action a confirmation
 * code confirmed ("Confirmó: Crear usuario"), the bank's operator ("Banco (IAM)"); "×12" for a
 * repeated refusal.
 */
export function auditOutcomeText(
  outcome: string | undefined,
  count: number | undefined,
  ctx: AuditWordsContext,
): string {
  const times = count && count > 1 ? ` ×${count}` : '';
  if (!outcome) return times ? times.trim() : '—';
  const parts = outcome.split(',').map((code) => {
    const known = auditOutcomeLabels[code];
    if (known) return fill(known, ctx);
    const route = auditRouteLabels[code];
    if (route) return `${ctx.lang === 'es' ? 'Confirmó' : 'Confirmed'}: ${fill(route, ctx)}`;
    if (code.startsWith('iam:')) return ctx.lang === 'es' ? 'Operador del banco' : 'Bank operator';
    if (code.startsWith('DORMANT'))
      return ctx.lang === 'es' ? 'Inactividad prolongada' : 'Prolonged inactivity';
    return ctx.otherCode?.(code) ?? humanize(code);
  });
  return `${parts.join('; ')}${times}`;
}

export function auditFieldText(field: string, ctx: AuditWordsContext): string {
  const words = auditFieldLabels[field];
  if (words) return fill(words, ctx);
  const option = optionsById.get(field);
  if (option) return ctx.optionLabel?.(field) ?? option.label[ctx.lang];
  // The option groups' ids are fields too ("Transferencias: 2" among the approvals).
  const group = optionGroups.find((g) => g.id === field);
  if (group) return group.label[ctx.lang];
  return humanize(field);
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value of a change in words: states, profiles, yes/no, options, amounts, accounts, rules. */
export function auditValueText(field: string, value: unknown, ctx: AuditWordsContext): string {
  const { lang } = ctx;
  if (value === undefined || value === null || value === '') return '—';
  // The user's anti-phishing image is theirs alone: whoever reads the log must not learn it.
  if (field === 'imageId') return lang === 'es' ? '(reservada)' : '(withheld)';
  if (typeof value === 'boolean') return value ? (lang === 'es' ? 'Sí' : 'Yes') : 'No';
  if (field === 'limitsCents' && typeof value === 'object' && !Array.isArray(value)) {
    return mapText(value as Record<string, unknown>, ctx, (id, cents) =>
      typeof cents === 'number' ? amount(formatAmountCents(cents), ctx) : auditValueText(id, cents, ctx),
    );
  }
  if (field === 'allowedHours' && typeof value === 'object' && !Array.isArray(value)) {
    const days = Object.entries(value as Record<string, { from: string; to: string }[]>);
    if (days.length === 0) return lang === 'es' ? 'Cualquier día y hora' : 'Any day and time';
    return days
      .map(
        ([day, windows]) =>
          `${weekdays[day]?.[lang] ?? day} ${(windows ?? []).map((x) => `${x.from}–${x.to}`).join(', ')}`,
      )
      .join('; ');
  }
  if (field === 'allowedIps' && Array.isArray(value) && value.length === 0)
    return lang === 'es' ? 'Cualquier dirección' : 'Any address';
  if (Array.isArray(value)) {
    if (value.length === 0) return lang === 'es' ? 'Ninguna' : 'None';
    return value.map((item) => auditValueText(field, item, ctx)).join(', ');
  }
  if (typeof value === 'object') {
    return mapText(value as Record<string, unknown>, ctx, (key, inner) => auditValueText(key, inner, ctx));
  }
  const text = String(value);
  if (field === 'state') return userStateLabels[text as 'ACTIVE']?.[lang] ?? text;
  if (field === 'tokenState') {
    const words = tokenStateLabels[text as 'ACTIVE'];
    return words ? fill(words, ctx) : text;
  }
  if (field === 'options' || field === 'option') {
    return ctx.optionLabel?.(text) ?? optionsById.get(text)?.label[lang] ?? text;
  }
  if (field === 'amount') return amount(text, ctx);
  const known = valueLabels[field]?.[text];
  if (known) return known[lang];
  if (isoInstant.test(text)) return text.replace('T', ' ').slice(0, 16);
  return text;
}

const amount = (value: string, ctx: AuditWordsContext) => (ctx.amount ? ctx.amount(value) : value);

/** `{ a: 1, b: 2 }` as "A: 1; B: 2", each key a field of the catalog. */
function mapText(
  value: Record<string, unknown>,
  ctx: AuditWordsContext,
  text: (key: string, inner: unknown) => string,
): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return '—';
  return entries.map(([key, inner]) => `${auditFieldText(key, ctx)}: ${text(key, inner)}`).join('; ');
}

/**
 * The changes of an entry, one line per field: "Estado: Pendiente → Activo", or only the value
 * when there was none before ("Usuario: …"). Permissions and rules are opened one level, so each
 * of their parts reads as its own line.
 */
export function auditChangeLines(
  changes: Record<string, { before?: unknown; after?: unknown }> | undefined,
  ctx: AuditWordsContext,
): string[] {
  if (!changes) return [];
  const lines: string[] = [];
  for (const [field, change] of Object.entries(changes)) {
    const before = change?.before;
    const after = change?.after;
    const nested =
      (field === 'permissions' || field === 'connectionRules') &&
      [before, after].every(
        (v) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v)),
      );
    if (nested) {
      const b = (before ?? {}) as Record<string, unknown>;
      const a = (after ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
        lines.push(line(key, b[key], a[key], before !== undefined && before !== null, ctx));
      }
      continue;
    }
    lines.push(line(field, before, after, 'before' in (change ?? {}), ctx));
  }
  return lines;
}

function line(field: string, before: unknown, after: unknown, hadBefore: boolean, ctx: AuditWordsContext) {
  const label = auditFieldText(field, ctx);
  const now = auditValueText(field, after, ctx);
  return hadBefore ? `${label}: ${auditValueText(field, before, ctx)} → ${now}` : `${label}: ${now}`;
}
