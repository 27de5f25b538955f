import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { requestTokenRoute } from '../../shared/routes/tokens.ts';
import { coreDeps } from '../../shared/runtime/core.ts';
import { productionNotifier } from '../../shared/runtime/mail.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { enrollment } from '../../shared/services/token-enrollment.ts';
import { requestToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf } from '../auth/origin.ts';

/** POST /me/token ("Solicitud BOP Token", step 9): a new secret as an otpauth:// URI and QR code, shown once. */
export const build = (deps: TokenDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(requestTokenRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const body = await requestToken(deps, user, originOf(request), enrollment);
    await notifyUser(deps.notifier, company, user, { kind: 'TOKEN_REQUESTED' }, request.log);
    return { body };
  });

export const handler = onColdStart(() =>
  build({ ...tokenDeps(), notifier: productionNotifier(coreDeps().config) }),
);
