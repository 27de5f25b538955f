import { dynamoApproverQuery } from '../data/approvers.ts';
import { dynamoUserStore } from '../data/users.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { PasswordAssignmentDeps, UserAdminDeps } from '../services/users.ts';
import { baseDeps } from './base.ts';

/** What assigning a password with the creation needs, from the environment. */
export function passwordAssignmentDeps(): PasswordAssignmentDeps {
  const { config } = baseDeps();
  return {
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    assignedPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
  };
}

/** Dependencies of the user-administration routes, from the environment. */
export function userAdminDeps(): UserAdminDeps & { http: HttpOptions } {
  const { config, doc, keys, http } = baseDeps();
  return {
    users: dynamoUserStore(doc, config.TABLE_NAME),
    approvers: dynamoApproverQuery(doc, config.TABLE_NAME),
    cursorKey: async () => (await keys()).cursorSigning,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    http,
  };
}
