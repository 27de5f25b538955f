import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { loginOtpRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { type LoginDeps, loginWithOtp } from '../../shared/services/login.ts';
import { originOf } from './origin.ts';

/** POST /auth/login/otp (token at login): the current code of the user's BOP Token completes the login. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(loginOtpRoute, deps.http, async (request) => ({
    body: await loginWithOtp(deps, request.principal, request.body.otp, originOf(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
