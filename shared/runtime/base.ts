import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tokenAuthenticator } from '../auth/authenticate.ts';
import { type Keys, loadKeys } from '../auth/secrets.ts';
import type { Config } from '../config.ts';
import { dynamoRefusalAuditor } from '../data/audit.ts';
import { type AuthStore, dynamoAuthStore } from '../data/auth-store.ts';
import { dualControlOn } from '../domain/pending-changes.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { DualControlStep } from '../services/dual-control-step.ts';
import type { LockNotifier } from '../services/lock-notices.ts';
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

/** The configuration a runtime reads (the Lambda's whole `Config`, or a test's few values). */
export type RuntimeConfig = Pick<
  Config,
  'TABLE_NAME' | 'TOKEN_ISSUER' | 'TOKEN_AUDIENCE' | 'SESSION_IDLE_MINUTES' | 'LOCKOUT_THRESHOLD'
> &
  Partial<Pick<Config, 'LOG_LEVEL' | 'allowedOrigins'>>;

/** What a runtime is built on besides its configuration: its clients, and what tests replace. */
export interface RuntimeClients {
  /** The DynamoDB document client. */
  doc: DynamoDBDocumentClient;
  /** The purpose keys; by default loaded from the configured secret on first use and cached. */
  keys?: () => Promise<Keys>;
  /** The clock of sessions, codes and refusal audits; the system's by default. */
  now?: () => Date;
  /** Who tells of a lock; none by default. */
  onLock?: (store: AuthStore) => LockNotifier;
  /** Log sink (tests, the bench). */
  write?: (line: string) => void;
}

/**
 * The session runtime: the auth store, the keys and the HTTP layer's options (session
 * authenticator, OTP confirmation step, refusal auditor). The one wiring of these, used by the
 * Lambda functions ({@link baseDeps}), the tests (`test/helpers/app.ts`) and the bench
 * (`bench/warm.ts`); the local server runs the Lambda handlers themselves.
 */
export function createRuntime(config: RuntimeConfig, clients: RuntimeClients) {
  const { doc } = clients;
  const authStore = dynamoAuthStore(doc, config.TABLE_NAME);
  const keys = clients.keys ?? cachedKeys(() => loadKeys(config as Config));
  const now = clients.now ? { now: clients.now } : {};
  const onLock = clients.onLock?.(authStore);
  const http: HttpOptions = {
    ...(config.LOG_LEVEL ? { logLevel: config.LOG_LEVEL } : {}),
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    ...(clients.write ? { write: clients.write } : {}),
    authenticate: tokenAuthenticator({
      store: authStore,
      tokenSettings: async () => ({
        key: (await keys()).sessionSigning,
        issuer: config.TOKEN_ISSUER,
        audience: config.TOKEN_AUDIENCE,
      }),
      idleMinutes: config.SESSION_IDLE_MINUTES,
      ...now,
    }),
    confirm: otpConfirmer({
      store: authStore,
      keys,
      lockoutThreshold: config.LOCKOUT_THRESHOLD,
      ...(onLock ? { onLock } : {}),
      ...now,
    }),
    auditRefusal: dynamoRefusalAuditor(doc, config.TABLE_NAME, clients.now),
  };
  return { authStore, keys, http };
}

/**
 * What every session function needs, built once per cold start from the environment:
 * {@link coreDeps} plus {@link createRuntime} on its client, with lock notices by e-mail.
 * Bank (IAM) functions use `coreDeps()` instead.
 */
export function baseDeps(): BaseDeps {
  if (base) return base;
  const core = coreDeps();
  const { config, doc } = core;
  const runtime = createRuntime(config, { doc, onLock: (store) => lazyLockNotifier(config, store) });
  base = {
    ...core,
    ...runtime,
    http: {
      ...core.http,
      ...runtime.http,
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
      if (!approval && !(principal.kind === 'user' && dualControlOn(principal.company))) return useCase();
      return (await get()).run(route, request, approval, useCase);
    },
  };
}
