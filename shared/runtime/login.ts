import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { LoginDeps } from '../services/login.ts';
import type { SessionRuntime } from './core.ts';
import { replacedBy } from './core.ts';

/** Dependencies of the login and credential routes. */
export function loginDeps(
  runtime: SessionRuntime,
): LoginDeps & { http: HttpOptions; store: LoginDeps['store'] } {
  const { config, authStore, keys, http, onLock } = runtime;
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
    onLock,
    ...replacedBy(runtime),
  };
}
