import { dynamoApproverQuery } from '../data/approvers.ts';
import { dynamoUserStore } from '../data/users.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { UserAdminDeps } from '../services/users.ts';
import { baseDeps } from './base.ts';

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
