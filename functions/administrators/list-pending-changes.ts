import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listPendingChangesRoute } from '../../shared/routes/administrators.ts';
import { pendingChangeDeps } from '../../shared/runtime/administrators.ts';
import { type DualControlDeps, listPendingChanges } from '../../shared/services/dual-control.ts';

/** GET /pending-changes ("Cambios pendientes de aprobación"): the company's recent changes and their state. */
export const build = (deps: DualControlDeps & { http: HttpOptions }) =>
  httpHandler(listPendingChangesRoute, deps.http, async (request) => ({
    body: await listPendingChanges(deps, request.principal.company.code),
  }));

export const handler = onColdStart(() => build(pendingChangeDeps()));
