import type * as z from 'zod/mini';
import {
  assignPasswordBody,
  assignPasswordResponse,
  changeInitialPasswordBody,
  changeMyPasswordBody,
  chooseImageBody,
  chooseImageResponse,
  identifyBody,
  identifyResponse,
  imagesResponse,
  loginBody,
  loginOtpResponse,
  loginResponse,
  passwordChangedResponse,
  passwordRulesResponse,
  userPath,
} from './contracts/auth.ts';
import {
  companyPath,
  onboardCompanyBody,
  onboardCompanyResponse,
  reissueResponse,
} from './contracts/bank.ts';
import {
  companyConnectionRulesResponse,
  connectionRulesBody,
  ipSetBody,
  ipSetPath,
  ipSetResponse,
  userConnectionRulesResponse,
  userRulesPath,
} from './contracts/controls.ts';
import {
  companySettingsBody,
  companySettingsResponse,
  myTokenResponse,
  otpBody,
  tokenCancelledResponse,
  tokenInstalledResponse,
  tokenListQuery,
  tokenListResponse,
  tokenRequestResponse,
  userTokenStateBody,
  userTokenStateResponse,
} from './contracts/tokens.ts';
import {
  accountsResponse,
  auditExportQuery,
  auditQuery,
  auditResponse,
  changeStateBody,
  changeStateResponse,
  createUserBody,
  createUserResponse,
  exportQuery,
  listQuery,
  listUsersResponse,
  optionsCatalogResponse,
  updateUserBody,
  userPathParams,
  userView,
} from './contracts/users.ts';

/**
 * Who may call a route.
 * - `public`: anyone (login screens).
 * - `challenge`: a short-lived challenge from login (the forced password change, the image choice, the OTP step).
 * - `session`: any logged-in user of a company.
 * - `companyAdmin`: the company's administrator, in session.
 * - `bank`: the bank's back office; IAM (SigV4) authorization in AWS, a local key on the local stack.
 */
export type Access = 'public' | 'challenge' | 'session' | 'companyAdmin' | 'bank';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodMiniType;

interface RouteFields {
  /** Stable identifier; also the Lambda function's logical name. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path, with `{param}` placeholders. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly handler: string;
  readonly access: Access;
  /** Whether an OTP from the caller's BOP Token confirms the action (when the company requires it). */
  readonly otp: boolean;
  /** Why a company-administrator route that writes is not confirmed with an OTP (see {@link OtpRule}). */
  readonly otpExemption?: string;
  readonly summary: { readonly es: string; readonly en: string };
  readonly tag: 'bank' | 'auth' | 'users' | 'tokens' | 'controls' | 'catalog';
  readonly request: { readonly body?: Schema; readonly path?: Schema; readonly query?: Schema };
  /** The success status and its body schema. */
  readonly response: { readonly status: number; readonly body?: Schema; readonly contentType?: string };
  /**
   * What the function may do to the table: `read` (GetItem, Query, BatchGetItem) or `write`
   * (read plus PutItem, UpdateItem, TransactWriteItems, ConditionCheck). Never Scan or DeleteTable.
   */
  readonly table: 'read' | 'write';
  /** Whether the function sends e-mail through SES (granted for the configured identity only). */
  readonly sendsMail?: boolean;
  /**
   * Whether the route honours an `Idempotency-Key` header (creating routes): a repeat of the
   * request with the same key is answered from the first execution, once, for 24 h; the same
   * key with another request is refused. The middleware's only extra round trips are on these routes.
   */
  readonly idempotent?: boolean;
  /**
   * What the function may do to the bank-wide AWS WAF IP sets (the four named by the
   * `WAF_*_SET` variables): `read` (wafv2:GetIPSet) or `write` (also wafv2:UpdateIPSet).
   */
  readonly wafIpSets?: 'read' | 'write';
  /** Per-function sizing, from `npm run bench` figures (defaults in the CDK construct). */
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

/**
 * The OTP default (guide steps 14, 18, 22): a company-administrator route that changes state
 * is confirmed with an OTP (`otp: true`) unless it says why not (`otp: false` with an
 * `otpExemption` reason). A new route that breaks this does not compile, and
 * {@link confirmsWithOtp} applies the same rule at run time.
 */
type OtpRule =
  | { readonly access: Exclude<Access, 'companyAdmin'> }
  | { readonly table: 'read' }
  | { readonly otp: true }
  | { readonly otp: false; readonly otpExemption: string };

export type RouteDefinition = RouteFields & OtpRule;

/** Whether an OTP confirms the route: its flag, or the default for an unexempted company-administrator write. */
export function confirmsWithOtp(route: RouteDefinition): boolean {
  return route.otp || (route.access === 'companyAdmin' && route.table === 'write' && !route.otpExemption);
}

/**
 * Whether the route goes through the confirmation step: OTP-confirmed routes, and every
 * company-administrator route, since the administrator acts only with an active BOP Token (step 9).
 */
export function needsConfirmation(route: RouteDefinition): boolean {
  return route.access === 'companyAdmin' || confirmsWithOtp(route);
}

/** Every route of the API, each once. CDK, the local server, the OpenAPI document and the tests derive from it. */
export const routes = [
  {
    id: 'onboardCompany',
    method: 'POST',
    path: '/bank/companies',
    handler: 'functions/bank/onboard-company.ts',
    access: 'bank',
    otp: false,
    summary: {
      es: 'Registrar una empresa, sus cuentas y su administrador; enviar la clave genérica por correo',
      en: 'Onboard a company, its accounts and its administrator; e-mail the generic password',
    },
    tag: 'bank',
    request: { body: onboardCompanyBody },
    response: { status: 201, body: onboardCompanyResponse },
    table: 'write',
    sendsMail: true,
    idempotent: true,
    memoryMb: 1024,
  },
  {
    id: 'reissueAdminPassword',
    method: 'POST',
    path: '/bank/companies/{companyCode}/administrator/generic-password',
    handler: 'functions/bank/reissue-admin-password.ts',
    access: 'bank',
    otp: false,
    summary: {
      es: 'Reemitir la clave genérica del administrador (también lo desbloquea)',
      en: "Re-issue the administrator's generic password (also unlocks it)",
    },
    tag: 'bank',
    request: { path: companyPath },
    response: { status: 200, body: reissueResponse },
    table: 'write',
    sendsMail: true,
    memoryMb: 1024,
  },
  {
    id: 'identify',
    method: 'POST',
    path: '/auth/identify',
    handler: 'functions/auth/identify.ts',
    access: 'public',
    otp: false,
    summary: {
      es: 'Identificarse con código de empresa y de usuario: devuelve la imagen antiphishing',
      en: 'Identify with company and user code: returns the anti-phishing image',
    },
    tag: 'auth',
    request: { body: identifyBody },
    response: { status: 200, body: identifyResponse },
    table: 'read',
  },
  {
    id: 'login',
    method: 'POST',
    path: '/auth/login',
    handler: 'functions/auth/login.ts',
    access: 'public',
    otp: false,
    summary: { es: 'Ingresar con la clave', en: 'Log in with the password' },
    tag: 'auth',
    request: { body: loginBody },
    response: { status: 200, body: loginResponse },
    table: 'write',
    memoryMb: 1024,
  },
  {
    id: 'changeInitialPassword',
    method: 'POST',
    path: '/auth/password-change',
    handler: 'functions/auth/change-initial-password.ts',
    access: 'challenge',
    otp: false,
    summary: {
      es: 'Cambiar la clave genérica o asignada (primer ingreso)',
      en: 'Change the generic or assigned password (first login)',
    },
    tag: 'auth',
    request: { body: changeInitialPasswordBody },
    response: { status: 200, body: passwordChangedResponse },
    table: 'write',
    memoryMb: 1024,
  },
  {
    id: 'passwordRules',
    method: 'GET',
    path: '/auth/password-rules',
    handler: 'functions/auth/password-rules.ts',
    access: 'public',
    otp: false,
    summary: { es: 'Reglas de la clave', en: 'Password rules' },
    tag: 'auth',
    request: {},
    response: { status: 200, body: passwordRulesResponse },
    table: 'read',
  },
  {
    id: 'listAntiphishingImages',
    method: 'GET',
    path: '/auth/antiphishing-images',
    handler: 'functions/auth/list-images.ts',
    access: 'public',
    otp: false,
    summary: { es: 'Catálogo de imágenes antiphishing', en: 'Anti-phishing image catalog' },
    tag: 'auth',
    request: {},
    response: { status: 200, body: imagesResponse },
    table: 'read',
  },
  {
    id: 'chooseImage',
    method: 'POST',
    path: '/auth/antiphishing-image',
    handler: 'functions/auth/choose-image.ts',
    access: 'challenge',
    otp: false,
    summary: { es: 'Elegir la imagen antiphishing', en: 'Choose the anti-phishing image' },
    tag: 'auth',
    request: { body: chooseImageBody },
    response: { status: 200, body: chooseImageResponse },
    table: 'write',
  },
  {
    id: 'logout',
    method: 'POST',
    path: '/auth/logout',
    handler: 'functions/auth/logout.ts',
    access: 'session',
    otp: false,
    summary: { es: 'Cerrar sesión', en: 'Log out' },
    tag: 'auth',
    request: {},
    response: { status: 204 },
    table: 'write',
  },
  {
    id: 'changeMyPassword',
    method: 'POST',
    path: '/me/password',
    handler: 'functions/auth/change-my-password.ts',
    access: 'session',
    otp: false,
    summary: { es: 'Cambio de Clave', en: 'Change my password' },
    tag: 'auth',
    request: { body: changeMyPasswordBody },
    response: { status: 200, body: passwordChangedResponse },
    table: 'write',
    memoryMb: 1024,
  },
  {
    id: 'assignUserPassword',
    method: 'PUT',
    path: '/users/{userCode}/password',
    handler: 'functions/users/assign-password.ts',
    access: 'companyAdmin',
    otp: true,
    summary: { es: 'Asignar clave a un usuario', en: "Assign a user's password" },
    tag: 'users',
    request: { path: userPath, body: assignPasswordBody },
    response: { status: 200, body: assignPasswordResponse },
    table: 'write',
    memoryMb: 1024,
  },
  {
    id: 'createUser',
    method: 'POST',
    path: '/users',
    handler: 'functions/users/create-user.ts',
    access: 'companyAdmin',
    otp: true,
    summary: { es: 'Crear un usuario (pasos 10–13)', en: 'Create a user (steps 10–13)' },
    tag: 'users',
    request: { body: createUserBody },
    response: { status: 201, body: createUserResponse },
    table: 'write',
    idempotent: true,
  },
  {
    id: 'listUsers',
    method: 'GET',
    path: '/users',
    handler: 'functions/users/list-users.ts',
    access: 'companyAdmin',
    otp: false,
    summary: { es: 'Listar los usuarios de la empresa', en: "List the company's users" },
    tag: 'users',
    request: { query: listQuery },
    response: { status: 200, body: listUsersResponse },
    table: 'read',
  },
  {
    id: 'getUser',
    method: 'GET',
    path: '/users/{userCode}',
    handler: 'functions/users/get-user.ts',
    access: 'companyAdmin',
    otp: false,
    summary: { es: 'Consultar un usuario', en: 'Get a user' },
    tag: 'users',
    request: { path: userPathParams },
    response: { status: 200, body: userView },
    table: 'read',
  },
  {
    id: 'updateUser',
    method: 'PATCH',
    path: '/users/{userCode}',
    handler: 'functions/users/update-user.ts',
    access: 'companyAdmin',
    otp: true,
    summary: { es: 'Modificar un usuario', en: 'Modify a user' },
    tag: 'users',
    request: { path: userPathParams, body: updateUserBody },
    response: { status: 200, body: changeStateResponse },
    table: 'write',
  },
  {
    id: 'changeUserState',
    method: 'PUT',
    path: '/users/{userCode}/state',
    handler: 'functions/users/change-state.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Cambiar el estado de un usuario (pasos 19–23)',
      en: "Change a user's state (steps 19–23)",
    },
    tag: 'users',
    request: { path: userPathParams, body: changeStateBody },
    response: { status: 200, body: changeStateResponse },
    table: 'write',
  },
  {
    id: 'exportUsers',
    method: 'GET',
    path: '/exports/users',
    handler: 'functions/exports/export-users.ts',
    access: 'companyAdmin',
    otp: false,
    summary: {
      es: 'Exportar la lista de usuarios (CSV, Excel, PDF)',
      en: 'Export the user list (CSV, Excel, PDF)',
    },
    tag: 'users',
    request: { query: exportQuery },
    response: { status: 200, contentType: 'application/octet-stream' },
    table: 'read',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    id: 'optionsCatalog',
    method: 'GET',
    path: '/catalog/options',
    handler: 'functions/catalog/options.ts',
    access: 'session',
    otp: false,
    summary: { es: 'Catálogo de opciones del menú', en: 'Menu options catalog' },
    tag: 'catalog',
    request: {},
    response: { status: 200, body: optionsCatalogResponse },
    table: 'read',
  },
  {
    id: 'companyAccounts',
    method: 'GET',
    path: '/company/accounts',
    handler: 'functions/catalog/accounts.ts',
    access: 'companyAdmin',
    otp: false,
    summary: { es: 'Cuentas de la empresa', en: "The company's accounts" },
    tag: 'catalog',
    request: {},
    response: { status: 200, body: accountsResponse },
    table: 'read',
  },
  {
    id: 'getMe',
    method: 'GET',
    path: '/me',
    handler: 'functions/auth/get-me.ts',
    access: 'session',
    otp: false,
    summary: {
      es: 'Mi perfil: opciones, límites y cuentas otorgadas',
      en: 'My profile: the options, limits and accounts granted',
    },
    tag: 'auth',
    request: {},
    response: { status: 200, body: userView },
    table: 'read',
  },
  {
    id: 'listAudit',
    method: 'GET',
    path: '/audit',
    handler: 'functions/audit/list-audit.ts',
    access: 'companyAdmin',
    otp: false,
    summary: { es: 'Bitácora de auditoría', en: 'Audit log' },
    tag: 'users',
    request: { query: auditQuery },
    response: { status: 200, body: auditResponse },
    table: 'read',
  },
  {
    id: 'exportAudit',
    method: 'GET',
    path: '/exports/audit',
    handler: 'functions/exports/export-audit.ts',
    access: 'companyAdmin',
    otp: false,
    summary: { es: 'Exportar la bitácora (CSV, Excel, PDF)', en: 'Export the audit log (CSV, Excel, PDF)' },
    tag: 'users',
    request: { query: auditExportQuery },
    response: { status: 200, contentType: 'application/octet-stream' },
    table: 'read',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    id: 'loginOtp',
    method: 'POST',
    path: '/auth/login/otp',
    handler: 'functions/auth/login-otp.ts',
    access: 'challenge',
    otp: false,
    summary: {
      es: 'Ingresar el OTP del BOP Token (cuando la empresa lo exige al ingresar)',
      en: 'Enter the BOP Token OTP (when the company requires it at login)',
    },
    tag: 'auth',
    request: { body: otpBody },
    response: { status: 200, body: loginOtpResponse },
    table: 'write',
  },
  {
    id: 'getMyToken',
    method: 'GET',
    path: '/me/token',
    handler: 'functions/tokens/get-my-token.ts',
    access: 'session',
    otp: false,
    summary: { es: 'Estado de mi BOP Token', en: 'My BOP Token state' },
    tag: 'tokens',
    request: {},
    response: { status: 200, body: myTokenResponse },
    table: 'read',
  },
  {
    id: 'requestToken',
    method: 'POST',
    path: '/me/token',
    handler: 'functions/tokens/request-token.ts',
    access: 'session',
    otp: false,
    summary: {
      es: 'Solicitud BOP Token: nuevo secreto como URI otpauth:// y código QR',
      en: 'Request a BOP Token: a new secret as an otpauth:// URI and QR code',
    },
    tag: 'tokens',
    request: {},
    response: { status: 201, body: tokenRequestResponse },
    table: 'write',
  },
  {
    id: 'installToken',
    method: 'POST',
    path: '/me/token/installation',
    handler: 'functions/tokens/install-token.ts',
    access: 'session',
    otp: false,
    summary: {
      es: 'Instalar el BOP Token con el código actual de la aplicación',
      en: "Install the BOP Token with the app's current code",
    },
    tag: 'tokens',
    request: { body: otpBody },
    response: { status: 200, body: tokenInstalledResponse },
    table: 'write',
  },
  {
    id: 'cancelToken',
    method: 'POST',
    path: '/me/token/cancellation',
    handler: 'functions/tokens/cancel-token.ts',
    access: 'session',
    otp: false,
    summary: {
      es: 'Cancelar BOP Token (con un código actual)',
      en: 'Cancel my BOP Token (with a current code)',
    },
    tag: 'tokens',
    request: { body: otpBody },
    response: { status: 200, body: tokenCancelledResponse },
    table: 'write',
  },
  {
    id: 'listUserTokens',
    method: 'GET',
    path: '/tokens',
    handler: 'functions/tokens/list-user-tokens.ts',
    access: 'companyAdmin',
    otp: false,
    summary: {
      es: 'Administrar BOP-Token: usuarios y el estado de su token',
      en: "Administer BOP Tokens: users and their token's state",
    },
    tag: 'tokens',
    request: { query: tokenListQuery },
    response: { status: 200, body: tokenListResponse },
    table: 'read',
  },
  {
    id: 'setUserTokenState',
    method: 'PUT',
    path: '/users/{userCode}/token',
    handler: 'functions/tokens/set-user-token-state.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Activar o desactivar el BOP Token instalado de un usuario (paso 24)',
      en: "Activate or deactivate a user's installed BOP Token (step 24)",
    },
    tag: 'tokens',
    request: { path: userPath, body: userTokenStateBody },
    response: { status: 200, body: userTokenStateResponse },
    table: 'write',
  },
  {
    id: 'getCompanySettings',
    method: 'GET',
    path: '/company/settings',
    handler: 'functions/tokens/get-company-settings.ts',
    access: 'companyAdmin',
    otp: false,
    summary: {
      es: 'Ajustes de la empresa: OTP para confirmar acciones y al ingresar',
      en: 'Company settings: OTP to confirm actions and at login',
    },
    tag: 'tokens',
    request: {},
    response: { status: 200, body: companySettingsResponse },
    table: 'read',
  },
  {
    id: 'updateCompanySettings',
    method: 'PUT',
    path: '/company/settings',
    handler: 'functions/tokens/update-company-settings.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Cambiar los ajustes de OTP de la empresa',
      en: "Change the company's OTP settings",
    },
    tag: 'tokens',
    request: { body: companySettingsBody },
    response: { status: 200, body: companySettingsResponse },
    table: 'write',
  },
  {
    id: 'getCompanyConnectionRules',
    method: 'GET',
    path: '/company/connection-rules',
    handler: 'functions/controls/get-company-rules.ts',
    access: 'companyAdmin',
    otp: false,
    summary: {
      es: 'Controles de conexión de la empresa: horarios e IPs permitidos a todos los usuarios finales (paso 25)',
      en: "The company's connection controls: hours and IPs allowed to every end user (step 25)",
    },
    tag: 'controls',
    request: {},
    response: { status: 200, body: companyConnectionRulesResponse },
    table: 'read',
  },
  {
    id: 'setCompanyConnectionRules',
    method: 'PUT',
    path: '/company/connection-rules',
    handler: 'functions/controls/set-company-rules.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Definir los horarios e IPs permitidos a todos los usuarios finales (paso 25)',
      en: 'Set the hours and IPs allowed to every end user (step 25)',
    },
    tag: 'controls',
    request: { body: connectionRulesBody },
    response: { status: 200, body: companyConnectionRulesResponse },
    table: 'write',
  },
  {
    id: 'getUserConnectionRules',
    method: 'GET',
    path: '/users/{userCode}/connection-rules',
    handler: 'functions/controls/get-user-rules.ts',
    access: 'companyAdmin',
    otp: false,
    summary: {
      es: 'Controles de conexión propios de un usuario final, y cuáles le aplican (paso 25)',
      en: "An end user's own connection controls, and which apply (step 25)",
    },
    tag: 'controls',
    request: { path: userRulesPath },
    response: { status: 200, body: userConnectionRulesResponse },
    table: 'read',
  },
  {
    id: 'setUserConnectionRules',
    method: 'PUT',
    path: '/users/{userCode}/connection-rules',
    handler: 'functions/controls/set-user-rules.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Definir los horarios e IPs de un usuario final, en lugar de los de la empresa (paso 25)',
      en: "Set an end user's hours and IPs, instead of the company's (step 25)",
    },
    tag: 'controls',
    request: { path: userRulesPath, body: connectionRulesBody },
    response: { status: 200, body: userConnectionRulesResponse },
    table: 'write',
  },
  {
    id: 'removeUserConnectionRules',
    method: 'DELETE',
    path: '/users/{userCode}/connection-rules',
    handler: 'functions/controls/remove-user-rules.ts',
    access: 'companyAdmin',
    otp: true,
    summary: {
      es: 'Quitar los controles propios de un usuario final: le aplican los de la empresa (paso 25)',
      en: "Remove an end user's own controls: the company's apply (step 25)",
    },
    tag: 'controls',
    request: { path: userRulesPath },
    response: { status: 204 },
    table: 'write',
  },
  {
    id: 'getBankIpSet',
    method: 'GET',
    path: '/bank/ip-sets/{ipSet}',
    handler: 'functions/bank/get-ip-set.ts',
    access: 'bank',
    otp: false,
    summary: {
      es: 'Direcciones IP bloqueadas o permitidas en todo el banco (WAF)',
      en: 'Bank-wide blocked or allowed IP addresses (WAF)',
    },
    tag: 'bank',
    request: { path: ipSetPath },
    response: { status: 200, body: ipSetResponse },
    table: 'read',
    wafIpSets: 'read',
  },
  {
    id: 'replaceBankIpSet',
    method: 'PUT',
    path: '/bank/ip-sets/{ipSet}',
    handler: 'functions/bank/replace-ip-set.ts',
    access: 'bank',
    otp: false,
    summary: {
      es: 'Reemplazar las direcciones IP bloqueadas o permitidas en todo el banco (WAF)',
      en: 'Replace the bank-wide blocked or allowed IP addresses (WAF)',
    },
    tag: 'bank',
    request: { path: ipSetPath, body: ipSetBody },
    response: { status: 200, body: ipSetResponse },
    table: 'write',
    wafIpSets: 'write',
  },
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof routes)[number]['id'];

/** The definition of one route, by id. */
export function route<I extends RouteId>(id: I): Extract<(typeof routes)[number], { id: I }> {
  const found = routes.find((r) => r.id === id);
  if (!found) throw new Error(`Unknown route ${id}`);
  return found as Extract<(typeof routes)[number], { id: I }>;
}
