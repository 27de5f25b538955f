import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { loginRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { type LoginDeps, login } from '../../shared/services/login.ts';
import { originOf } from './origin.ts';
import { prepareLoginStep } from './provisioned.ts';

/** POST /auth/login (steps 4, 7, 8): a session, or the next login step's challenge. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(loginRoute, deps.http, async (request) => ({
    body: await login(deps, request.body, originOf(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));

await prepareLoginStep(handler);
