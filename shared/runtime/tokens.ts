import { tenant } from '../core/tenant.ts';
import { dynamoAdministratorStore } from '../data/administrators.ts';
import { dynamoTokenStore } from '../data/token-store.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { TokenDeps } from '../services/tokens.ts';
import { baseDeps } from './base.ts';
import { lazyLockNotifier } from './lock-notices.ts';

/** Dependencies of the BOP Token and company-settings routes, from the environment. */
export function tokenDeps(): TokenDeps & { http: HttpOptions } {
  const { config, doc, authStore, keys, http } = baseDeps();
  return {
    tokens: dynamoTokenStore(doc, config.TABLE_NAME),
    store: authStore,
    keys,
    // The authenticator app shows the bank's name (the tenant's) as the otpauth:// issuer.
    issuer: tenant().name,
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    onLock: lazyLockNotifier(config, authStore),
    administrators: dynamoAdministratorStore(doc, config.TABLE_NAME),
    http,
  };
}
