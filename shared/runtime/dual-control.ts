import type { Keys } from '../auth/secrets.ts';
import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { dynamoPendingChangeStore } from '../data/pending-changes.ts';
import { renderPendingChangeMail } from '../mail/pending-change.ts';
import {
  type DualControlDeps,
  dualControlStep,
  type PendingChangeNotifier,
} from '../services/dual-control.ts';
import type { DualControlStep } from '../services/dual-control-step.ts';
import type { CoreDeps } from './core.ts';
import { productionMailer } from './mail.ts';

/** What dual control takes of a session function's dependencies (`baseDeps()`). */
type BaseDeps = Pick<CoreDeps, 'config' | 'doc'> & { keys: () => Promise<Keys> };

/**
 * E-mails each of the company's other active administrators of a new pending change, in the
 * company's language (never a value of the change).
 */
function pendingChangeNotifier(base: BaseDeps): PendingChangeNotifier {
  const administrators = dynamoAdministratorStore(base.doc, base.config.TABLE_NAME);
  return async (change, company, log) => {
    const mailer = productionMailer(base.config);
    const others = (await administrators.list(company.code)).filter(
      (admin) => admin.userCode !== change.makerCode && admin.state === 'ACTIVE',
    );
    const mail = renderPendingChangeMail({ language: company.language, bankName: tenant().name, change });
    for (const admin of others) {
      await mailer.send({ to: admin.email, ...mail }).catch((error: unknown) => {
        log.warn('pending change e-mail not sent', { to: admin.userCode, error: (error as Error).name });
      });
    }
  };
}

/** The stores and keys of dual control, from the function's base dependencies. */
export function dualControlDeps(base: BaseDeps): DualControlDeps {
  return {
    changes: dynamoPendingChangeStore(base.doc, base.config.TABLE_NAME),
    keys: base.keys,
    notify: pendingChangeNotifier(base),
  };
}

/** The dual-control step of the functions of `dualControl` routes. */
export const productionDualControl = (base: BaseDeps): DualControlStep =>
  dualControlStep(dualControlDeps(base));
