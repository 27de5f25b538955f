import type { BankActor } from '../../shared/core/actor.ts';
import type { BankPrincipal } from '../../shared/http/authenticate.ts';
import type { HttpRequest } from '../../shared/http/middleware.ts';
import type { RouteDefinition } from '../../shared/routes/definition.ts';

/** The audit origin of a bank back-office request (its IAM identity). */
export function bankOrigin(request: HttpRequest<RouteDefinition> & { principal: BankPrincipal }): BankActor {
  return {
    actorArn: request.principal.arn,
    sourceIp: request.sourceIp,
    correlationId: request.correlationId,
    ...(request.clientCorrelationId ? { clientCorrelationId: request.clientCorrelationId } : {}),
    log: request.log,
  };
}
