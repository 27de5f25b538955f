import { userPath } from '../contracts/auth.ts';
import { companySettingsBody, otpBody, tokenListQuery, userTokenStateBody } from '../contracts/tokens.ts';
import type { RouteDefinition } from './definition.ts';

export const getMyTokenRoute = {
  id: 'getMyToken',
  method: 'GET',
  path: '/me/token',
  handler: 'functions/tokens/get-my-token.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Estado de mi {token}', en: 'My {token} state' },
  tag: 'tokens',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const requestTokenRoute = {
  id: 'requestToken',
  method: 'POST',
  path: '/me/token',
  handler: 'functions/tokens/request-token.ts',
  access: 'session',
  otp: false,
  summary: {
    es: 'Solicitud {token}: nuevo secreto como URI otpauth:// y código QR',
    en: 'Request a {token}: a new secret as an otpauth:// URI and QR code',
  },
  tag: 'tokens',
  request: {},
  response: { status: 201 },
  table: 'write',
  option: 'services.requestToken',
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const installTokenRoute = {
  id: 'installToken',
  method: 'POST',
  path: '/me/token/installation',
  handler: 'functions/tokens/install-token.ts',
  access: 'session',
  otp: false,
  summary: {
    es: 'Instalar el {token} con el código actual de la aplicación',
    en: "Install the {token} with the app's current code",
  },
  tag: 'tokens',
  request: { body: otpBody },
  response: { status: 200 },
  table: 'write',
  // Installing completes the request ("Solicitud {token}"): the same option governs both.
  option: 'services.requestToken',
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const cancelTokenRoute = {
  id: 'cancelToken',
  method: 'POST',
  path: '/me/token/cancellation',
  handler: 'functions/tokens/cancel-token.ts',
  access: 'session',
  otp: false,
  summary: {
    es: 'Cancelar {token} (con un código actual)',
    en: 'Cancel my {token} (with a current code)',
  },
  tag: 'tokens',
  request: { body: otpBody },
  response: { status: 200 },
  table: 'write',
  option: 'services.cancelToken',
} as const satisfies RouteDefinition;

export const listUserTokensRoute = {
  id: 'listUserTokens',
  method: 'GET',
  path: '/tokens',
  handler: 'functions/tokens/list-user-tokens.ts',
  access: 'companyAdmin',
  otp: false,
  summary: {
    es: 'Administrar {tokenHyphenated}: usuarios y el estado de su token',
    en: "Administer {token}s: users and their token's state",
  },
  tag: 'tokens',
  request: { query: tokenListQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const setUserTokenStateRoute = {
  id: 'setUserTokenState',
  method: 'PUT',
  path: '/users/{userCode}/token',
  handler: 'functions/tokens/set-user-token-state.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'Activar o desactivar el {token} instalado de un usuario (paso 24)',
    en: "Activate or deactivate a user's installed {token} (step 24)",
  },
  tag: 'tokens',
  request: { path: userPath, body: userTokenStateBody },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const getCompanySettingsRoute = {
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
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const updateCompanySettingsRoute = {
  id: 'updateCompanySettings',
  method: 'PUT',
  path: '/company/settings',
  handler: 'functions/tokens/update-company-settings.ts',
  access: 'companyAdmin',
  otp: true,
  // The window of a confirmed code never spares the code that changes the window (docs/security.md).
  otpEveryTime: true,
  summary: {
    es: 'Cambiar los ajustes de OTP de la empresa',
    en: "Change the company's OTP settings",
  },
  tag: 'tokens',
  request: { body: companySettingsBody },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
} as const satisfies RouteDefinition;

export const resetUserTokenRoute = {
  id: 'resetUserToken',
  method: 'POST',
  path: '/users/{userCode}/token/reset',
  handler: 'functions/tokens/reset-user-token.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'Reiniciar el {token} de un usuario desde cualquier estado: el secreto se destruye y puede solicitar uno nuevo',
    en: "Reset a user's {token} from any state: the secret is destroyed and a new one may be requested",
  },
  tag: 'tokens',
  request: { path: userPath },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
  sendsMail: true,
} as const satisfies RouteDefinition;

/** The tokens area's routes (handlers under `functions/tokens/`); `shared/routes.ts` assembles every area into the table. */
export const tokensRoutes = [
  getMyTokenRoute,
  requestTokenRoute,
  installTokenRoute,
  cancelTokenRoute,
  listUserTokensRoute,
  setUserTokenStateRoute,
  resetUserTokenRoute,
  getCompanySettingsRoute,
  updateCompanySettingsRoute,
] as const;
