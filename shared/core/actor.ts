import type { Logger } from './logger.ts';

/**
 * Who is acting, from where: the request as every check and audit entry sees it. The actor's
 * identity itself (a user of a company, the bank back office) is the principal's.
 */
export interface Actor {
  /** The source IP that API Gateway saw; never a client-supplied header. */
  sourceIp: string;
  /** The request's own id (API Gateway's request id): the identity of the request in logs and audit. */
  correlationId: string;
  /** The client's `X-Correlation-Id`, if well-formed: recorded beside the request's id, never instead. */
  clientCorrelationId?: string;
  /** The request's logger (with its correlation id). */
  log: Logger;
}

/** A request of the bank's back office: the actor with its IAM identity. */
export interface BankActor extends Actor {
  actorArn: string;
}
