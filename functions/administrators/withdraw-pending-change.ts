import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { withdrawPendingChangeRoute } from '../../shared/routes/administrators.ts';
import { pendingChangeDeps } from '../../shared/runtime/administrators.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { type DualControlDeps, withdrawPendingChange } from '../../shared/services/dual-control.ts';
import { originOf } from '../auth/origin.ts';

/** POST /pending-changes/{changeId}/withdrawal: the proposer withdraws their pending change. */
export const build = (deps: DualControlDeps & { http: HttpOptions }) =>
  httpHandler(withdrawPendingChangeRoute, deps.http, async (request) => ({
    body: await withdrawPendingChange(
      deps,
      request.principal.user,
      request.path.changeId.toUpperCase(),
      originOf(request),
      request.transaction,
    ),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(pendingChangeDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
