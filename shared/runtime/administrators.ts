import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { dynamoCompanyStore } from '../data/companies.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { AdministratorDeps } from '../services/administrators.ts';
import type { DualControlDeps } from '../services/dual-control.ts';
import type { SessionRuntime } from './core.ts';
import { type CoreRuntime, replacedBy } from './core.ts';
import { dualControlDeps } from './dual-control.ts';
import type { Mailing } from './mailing.ts';

/**
 * Dependencies of the administrator routes: the bank's (IAM-authorized, on a core runtime) and
 * the principal administrator's proposal (session, OTP, dual control, on a session runtime).
 */
export function administratorDeps(runtime: CoreRuntime & Mailing): AdministratorDeps & { http: HttpOptions } {
  const { config, doc, mailer, http } = runtime;
  return {
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    administrators: dynamoAdministratorStore(doc, config.TABLE_NAME),
    mailer,
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    bankName: tenant().name,
    genericPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    http,
    ...replacedBy(runtime),
  };
}

/** The administrators' list without the mailer (a read). */
export function administratorListDeps(runtime: SessionRuntime) {
  const { config, doc, http } = runtime;
  return { administrators: dynamoAdministratorStore(doc, config.TABLE_NAME), http };
}

/** The pending-change routes: list, reject, withdraw. */
export function pendingChangeDeps(
  runtime: SessionRuntime & Partial<Mailing>,
): DualControlDeps & { http: HttpOptions } {
  return { ...dualControlDeps(runtime), http: runtime.http };
}
