import { tokenAuthenticator } from '../auth/authenticate.ts';
import { type Keys, loadKeys } from '../auth/secrets.ts';
import { dynamoRefusalAuditor } from '../data/audit.ts';
import { type AuthStore, dynamoAuthStore } from '../data/auth-store.ts';
import type { DualControlStep } from '../services/dual-control-step.ts';
import { otpConfirmer } from '../services/otp.ts';
import { type CoreDeps, coreDeps } from './core.ts';
import { lazyLockNotifier } from './lock-notices.ts';

/** What every session function needs: {@link CoreDeps}, the keys, and HTTP options with sessions and OTP. */
export interface BaseDeps extends CoreDeps {
  /** Logins, sessions, challenges and the lockout counter. */
  authStore: AuthStore;
  /** The purpose keys, loaded on first use and cached; a failed load is retried on the next request. */
  keys: () => Promise<Keys>;
}

let base: BaseDeps | undefined;

/** Caches a successful load; forgets a failed one so a transient outage does not stick. */
export function cachedKeys(load: () => Promise<Keys>): () => Promise<Keys> {
  let pending: Promise<Keys> | undefined;
  return () => {
    pending ??= load().catch((error) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * What every session function needs, built once per cold start from the environment:
 * {@link coreDeps} plus the keys loader and the HTTP layer's options with the session
 * authenticator and the OTP confirmation step. Bank (IAM) functions use `coreDeps()` instead.
 */
export function baseDeps(): BaseDeps {
  if (base) return base;
  const core = coreDeps();
  const { config, doc } = core;
  const authStore = dynamoAuthStore(doc, config.TABLE_NAME);
  const keys = cachedKeys(() => loadKeys(config));
  base = {
    ...core,
    authStore,
    keys,
    http: {
      ...core.http,
      authenticate: tokenAuthenticator({
        store: authStore,
        tokenSettings: async () => ({
          key: (await keys()).sessionSigning,
          issuer: config.TOKEN_ISSUER,
          audience: config.TOKEN_AUDIENCE,
        }),
        idleMinutes: config.SESSION_IDLE_MINUTES,
      }),
      confirm: otpConfirmer({
        store: authStore,
        keys,
        lockoutThreshold: config.LOCKOUT_THRESHOLD,
        onLock: lazyLockNotifier(config, authStore),
      }),
      auditRefusal: dynamoRefusalAuditor(doc, config.TABLE_NAME),
      // Loaded by the first request of a `dualControl` route only (the middleware asks no other).
      dualControl: lazyDualControl(() =>
        import('./dual-control.ts').then((m) => m.productionDualControl(base as BaseDeps)),
      ),
    },
  };
  return base;
}

/** The dual-control step, built on first use (its stores, mail and sealing stay out of every cold start). */
function lazyDualControl(load: () => Promise<DualControlStep>): DualControlStep {
  let step: Promise<DualControlStep> | undefined;
  const get = () => {
    step ??= load().catch((error) => {
      step = undefined;
      throw error;
    });
    return step;
  };
  return {
    approval: async (...args) => (await get()).approval(...args),
    run: async (route, request, approval, useCase) => {
      // With the setting off (the default) and no approval, nothing is loaded: the use case runs as before.
      const { principal } = request;
      if (!approval && !(principal.kind === 'user' && principal.company.settings?.dualControl === true))
        return useCase();
      return (await get()).run(route, request, approval, useCase);
    },
  };
}
