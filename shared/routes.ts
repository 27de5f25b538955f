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

/**
 * Who may call a route.
 * - `public`: anyone (login screens).
 * - `challenge`: a short-lived challenge from login (only the forced password change).
 * - `session`: any logged-in user of a company.
 * - `companyAdmin`: the company's administrator, in session.
 * - `bank`: the bank's back office; IAM (SigV4) authorization in AWS, a local key on the local stack.
 */
export type Access = 'public' | 'challenge' | 'session' | 'companyAdmin' | 'bank';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodMiniType;

export interface RouteDefinition {
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
  /** Per-function sizing, from `npm run bench` figures (defaults in the CDK construct). */
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
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
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof routes)[number]['id'];

/** The definition of one route, by id. */
export function route<I extends RouteId>(id: I): Extract<(typeof routes)[number], { id: I }> {
  const found = routes.find((r) => r.id === id);
  if (!found) throw new Error(`Unknown route ${id}`);
  return found as Extract<(typeof routes)[number], { id: I }>;
}
