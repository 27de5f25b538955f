import { auditQuery } from '../contracts/users.ts';
import type { RouteDefinition } from './definition.ts';

export const listAuditRoute = {
  id: 'listAudit',
  method: 'GET',
  path: '/audit',
  handler: 'functions/audit/list-audit.ts',
  access: 'companyAdmin',
  otp: false,
  summary: { es: 'Bitácora de auditoría', en: 'Audit log' },
  tag: 'users',
  request: { query: auditQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

/** The audit area's routes (handlers under `functions/audit/`); `shared/routes.ts` assembles every area into the table. */
export const auditRoutes = [listAuditRoute] as const;
