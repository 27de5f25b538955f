import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { suspendCompanyRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { type CompanyLifecycleDeps, setSuspension } from '../../shared/services/company-lifecycle.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/suspension: nobody of the company logs in. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(suspendCompanyRoute, deps.http, async (request) => ({
    body: await setSuspension(deps, request.path.companyCode, true, request.body.reason, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
