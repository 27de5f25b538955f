import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { route } from '../../shared/routes/audit.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { listAudit, type UserAdminDeps } from '../../shared/services/users.ts';
import { sessionPrincipal } from '../auth/origin.ts';

/** GET /audit: the company's audit log, newest first, by user and date range. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(route('listAudit'), deps.http, async (request) => ({
    body: await listAudit(deps, sessionPrincipal(request).company.code, request.query),
  }));

export const handler = onColdStart(() => build(userAdminDeps()));
