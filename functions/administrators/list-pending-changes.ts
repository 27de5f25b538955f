import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listPendingChangesRoute } from '../../shared/routes/administrators.ts';
import { pendingChangeDeps } from '../../shared/runtime/administrators.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { type DualControlDeps, listPendingChanges } from '../../shared/services/dual-control.ts';

/** GET /pending-changes ("Cambios pendientes de aprobación"): the company's recent changes and their state. */
export const build = (deps: DualControlDeps & { http: HttpOptions }) =>
  httpHandler(listPendingChangesRoute, deps.http, async (request) => ({
    body: await listPendingChanges(deps, request.principal.company.code),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(pendingChangeDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
