import { createLogger } from '../../shared/core/logger.ts';
import { dynamoCompanyAdminStore } from '../../shared/data/company-admin.ts';
import { coreDeps } from '../../shared/runtime/core.ts';
import { productionNotifier } from '../../shared/runtime/mail.ts';
import { type DormancyDeps, disableDormantUsers } from '../../shared/services/dormancy.ts';

/** The dormancy job's dependencies, from the environment (built once per cold start). */
export function dormancyDeps(): DormancyDeps {
  const { config, doc } = coreDeps();
  return {
    admin: dynamoCompanyAdminStore(doc, config.TABLE_NAME),
    notifier: productionNotifier(config),
    dormantDays: config.DORMANT_DAYS,
    log: createLogger({ level: config.LOG_LEVEL, fields: { job: 'disableDormantUsers' } }),
  };
}

let deps: DormancyDeps | undefined;

/**
 * The scheduled dormancy job, run daily by an EventBridge rule in AWS and by
 * `npm run bank -- disable-dormant` locally: disables end users inactive for DORMANT_DAYS.
 */
export const handler = async () => {
  deps ??= dormancyDeps();
  const { disabled, skipped, dormantDays } = await disableDormantUsers(deps);
  return { disabled: disabled.length, skipped, dormantDays };
};
