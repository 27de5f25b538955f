import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { rejectPendingChangeRoute } from '../../shared/routes/administrators.ts';
import { pendingChangeDeps } from '../../shared/runtime/administrators.ts';
import { type DualControlDeps, rejectPendingChange } from '../../shared/services/dual-control.ts';
import { originOf } from '../auth/origin.ts';

/** POST /pending-changes/{changeId}/rejection: another administrator rejects a pending change (with their code). */
export const build = (deps: DualControlDeps & { http: HttpOptions }) =>
  httpHandler(rejectPendingChangeRoute, deps.http, async (request) => ({
    body: await rejectPendingChange(
      deps,
      request.principal.user,
      request.path.changeId.toUpperCase(),
      request.body,
      originOf(request),
      request.transaction,
    ),
  }));

export const handler = onColdStart(() => build(pendingChangeDeps()));
