import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { dynamoTokenStore } from '../data/token-store.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { TokenDeps } from '../services/tokens.ts';
import type { SessionRuntime } from './core.ts';
import { clockOf } from './core.ts';

/** Dependencies of the BOP Token and company-settings routes. */
export function tokenDeps(runtime: SessionRuntime): TokenDeps & { http: HttpOptions } {
  const { config, doc, authStore, keys, http, onLock } = runtime;
  return {
    tokens: dynamoTokenStore(doc, config.TABLE_NAME),
    store: authStore,
    keys,
    // The authenticator app shows the bank's name (the tenant's) as the otpauth:// issuer.
    issuer: tenant().name,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    onLock,
    administrators: dynamoAdministratorStore(doc, config.TABLE_NAME),
    http,
    ...clockOf(runtime),
  };
}
