import { prepareWhenProvisioned } from '../../shared/http/middleware.ts';
import { sessionRuntime } from '../../shared/runtime/base.ts';

/**
 * Provisioned instances (login and identify, the two calls of every login) do all their setup,
 * the master key's fetch included, in Lambda's init phase.
 */
export const prepareLoginStep = (handler: { prepare: () => void }) =>
  prepareWhenProvisioned(async () => {
    handler.prepare();
    await sessionRuntime().keys();
  });
