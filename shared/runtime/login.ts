import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { LoginDeps } from '../services/login.ts';
import { baseDeps } from './base.ts';
import { lazyLockNotifier } from './lock-notices.ts';

/** Dependencies of the login and credential routes, from the environment. */
export function loginDeps(): LoginDeps & { http: HttpOptions; store: LoginDeps['store'] } {
  const { config, authStore, keys, http } = baseDeps();
  return {
    store: authStore,
    keys,
    http,
    issuer: config.TOKEN_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    lockoutThreshold: config.LOCKOUT_THRESHOLD,
    lockoutMinutes: config.LOCKOUT_MINUTES,
    lockoutPermanentAfter: config.LOCKOUT_PERMANENT_AFTER,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionMaxHours: config.SESSION_MAX_HOURS,
    challengeMinutes: config.CHALLENGE_MINUTES,
    assignedPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
    onLock: lazyLockNotifier(config, authStore),
  };
}
