import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { suspendCompanyRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { productionNotifier } from '../../shared/runtime/mail.ts';
import { type CompanyLifecycleDeps, setSuspension } from '../../shared/services/company-lifecycle.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/suspension: nobody of the company logs in. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(suspendCompanyRoute, deps.http, async (request) => ({
    body: await setSuspension(deps, request.path.companyCode, true, request.body.reason, bankOrigin(request)),
  }));

export const handler = onColdStart(() => build(companyLifecycleDeps(productionNotifier)));
