import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { AdministratorDeps } from '../services/administrators.ts';
import type { DualControlDeps } from '../services/dual-control.ts';
import { baseDeps } from './base.ts';
import { type CoreDeps, coreDeps } from './core.ts';
import { dualControlDeps } from './dual-control.ts';
import { productionMailer } from './mail.ts';

const administratorDepsOf = ({ config, doc, store }: CoreDeps): AdministratorDeps => ({
  store,
  administrators: dynamoAdministratorStore(doc, config.TABLE_NAME),
  mailer: productionMailer(config),
  policy: passwordPolicy(config.PASSWORD_PROFILE),
  bankName: tenant().name,
  genericPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
  lockoutThreshold: config.LOCKOUT_THRESHOLD,
});

/** The bank's administrator routes (IAM-authorized: no sessions). */
export function bankAdministratorDeps(): AdministratorDeps & { http: HttpOptions } {
  const core = coreDeps();
  return { ...administratorDepsOf(core), http: core.http };
}

/** The principal administrator's proposal of an administrator (session, OTP, dual control). */
export function sessionAdministratorDeps(): AdministratorDeps & { http: HttpOptions } {
  const base = baseDeps();
  return { ...administratorDepsOf(base), http: base.http };
}

/** The administrators' list without the mailer (a read). */
export function administratorListDeps() {
  const { config, doc, http } = baseDeps();
  return { administrators: dynamoAdministratorStore(doc, config.TABLE_NAME), http };
}

/** The pending-change routes: list, reject, withdraw. */
export function pendingChangeDeps(): DualControlDeps & { http: HttpOptions } {
  const base = baseDeps();
  return { ...dualControlDeps(base), http: base.http };
}
