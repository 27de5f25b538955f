import { dynamoOperationStore } from '../data/operations.ts';
import type { HttpOptions } from '../http/middleware.ts';
import { type EntitlementDeps, loggedEvents } from '../services/entitlements.ts';
import type { SessionRuntime } from './core.ts';
import { type CoreRuntime, clockOf } from './core.ts';

/** Dependencies of the service routes of the bank's modules (IAM-authorized: no session, keys or OTP). */
export function serviceEntitlementDeps(runtime: CoreRuntime): EntitlementDeps & { http: HttpOptions } {
  const { config, doc, http } = runtime;
  return {
    operations: dynamoOperationStore(doc, config.TABLE_NAME),
    events: loggedEvents,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    http,
    ...clockOf(runtime),
  };
}

/** Dependencies of the end users' operation routes (session, cursors, the OTP confirmation step). */
export function sessionEntitlementDeps(runtime: SessionRuntime): EntitlementDeps & { http: HttpOptions } {
  return {
    ...serviceEntitlementDeps(runtime),
    cursorKey: async () => (await runtime.keys()).cursorSigning,
  };
}
