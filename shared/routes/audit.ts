import { auditQuery } from '../contracts/users.ts';
import { type RouteDefinition, routeLookup } from './definition.ts';

/** The audit area's routes (handlers under `functions/audit/`); `shared/routes.ts` assembles every area into the table. */
export const auditRoutes = [
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
    response: { status: 200 },
    table: 'read',
  },
] as const satisfies readonly RouteDefinition[];

/** The definition of one audit route, by id: handlers import this, not the whole table. */
export const route = routeLookup(auditRoutes);
