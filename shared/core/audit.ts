import type { Actor } from './actor.ts';

/** One audit entry: who, when, from where, what, on whom, and what changed. */
export interface AuditEntry {
  companyCode: string;
  /** The actor: a user code of the company, or the bank back office. */
  actor: string;
  action: string;
  /** The user the action concerns, if any. */
  target?: string;
  sourceIp: string;
  /** The request's own id (the server's, never the client's). */
  correlationId: string;
  /** The client's `X-Correlation-Id`, when it sent a well-formed one. */
  clientCorrelationId?: string;
  /** Before and after of each changed field; never secrets. */
  changes?: Record<string, { before?: unknown; after?: unknown }>;
  /** The outcome or reason, for authentication events (e.g. the real reason of a refused login). */
  outcome?: string;
  /** How many requests the entry stands for (refused requests, one entry per actor, route and minute). */
  count?: number;
  at: string;
}

/** The request's ids as an audit entry records them: the server's, and the client's beside it. */
export const requestIds = (origin: { correlationId: string; clientCorrelationId?: string }) => ({
  correlationId: origin.correlationId,
  ...(origin.clientCorrelationId ? { clientCorrelationId: origin.clientCorrelationId } : {}),
});

/**
 * The one way an audit entry is made: what happened, by whom and on whom (`entry`), with the
 * request's source IP and ids taken from the actor and the time from `at`.
 */
export function auditEntry(
  by: Pick<Actor, 'sourceIp' | 'correlationId' | 'clientCorrelationId'>,
  at: Date,
  entry: Omit<AuditEntry, 'sourceIp' | 'correlationId' | 'clientCorrelationId' | 'at'>,
): AuditEntry {
  return { ...entry, sourceIp: by.sourceIp, ...requestIds(by), at: at.toISOString() };
}
