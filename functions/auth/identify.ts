import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { identifyRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { identify, type LoginDeps } from '../../shared/services/login.ts';
import { prepareLoginStep } from './provisioned.ts';

/** POST /auth/identify (step 3): company and user code → the anti-phishing image (or a decoy). */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(identifyRoute, deps.http, async (request) => ({
    body: await identify(deps, request.body),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));

await prepareLoginStep(handler);
