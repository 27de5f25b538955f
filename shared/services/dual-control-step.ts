import type { Logger } from '../core/logger.ts';
import type { Transaction } from '../data/transact.ts';
import type { Principal } from '../domain/principal.ts';
import type { RouteDefinition } from '../routes/definition.ts';

/** What the step reads of a validated request (the HTTP layer's request has it all). */
export interface DualControlRequest {
  body?: unknown;
  path?: unknown;
  query?: unknown;
  principal: Principal;
  sourceIp: string;
  correlationId: string;
  clientCorrelationId?: string;
  log: Logger;
  event: { path?: string | null };
  /** The request's transaction: a proposal is stored in it, with the proposer's code. */
  transaction: Transaction;
}

/** A use case's answer, as the HTTP layer shapes it. */
export interface DualControlResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/**
 * The request header by which an administrator approves a pending change (dual control,
 * docs/administrators.md): the request goes to the change's own route, without a body; the
 * proposal's stored input is validated again and run, with the approver's BOP Token code.
 */
export const PENDING_CHANGE_HEADER = 'x-pending-change';

/** The input a request runs with: the proposal's, when it is an approval. */
export interface RequestInput {
  body: unknown;
  path: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** An approval request, as read before validation: the change's stored input and its record. */
export interface ApprovalRequest {
  changeId: string;
  input: RequestInput;
  /** The stored change, for {@link DualControlStep.run}. */
  change: unknown;
}

/**
 * The dual-control step of the HTTP pipeline, on the routes marked `dualControl` only
 * (`shared/services/dual-control.ts`). With the company's setting off and no approval header,
 * it runs the use case as before.
 */
export interface DualControlStep {
  /** Reads the pending change an approval names (`X-Pending-Change`), before validation; none otherwise. */
  approval(
    route: RouteDefinition,
    principal: Principal,
    headers: Record<string, string | undefined>,
  ): Promise<ApprovalRequest | undefined>;
  /**
   * Inside the confirmation step: runs the use case (setting off), stores it as a pending change
   * (setting on: 202), or applies an approval (the use case, in one transaction with the change's
   * conditional transition and the target's version check).
   */
  run<R extends DualControlResult>(
    route: RouteDefinition,
    request: DualControlRequest,
    approval: ApprovalRequest | undefined,
    /** The use case, in the given transaction (an approval's) or, without one, in the request's. */
    useCase: (transaction?: Transaction) => Promise<R>,
  ): Promise<R | DualControlResult>;
}

/** Whether a request asks to approve a pending change (its body, if any, is ignored). */
export const isApproval = (route: RouteDefinition, headers: Record<string, string | undefined>) =>
  route.dualControl === true && Boolean(headers[PENDING_CHANGE_HEADER]);
