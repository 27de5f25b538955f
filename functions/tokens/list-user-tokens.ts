import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listUserTokensRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { listUserTokens, type TokenDeps } from '../../shared/services/tokens.ts';

/** GET /tokens ("Administrar BOP-Token", step 24): the company's users and their token state, paged. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(listUserTokensRoute, deps.http, async (request) => ({
    body: await listUserTokens(deps, request.principal.user, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(tokenDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
