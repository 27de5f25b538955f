import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { exportAuditRoute } from '../../shared/routes/exports.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { exportAudit } from '../../shared/services/exports.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';
import { attachment } from './attachment.ts';

/** GET /exports/audit: the audit log with the same filters, as CSV, Excel or PDF. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(exportAuditRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const { format, ...query } = request.query;
    const who = { admin: user, origin: originOf(request) };
    return attachment(await exportAudit(deps, company, format, query, request.language, who));
  });

export const handler = onColdStart(() => build(userAdminDeps()));
