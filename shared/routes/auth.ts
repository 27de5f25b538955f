import {
  changeInitialPasswordBody,
  changeMyPasswordBody,
  chooseImageBody,
  identifyBody,
  loginBody,
} from '../contracts/auth.ts';
import { otpBody } from '../contracts/tokens.ts';
import type { RouteDefinition } from './definition.ts';

export const identifyRoute = {
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
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const loginRoute = {
  id: 'login',
  method: 'POST',
  path: '/auth/login',
  handler: 'functions/auth/login.ts',
  access: 'public',
  otp: false,
  summary: { es: 'Ingresar con la clave', en: 'Log in with the password' },
  tag: 'auth',
  request: { body: loginBody },
  response: { status: 200 },
  table: 'write',
  // One full vCPU for the password hash (Argon2id, single lane): docs/security.md, "Password hashing".
  memoryMb: 1769,
} as const satisfies RouteDefinition;

export const changeInitialPasswordRoute = {
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
  response: { status: 200 },
  table: 'write',
  // One full vCPU for the password hash (Argon2id, single lane): docs/security.md, "Password hashing".
  memoryMb: 1769,
} as const satisfies RouteDefinition;

export const passwordRulesRoute = {
  id: 'passwordRules',
  method: 'GET',
  path: '/auth/password-rules',
  handler: 'functions/auth/password-rules.ts',
  access: 'public',
  otp: false,
  summary: { es: 'Reglas de la clave', en: 'Password rules' },
  tag: 'auth',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const listAntiphishingImagesRoute = {
  id: 'listAntiphishingImages',
  method: 'GET',
  path: '/auth/antiphishing-images',
  handler: 'functions/auth/list-images.ts',
  access: 'public',
  otp: false,
  summary: { es: 'Catálogo de imágenes antiphishing', en: 'Anti-phishing image catalog' },
  tag: 'auth',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const chooseImageRoute = {
  id: 'chooseImage',
  method: 'POST',
  path: '/auth/antiphishing-image',
  handler: 'functions/auth/choose-image.ts',
  access: 'challenge',
  otp: false,
  summary: { es: 'Elegir la imagen antiphishing', en: 'Choose the anti-phishing image' },
  tag: 'auth',
  request: { body: chooseImageBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const logoutRoute = {
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
  optionExemption: 'Ending one’s own session is part of every session, not a menu option.',
} as const satisfies RouteDefinition;

export const changeMyPasswordRoute = {
  id: 'changeMyPassword',
  method: 'POST',
  path: '/me/password',
  handler: 'functions/auth/change-my-password.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Cambio de Clave', en: 'Change my password' },
  tag: 'auth',
  request: { body: changeMyPasswordBody },
  response: { status: 200 },
  table: 'write',
  option: 'services.changePassword',
  memoryMb: 1769,
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const getMeRoute = {
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
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const loginOtpRoute = {
  id: 'loginOtp',
  method: 'POST',
  path: '/auth/login/otp',
  handler: 'functions/auth/login-otp.ts',
  access: 'challenge',
  otp: false,
  summary: {
    es: 'Ingresar el OTP del {token} (cuando la empresa lo exige al ingresar)',
    en: 'Enter the {token} OTP (when the company requires it at login)',
  },
  tag: 'auth',
  request: { body: otpBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

/** The auth area's routes (handlers under `functions/auth/`); `shared/routes.ts` assembles every area into the table. */
export const authRoutes = [
  identifyRoute,
  loginRoute,
  changeInitialPasswordRoute,
  passwordRulesRoute,
  listAntiphishingImagesRoute,
  chooseImageRoute,
  logoutRoute,
  changeMyPasswordRoute,
  getMeRoute,
  loginOtpRoute,
] as const;
