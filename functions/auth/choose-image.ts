import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { chooseImageRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { chooseImage, type LoginDeps } from '../../shared/services/login.ts';
import { originOf } from './origin.ts';

/** POST /auth/antiphishing-image (step 8): choose the image; completes the login. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(chooseImageRoute, deps.http, async (request) => ({
    body: await chooseImage(deps, request.principal, request.body.imageId, originOf(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
