import {
  type HttpOptions,
  httpHandler,
  onColdStart,
  prepareWhenProvisioned,
} from '../../shared/http/middleware.ts';
import { identifyRoute } from '../../shared/routes/auth.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { identify, type LoginDeps } from '../../shared/services/login.ts';

/** POST /auth/identify (step 3): company and user code → the anti-phishing image (or a decoy). */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(identifyRoute, deps.http, async (request) => ({
    body: await identify(deps, request.body),
  }));

export const handler = onColdStart(() => build(loginDeps()));

// Provisioned instances (login and identify, the two calls of every login) do all their setup,
// the master key's fetch included, in Lambda's init phase.
await prepareWhenProvisioned(async () => {
  handler.prepare();
  await loginDeps().keys();
});
