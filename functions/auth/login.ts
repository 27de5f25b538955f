import {
  type HttpOptions,
  httpHandler,
  onColdStart,
  prepareWhenProvisioned,
} from '../../shared/http/middleware.ts';
import { loginRoute } from '../../shared/routes/auth.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { type LoginDeps, login } from '../../shared/services/login.ts';
import { originOf } from './origin.ts';

/** POST /auth/login (steps 4, 7, 8): a session, or the next login step's challenge. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(loginRoute, deps.http, async (request) => ({
    body: await login(deps, request.body, originOf(request)),
  }));

export const handler = onColdStart(() => build(loginDeps()));

// Provisioned instances (login and identify, the two calls of every login) do all their setup,
// the master key's fetch included, in Lambda's init phase.
await prepareWhenProvisioned(async () => {
  handler.prepare();
  await loginDeps().keys();
});
