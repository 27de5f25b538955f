import { administratorInput, pendingChangePath, rejectionBody } from '../contracts/administrators.ts';
import type { RouteDefinition } from './definition.ts';

/*
 * Several administrators and dual control (docs/administrators.md): the company
 * administrators' routes (handlers under `functions/administrators/`). The bank's own
 * administrator routes are in `bank.ts`.
 */

export const listPendingChangesRoute = {
  id: 'listPendingChanges',
  method: 'GET',
  path: '/pending-changes',
  handler: 'functions/administrators/list-pending-changes.ts',
  access: 'companyAdmin',
  otp: false,
  summary: {
    es: 'Cambios pendientes de aprobación: quién propuso qué, cuándo, antes → después, y su estado',
    en: 'Changes pending approval: who proposed what, when, before → after, and their state',
  },
  tag: 'administrators',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const rejectPendingChangeRoute = {
  id: 'rejectPendingChange',
  method: 'POST',
  path: '/pending-changes/{changeId}/rejection',
  handler: 'functions/administrators/reject-pending-change.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'Rechazar un cambio pendiente que propuso otro administrador (con su código OTP): no se aplica',
    en: 'Reject a pending change another administrator proposed (with your OTP code): it is not applied',
  },
  tag: 'administrators',
  request: { path: pendingChangePath, body: rejectionBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const withdrawPendingChangeRoute = {
  id: 'withdrawPendingChange',
  method: 'POST',
  path: '/pending-changes/{changeId}/withdrawal',
  handler: 'functions/administrators/withdraw-pending-change.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'Retirar un cambio pendiente propio: no se aplica',
    en: 'Withdraw a pending change of your own: it is not applied',
  },
  tag: 'administrators',
  request: { path: pendingChangePath },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const listAdministratorsRoute = {
  id: 'listAdministrators',
  method: 'GET',
  path: '/administrators',
  handler: 'functions/administrators/list-administrators.ts',
  access: 'companyAdmin',
  otp: false,
  summary: {
    es: 'Los administradores de la empresa (el principal primero)',
    en: "The company's administrators (the principal first)",
  },
  tag: 'administrators',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const proposeAdministratorRoute = {
  id: 'proposeAdministrator',
  method: 'POST',
  path: '/administrators',
  handler: 'functions/administrators/propose-administrator.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'El administrador principal agrega un administrador (clave genérica por correo; con control dual, otro aprueba)',
    en: 'The principal administrator adds an administrator (generic password e-mailed; with dual control, another approves)',
  },
  tag: 'administrators',
  request: { body: administratorInput },
  response: { status: 201 },
  table: 'write',
  dualControl: true,
  principalOnly: true,
  sendsMail: true,
  memoryMb: 1024,
} as const satisfies RouteDefinition;

export const administratorsRoutes = [
  listPendingChangesRoute,
  rejectPendingChangeRoute,
  withdrawPendingChangeRoute,
  listAdministratorsRoute,
  proposeAdministratorRoute,
] as const;
