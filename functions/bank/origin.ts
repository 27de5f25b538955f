import type { BankActor } from '../../shared/core/actor.ts';
import type { HttpRequest } from '../../shared/http/middleware.ts';
import type { RouteDefinition } from '../../shared/routes/definition.ts';

/** The audit origin of a bank back-office request (its IAM identity). */
export function bankOrigin(request: HttpRequest<RouteDefinition>): BankActor {
  return {
    actorArn: request.principal.kind === 'bank' ? request.principal.arn : 'unknown',
    sourceIp: request.sourceIp,
    correlationId: request.correlationId,
    ...(request.clientCorrelationId ? { clientCorrelationId: request.clientCorrelationId } : {}),
    log: request.log,
  };
}
