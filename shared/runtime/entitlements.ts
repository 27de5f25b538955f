import { dynamoOperationStore } from '../data/operations.ts';
import type { HttpOptions } from '../http/middleware.ts';
import { type EntitlementDeps, loggedEvents } from '../services/entitlements.ts';
import { baseDeps } from './base.ts';
import { coreDeps } from './core.ts';

/** Dependencies of the service routes of the bank's modules (IAM-authorized: no session, keys or OTP). */
export function serviceEntitlementDeps(): EntitlementDeps & { http: HttpOptions } {
  const { config, doc, http } = coreDeps();
  return {
    operations: dynamoOperationStore(doc, config.TABLE_NAME),
    events: loggedEvents,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    http,
  };
}

/** Dependencies of the end users' operation routes (session, cursors, the OTP confirmation step). */
export function sessionEntitlementDeps(): EntitlementDeps & { http: HttpOptions } {
  const { config, doc, keys, http } = baseDeps();
  return {
    operations: dynamoOperationStore(doc, config.TABLE_NAME),
    events: loggedEvents,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    cursorKey: async () => (await keys()).cursorSigning,
    http,
  };
}
