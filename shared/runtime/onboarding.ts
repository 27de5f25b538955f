import { tenant } from '../core/tenant.ts';
import { dynamoCredentialStore } from '../data/credentials.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import { securityNotifier } from '../services/notify.ts';
import type { OnboardingDeps } from '../services/onboarding.ts';
import { coreDeps } from './core.ts';
import { productionMailer } from './mail.ts';

/** Dependencies of the bank's onboarding routes (IAM-authorized: no sessions), from the environment. */
export function onboardingDeps(): OnboardingDeps & { http: HttpOptions } {
  const { config, doc, store, http } = coreDeps();
  const mailer = productionMailer(config);
  return {
    store,
    credentials: dynamoCredentialStore(doc, config.TABLE_NAME),
    http,
    mailer,
    notifier: securityNotifier(mailer, tenant().name),
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    bankName: tenant().name,
    genericPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
  };
}
