import { nowOf } from '../../shared/core/clock.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getMeRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { clockOf } from '../../shared/runtime/core.ts';
import { userView } from '../../shared/services/users.ts';

/** GET /me: the caller's own profile, so the home shows exactly the options granted. */
export const build = (deps: { http: HttpOptions; lockoutThreshold: number; now?: () => Date }) =>
  httpHandler(getMeRoute, deps.http, async (request) => ({
    body: userView(request.principal.user, deps.lockoutThreshold, nowOf(deps)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) =>
  build({ http: runtime.http, lockoutThreshold: runtime.config.LOCKOUT_THRESHOLD, ...clockOf(runtime) });

export const handler = onColdStart(() => wire(sessionRuntime()));
