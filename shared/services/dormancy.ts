import { nowOf } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { ActivityRow, CompanyAdminStore } from '../data/company-admin.ts';
import { VersionConflictError } from '../data/errors.ts';
import { SYSTEM_ACTOR } from '../domain/model.ts';
import type { Notifier } from './notify.ts';

/** What the dormancy job needs. */
export interface DormancyDeps {
  admin: Pick<CompanyAdminStore, 'listCompanies' | 'listActivity' | 'changeUser'>;
  notifier: Notifier;
  /** Days without activity after which an end user is disabled (stage configuration, 90 by default). */
  dormantDays: number;
  now?: () => Date;
  log: Logger;
}

/** The companies read per registry page. */
const COMPANY_PAGE = 100;

/** When the user was last active: the last login, or the last change made to them (a re-activation), or creation. */
export const lastActivity = (user: Pick<ActivityRow, 'createdAt' | 'updatedAt' | 'lastLoginAt'>) =>
  Math.max(...[user.lastLoginAt, user.updatedAt, user.createdAt].map((at) => (at ? Date.parse(at) : 0)));

/**
 * The dormancy job (PCI DSS 8.2.6): disables every active end user of every company who has not
 * been active for `dormantDays`, one audited write each (`USER_STATE_CHANGED`, actor SISTEMA,
 * reason DORMANT) conditioned on the version read, so a user who logs in or is changed meanwhile
 * is left alone; the user is told by e-mail. The administrator re-activates as usual. Companies
 * are read from the bank's registry (gsi1), users by company: no Scan.
 */
export async function disableDormantUsers(deps: DormancyDeps) {
  const now = nowOf(deps);
  const cutoff = now.getTime() - deps.dormantDays * 86_400_000;
  let after: string | undefined;
  const disabled: { companyCode: string; userCode: string }[] = [];
  let skipped = 0;
  do {
    const page = await deps.admin.listCompanies(COMPANY_PAGE, after);
    for (const company of page.items) {
      const users = await deps.admin.listActivity(company.code);
      for (const user of users) {
        if (user.role !== 'user' || user.state !== 'ACTIVE' || lastActivity(user) > cutoff) continue;
        const at = now.toISOString();
        try {
          await deps.admin.changeUser(
            user,
            { state: 'DISABLED', disabledReason: 'DORMANT', updatedAt: at },
            {
              companyCode: company.code,
              actor: SYSTEM_ACTOR,
              action: 'USER_STATE_CHANGED',
              target: user.userCode,
              sourceIp: 'scheduled',
              correlationId: `dormancy-${at}`,
              changes: { state: { before: 'ACTIVE', after: 'DISABLED' } },
              outcome: `DORMANT: no activity for ${deps.dormantDays} days`,
              at,
            },
          );
        } catch (error) {
          // Changed meanwhile (a login, the administrator): left for the next run to judge.
          if (error instanceof VersionConflictError) {
            skipped++;
            continue;
          }
          throw error;
        }
        disabled.push({ companyCode: company.code, userCode: user.userCode });
        await deps.notifier.notify(
          { email: user.email, language: company.language },
          { kind: 'STATE_CHANGED', state: 'DISABLED', reason: 'DORMANT' },
          deps.log,
        );
      }
    }
    after = page.more ? page.items.at(-1)?.code : undefined;
  } while (after);
  deps.log.info('dormant users disabled', {
    disabled: disabled.length,
    skipped,
    dormantDays: deps.dormantDays,
  });
  return { disabled, skipped, dormantDays: deps.dormantDays };
}
