import { auditExportQuery, exportQuery } from '../contracts/users.ts';
import type { RouteDefinition } from './definition.ts';

export const exportUsersRoute = {
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
  auditsReads: true,
  memoryMb: 1024,
  timeoutSeconds: 29,
} as const satisfies RouteDefinition;

export const exportAuditRoute = {
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
  auditsReads: true,
  memoryMb: 1024,
  timeoutSeconds: 29,
} as const satisfies RouteDefinition;

/** The exports area's routes (handlers under `functions/exports/`); `shared/routes.ts` assembles every area into the table. */
export const exportsRoutes = [exportUsersRoute, exportAuditRoute] as const;
