import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { dynamoPendingChangeStore } from '../data/pending-changes.ts';
import type { Mailer } from '../mail/mailer.ts';
import { renderPendingChangeMail } from '../mail/pending-change.ts';
import {
  type DualControlDeps,
  dualControlStep,
  type PendingChangeNotifier,
} from '../services/dual-control.ts';
import type { DualControlStep } from '../services/dual-control-step.ts';
import type { SessionRuntime } from './core.ts';
import { clockOf } from './core.ts';
import { mailOf } from './mail.ts';
import type { Mailing } from './mailing.ts';

type Runtime = SessionRuntime & Partial<Mailing>;

/**
 * E-mails each of the company's other active administrators of a new pending change, in the
 * company's language (never a value of the change), with the runtime's mailer or SES.
 */
function pendingChangeNotifier(runtime: Runtime): PendingChangeNotifier {
  const administrators = dynamoAdministratorStore(runtime.doc, runtime.config.TABLE_NAME);
  let mailer: Mailer | undefined;
  return async (change, company, log) => {
    // Built by the first notice (a configuration error is thrown then, and again by the next).
    mailer ??= mailOf(runtime).mailer;
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

/** The stores, keys and notices of dual control, from a session runtime. */
export function dualControlDeps(runtime: Runtime): DualControlDeps {
  return {
    changes: dynamoPendingChangeStore(runtime.doc, runtime.config.TABLE_NAME),
    keys: runtime.keys,
    notify: pendingChangeNotifier(runtime),
    ...clockOf(runtime),
  };
}

/** The dual-control step of the functions of `dualControl` routes (loaded on first use by `createRuntime`). */
export const dualControlOf = (runtime: Runtime): DualControlStep => dualControlStep(dualControlDeps(runtime));
