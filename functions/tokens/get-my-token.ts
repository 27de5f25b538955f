import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getMyTokenRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { myToken } from '../../shared/services/tokens.ts';

/** GET /me/token: the state of the caller's BOP Token ("Sigue el paso a paso hasta que tu token se encuentre instalado"). */
export const build = (deps: { http: HttpOptions; lockoutThreshold: number }) =>
  httpHandler(getMyTokenRoute, deps.http, async (request) => ({
    body: myToken(request.principal.user, deps.lockoutThreshold),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(tokenDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
