import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { rejectPendingChangeRoute } from '../../shared/routes/administrators.ts';
import { pendingChangeDeps } from '../../shared/runtime/administrators.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
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

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(pendingChangeDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
