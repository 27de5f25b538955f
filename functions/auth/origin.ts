import type { Actor } from '../../shared/core/actor.ts';
import type { SessionPrincipal } from '../../shared/http/authenticate.ts';
import type { HttpRequest } from '../../shared/http/middleware.ts';
import type { RouteDefinition } from '../../shared/routes/definition.ts';

/** The audit origin of a request: the source IP API Gateway saw and the correlation id. */
export const originOf = (request: HttpRequest<RouteDefinition>): Actor => ({
  sourceIp: request.sourceIp,
  correlationId: request.correlationId,
  ...(request.clientCorrelationId ? { clientCorrelationId: request.clientCorrelationId } : {}),
  log: request.log,
});

/**
 * The end user that an administrator's route names in its path, read by the authenticator in
 * the same round trip as the caller (and only from the caller's company); `undefined` when
 * the company has no such user.
 */
export function namedUser(request: { principal: SessionPrincipal }) {
  const { target } = request.principal;
  if (target === undefined) throw new Error('this route names no user in its path');
  return target ?? undefined;
}
