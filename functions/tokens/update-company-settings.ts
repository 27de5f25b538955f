import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { updateCompanySettingsRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { updateCompanySettings } from '../../shared/services/company-settings.ts';
import type { TokenDeps } from '../../shared/services/tokens.ts';
import { originOf } from '../auth/origin.ts';

/** PUT /company/settings: the administrator turns OTP confirmation ("si te es requerido") or the token at login on or off. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(updateCompanySettingsRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    return {
      body: await updateCompanySettings(
        deps,
        company,
        user,
        request.body,
        originOf(request),
        request.transaction,
      ),
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(tokenDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
