import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getMeRoute } from '../../shared/routes/auth.ts';
import { baseDeps } from '../../shared/runtime/base.ts';
import { userView } from '../../shared/services/users.ts';

/** GET /me: the caller's own profile, so the home shows exactly the options granted. */
export const build = (deps: { http: HttpOptions; lockoutThreshold: number; now?: () => Date }) =>
  httpHandler(getMeRoute, deps.http, async (request) => ({
    body: userView(request.principal.user, deps.lockoutThreshold, (deps.now ?? (() => new Date()))()),
  }));

export const handler = onColdStart(() => {
  const base = baseDeps();
  return build({ http: base.http, lockoutThreshold: base.config.LOCKOUT_THRESHOLD });
});
