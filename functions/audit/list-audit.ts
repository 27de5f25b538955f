import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listAuditRoute } from '../../shared/routes/audit.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { listAudit } from '../../shared/services/audit.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';

/** GET /audit: the company's audit log, newest first, by user and date range. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(listAuditRoute, deps.http, async (request) => ({
    body: await listAudit(deps, request.principal.company.code, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
