import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getCompanySettingsRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { companySettings } from '../../shared/services/company-settings.ts';

/** GET /company/settings: whether OTPs confirm administrative actions and are asked at login. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(getCompanySettingsRoute, deps.http, async (request) => ({
    body: companySettings(request.principal.company),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(tokenDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
