import { connectionRulesBody, userRulesPath } from '../contracts/controls.ts';
import type { RouteDefinition } from './definition.ts';

export const getCompanyConnectionRulesRoute = {
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
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const setCompanyConnectionRulesRoute = {
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
  response: { status: 200 },
  table: 'write',
  dualControl: true,
} as const satisfies RouteDefinition;

export const getUserConnectionRulesRoute = {
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
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const setUserConnectionRulesRoute = {
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
  response: { status: 200 },
  table: 'write',
  dualControl: true,
} as const satisfies RouteDefinition;

export const removeUserConnectionRulesRoute = {
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
  dualControl: true,
} as const satisfies RouteDefinition;

/** The controls area's routes (handlers under `functions/controls/`); `shared/routes.ts` assembles every area into the table. */
export const controlsRoutes = [
  getCompanyConnectionRulesRoute,
  setCompanyConnectionRulesRoute,
  getUserConnectionRulesRoute,
  setUserConnectionRulesRoute,
  removeUserConnectionRulesRoute,
] as const;
