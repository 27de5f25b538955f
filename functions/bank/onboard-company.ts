import type { HttpOptions } from '../../shared/http/middleware.ts';
import { httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { onboardCompanyRoute } from '../../shared/routes/bank.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { type OnboardingDeps, onboardCompany } from '../../shared/services/onboarding.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies: the bank back office onboards a company and its administrator. */
export const build = (deps: OnboardingDeps & { http: HttpOptions }) =>
  httpHandler(onboardCompanyRoute, deps.http, async (request) => ({
    body: await onboardCompany(deps, request.body, bankOrigin(request)),
  }));

export const handler = onColdStart(() => build(withIdempotentRequests(onboardingDeps())));
