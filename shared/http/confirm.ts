import type { Actor } from '../core/actor.ts';
import { confirmedTransaction, plainTransaction, type Transaction } from '../data/transact.ts';
import type { Principal } from '../domain/principal.ts';
import { needsConfirmation, type RouteDefinition } from '../routes/definition.ts';
import type { ActionConfirmer } from '../services/otp.ts';

/** The request header that carries the current code of the caller's BOP Token. */
export const OTP_HEADER = 'x-otp';

/** The request's transaction, for its caller, the `X-OTP` header and its source. */
export type ConfirmStep = (
  principal: Principal,
  headers: Record<string, string | undefined>,
  source: Actor,
) => Promise<Transaction>;

/**
 * The confirmation step of a route: on routes that need it (`needsConfirmation`), checks that
 * the caller may act (an administrator needs an active BOP Token) and returns the request's
 * {@link Transaction}, which asks for and checks the `X-OTP` code only when the use case
 * commits; on other routes, a plain transaction. Fails at cold start when a route that needs
 * it has no confirmation service.
 */
export function confirmStep(route: RouteDefinition, confirm: ActionConfirmer | undefined): ConfirmStep {
  if (!needsConfirmation(route)) return async () => plainTransaction;
  // Fail fast, at cold start: an administrative route is never served without its confirmation step.
  if (!confirm)
    throw new Error(`Invalid configuration: route ${route.id} needs the OTP confirmation service`);
  return async (principal, headers, source) => {
    const lazy = await confirm({
      route,
      principal,
      code: headers[OTP_HEADER],
      sourceIp: source.sourceIp,
      correlationId: source.correlationId,
      clientCorrelationId: source.clientCorrelationId,
      log: source.log,
    });
    return lazy ? confirmedTransaction(lazy) : plainTransaction;
  };
}
