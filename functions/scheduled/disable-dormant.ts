import { createLogger } from '../../shared/core/logger.ts';
import { dynamoCompanyAdminStore } from '../../shared/data/company-admin.ts';
import { type CoreRuntime, clockOf, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { type DormancyDeps, disableDormantUsers } from '../../shared/services/dormancy.ts';

/** The dormancy job's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export function dormancyDeps(runtime: CoreRuntime & Mailing): DormancyDeps {
  const { config, doc, notifier } = runtime;
  return {
    admin: dynamoCompanyAdminStore(doc, config.TABLE_NAME),
    notifier,
    dormantDays: config.DORMANT_DAYS,
    log: createLogger({ level: config.LOG_LEVEL, fields: { job: 'disableDormantUsers' } }),
    ...clockOf(runtime),
  };
}

let deps: DormancyDeps | undefined;

/**
 * The scheduled dormancy job, run daily by an EventBridge rule in AWS and by
 * `npm run bank -- disable-dormant` locally: disables end users inactive for DORMANT_DAYS.
 */
export const handler = async () => {
  deps ??= dormancyDeps(withMail(coreRuntime()));
  const { disabled, skipped, dormantDays } = await disableDormantUsers(deps);
  return { disabled: disabled.length, skipped, dormantDays };
};
