import type { HttpOptions } from '../../shared/http/middleware.ts';
import { httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { reissueAdminPasswordRoute } from '../../shared/routes/bank.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { type OnboardingDeps, reissueAdministratorPassword } from '../../shared/services/onboarding.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/administrator/generic-password: re-issue and unlock. */
export const build = (deps: OnboardingDeps & { http: HttpOptions }) =>
  httpHandler(reissueAdminPasswordRoute, deps.http, async (request) => ({
    body: await reissueAdministratorPassword(deps, request.path.companyCode, bankOrigin(request), {
      resetToken: request.query.resetToken === 'true',
      ...(request.query.userCode ? { userCode: request.query.userCode } : {}),
    }),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) => build(onboardingDeps(runtime));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
