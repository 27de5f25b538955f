import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { installTokenRoute } from '../../shared/routes/tokens.ts';
import { coreDeps } from '../../shared/runtime/core.ts';
import { productionNotifier } from '../../shared/runtime/mail.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { installToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf } from '../auth/origin.ts';

/** POST /me/token/installation: the app's current code proves the token works; it becomes installed. */
export const build = (deps: TokenDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(installTokenRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const body = await installToken(deps, user, request.body.otp, originOf(request));
    await notifyUser(deps.notifier, company, user, { kind: 'TOKEN_INSTALLED' }, request.log);
    return { body };
  });

export const handler = onColdStart(() =>
  build({ ...tokenDeps(), notifier: productionNotifier(coreDeps().config) }),
);
