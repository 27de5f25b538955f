import type { CompanyStore } from '../../shared/data/companies.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { resetAdminTokenRoute } from '../../shared/routes/bank.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { tokenRecoveryDeps } from '../../shared/runtime/token-recovery.ts';
import { resetAdministratorToken, type TokenRecoveryDeps } from '../../shared/services/token-recovery.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/administrator/token/reset: the administrator lost the BOP Token. */
export const build = (
  deps: TokenRecoveryDeps & { companies: Pick<CompanyStore, 'getCompany' | 'getUser'>; http: HttpOptions },
) =>
  httpHandler(resetAdminTokenRoute, deps.http, async (request) => ({
    body: await resetAdministratorToken(deps, request.path.companyCode, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) => build(tokenRecoveryDeps(runtime));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
