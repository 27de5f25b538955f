import type { CompanyStore } from '../../shared/data/companies.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { resetAdminTokenRoute } from '../../shared/routes/bank.ts';
import { bankTokenRecoveryDeps } from '../../shared/runtime/token-recovery.ts';
import { resetAdministratorToken, type TokenRecoveryDeps } from '../../shared/services/token-recovery.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/administrator/token/reset: the administrator lost the BOP Token. */
export const build = (
  deps: TokenRecoveryDeps & { companies: Pick<CompanyStore, 'getCompany' | 'getUser'>; http: HttpOptions },
) =>
  httpHandler(resetAdminTokenRoute, deps.http, async (request) => ({
    body: await resetAdministratorToken(deps, request.path.companyCode, bankOrigin(request)),
  }));

export const handler = onColdStart(() => build(bankTokenRecoveryDeps()));
