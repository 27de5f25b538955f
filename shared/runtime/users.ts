import { dynamoApproverQuery } from '../data/approvers.ts';
import { dynamoUserStore } from '../data/users.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { PasswordAssignmentDeps, UserAdminDeps } from '../services/users.ts';
import type { SessionRuntime } from './core.ts';
import { type CoreRuntime, clockOf } from './core.ts';

/** What assigning a password with the creation needs. */
export function passwordAssignmentDeps(runtime: CoreRuntime): PasswordAssignmentDeps {
  const { config, hash } = runtime;
  return {
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    assignedPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
    ...(hash ? { hash } : {}),
  };
}

/** Dependencies of the user-administration routes. */
export function userAdminDeps(runtime: SessionRuntime): UserAdminDeps & { http: HttpOptions } {
  const { config, doc, keys, http } = runtime;
  return {
    users: dynamoUserStore(doc, config.TABLE_NAME),
    approvers: dynamoApproverQuery(doc, config.TABLE_NAME),
    cursorKey: async () => (await keys()).cursorSigning,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    http,
    ...clockOf(runtime),
  };
}
