import type { Actor } from '../../shared/core/actor.ts';
import type { HttpRequest } from '../../shared/http/middleware.ts';
import type { RouteDefinition } from '../../shared/routes/definition.ts';

/** The audit origin of a request: the source IP API Gateway saw and the correlation id. */
export const originOf = (request: HttpRequest<RouteDefinition>): Actor => ({
  sourceIp: request.sourceIp,
  correlationId: request.correlationId,
  ...(request.clientCorrelationId ? { clientCorrelationId: request.clientCorrelationId } : {}),
  log: request.log,
});

/** The principal of a session route, narrowed (the authenticator guarantees it). */
export function sessionPrincipal(request: HttpRequest<RouteDefinition>) {
  const principal = request.principal;
  if (principal.kind !== 'user') throw new Error('session principal expected');
  return principal;
}

/** The principal of a challenge route, narrowed (the authenticator guarantees it). */
export function challengePrincipal(request: HttpRequest<RouteDefinition>) {
  const principal = request.principal;
  if (principal.kind !== 'challenge') throw new Error('challenge principal expected');
  return principal;
}

/**
 * The end user that an administrator's route names in its path, read by the authenticator in
 * the same round trip as the caller (and only from the caller's company); `undefined` when
 * the company has no such user.
 */
export function namedUser(request: HttpRequest<RouteDefinition>) {
  const { target } = sessionPrincipal(request);
  if (target === undefined) throw new Error('this route names no user in its path');
  return target ?? undefined;
}
