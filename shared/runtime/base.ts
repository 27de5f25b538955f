import { tokenAuthenticator } from '../auth/authenticate.ts';
import { type Keys, loadKeys } from '../auth/secrets.ts';
import type { Config } from '../config.ts';
import { cachedLoad } from '../core/cached.ts';
import { dynamoRefusalAuditor } from '../data/audit.ts';
import { dynamoAuthStore } from '../data/auth-store.ts';
import { dualControlOn } from '../domain/pending-changes.ts';
import type { DualControlStep } from '../services/dual-control-step.ts';
import { type ActionConfirmer, otpConfirmer } from '../services/otp.ts';
import { type CoreClients, clockOf, coreRuntime, createCoreRuntime, type SessionRuntime } from './core.ts';
import { lazyLockNotifier } from './lock-notices.ts';
import type { Mailing } from './mailing.ts';

export type { SessionRuntime } from './core.ts';

/** What a session runtime is built on besides its configuration: its clients, and what tests replace. */
export interface RuntimeClients<M extends Partial<Mailing> = object> extends CoreClients {
  /** The purpose keys; by default loaded from the configured secret on first use and cached. */
  keys?: () => Promise<Keys>;
  /** The e-mail of every function (tests: a mailbox); without it, SES in the functions that send mail. */
  mail?: M;
  /** Replaces the OTP confirmation step (tests that confirm without codes). */
  confirm?: ActionConfirmer;
}

/**
 * The session runtime: the one wiring of sessions, codes, refusal audits and dual control, used
 * by the Lambda functions ({@link sessionRuntime}), the tests (`test/helpers/app.ts`) and the
 * bench (`bench/warm.ts`); the local server runs the Lambda functions themselves. Each function
 * builds its dependencies from it with the builders of `shared/runtime/` (its `wire` export).
 */
export function createRuntime<M extends Partial<Mailing> = object>(
  config: Config,
  clients: RuntimeClients<M>,
): SessionRuntime & M {
  const { keys: givenKeys, mail, confirm, ...coreClients } = clients;
  const core = createCoreRuntime(config, coreClients);
  const { doc, now } = core;
  const authStore = dynamoAuthStore(doc, config.TABLE_NAME);
  const keys = givenKeys ?? cachedLoad(() => loadKeys(config));
  const clock = clockOf(core);
  const withMail = { ...core, ...(mail as M) };
  const onLock = lazyLockNotifier(withMail, authStore);
  const runtime: SessionRuntime & M = {
    ...withMail,
    authStore,
    keys,
    onLock,
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
        ...clock,
      }),
      confirm:
        confirm ??
        otpConfirmer({
          store: authStore,
          keys,
          lockoutThreshold: config.LOCKOUT_THRESHOLD,
          onLock,
          ...clock,
        }),
      auditRefusal: dynamoRefusalAuditor(doc, config.TABLE_NAME, now),
      // Loaded by the first request of a `dualControl` route only (the middleware asks no other).
      dualControl: lazyDualControl(() => import('./dual-control.ts').then((m) => m.dualControlOf(runtime))),
    },
  };
  return runtime;
}

let session: SessionRuntime | undefined;

/**
 * The Lambda function's session runtime, from the environment, built once per cold start on
 * {@link coreRuntime}'s configuration and client. Bank (IAM) functions use `coreRuntime()` instead.
 */
export function sessionRuntime(): SessionRuntime {
  if (session) return session;
  const { config, doc } = coreRuntime();
  session = createRuntime(config, { doc });
  return session;
}

/** The dual-control step, built on first use (its stores, mail and sealing stay out of every cold start). */
function lazyDualControl(load: () => Promise<DualControlStep>): DualControlStep {
  const get = cachedLoad(load);
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
