import {
  captureBody,
  decisionBody,
  operationDecisionBody,
  operationEventsQuery,
  operationListQuery,
  operationPath,
  serviceOperationPath,
} from '../contracts/entitlements.ts';
import type { RouteDefinition } from './definition.ts';

/*
 * Entitlements and maker-checker operations (docs/entitlements.md). The `/service/…` routes
 * are for the bank's transactional modules: they reuse the `bank` access kind (IAM/SigV4 in
 * AWS, the local bank key locally). The `/operations/…` routes are the end users'.
 */

export const decideEntitlementsRoute = {
  id: 'decideEntitlements',
  method: 'POST',
  path: '/service/entitlements/decisions',
  handler: 'functions/entitlements/decide.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Decidir si un usuario puede usar una opción en una cuenta por un monto (una o hasta 25 preguntas)',
    en: 'Decide whether a user may use an option on an account for an amount (one or up to 25 questions)',
  },
  tag: 'entitlements',
  request: { body: decisionBody },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const captureOperationRoute = {
  id: 'captureOperation',
  method: 'POST',
  path: '/service/operations',
  handler: 'functions/entitlements/capture.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Registrar una operación capturada, pendiente de aprobación',
    en: 'Register a captured operation, pending approval',
  },
  tag: 'entitlements',
  request: { body: captureBody },
  response: { status: 201 },
  table: 'write',
  idempotent: true,
} as const satisfies RouteDefinition;

export const getServiceOperationRoute = {
  id: 'getServiceOperation',
  method: 'GET',
  path: '/service/operations/{companyCode}/{operationId}',
  handler: 'functions/entitlements/get-operation.ts',
  access: 'bank',
  otp: false,
  summary: { es: 'Estado de una operación', en: "An operation's state" },
  tag: 'entitlements',
  request: { path: serviceOperationPath },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const listOperationEventsRoute = {
  id: 'listOperationEvents',
  method: 'GET',
  path: '/service/operation-events',
  handler: 'functions/entitlements/list-events.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Eventos de operaciones finalizadas de una empresa (las 100 más recientes)',
    en: "A company's finished-operation events (the newest 100)",
  },
  tag: 'entitlements',
  request: { query: operationEventsQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const listPendingOperationsRoute = {
  id: 'listPendingOperations',
  method: 'GET',
  path: '/operations/pending',
  handler: 'functions/entitlements/list-pending.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Operaciones por aprobar', en: 'Operations to approve' },
  tag: 'entitlements',
  request: { query: operationListQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const listMyOperationsRoute = {
  id: 'listMyOperations',
  method: 'GET',
  path: '/operations/mine',
  handler: 'functions/entitlements/list-mine.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Mis operaciones capturadas y su estado', en: 'My captured operations and their state' },
  tag: 'entitlements',
  request: { query: operationListQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const decideOperationRoute = {
  id: 'decideOperation',
  method: 'POST',
  path: '/operations/{operationId}/decision',
  handler: 'functions/entitlements/decide-operation.ts',
  access: 'session',
  otp: true,
  summary: {
    es: 'Aprobar o rechazar una operación con el código del {token}',
    en: 'Approve or reject an operation with the {token} code',
  },
  tag: 'entitlements',
  optionExemption:
    'The operation’s own option, account and amount are checked against the approver by the use case.',
  request: { path: operationPath, body: operationDecisionBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const withdrawOperationRoute = {
  id: 'withdrawOperation',
  method: 'POST',
  path: '/operations/{operationId}/withdrawal',
  handler: 'functions/entitlements/withdraw.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Retirar una operación propia pendiente', en: 'Withdraw an own pending operation' },
  tag: 'entitlements',
  optionExemption: 'Withdrawing one’s own capture needs no option beyond the one it was captured under.',
  request: { path: operationPath },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

/** The entitlement area's routes (handlers under `functions/entitlements/`). */
export const entitlementsRoutes = [
  decideEntitlementsRoute,
  captureOperationRoute,
  getServiceOperationRoute,
  listOperationEventsRoute,
  listPendingOperationsRoute,
  listMyOperationsRoute,
  decideOperationRoute,
  withdrawOperationRoute,
] as const;
