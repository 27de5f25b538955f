import type { Infer } from '../contracts/common.ts';
import type { captureBody, decisionBody, operationDecisionBody } from '../contracts/entitlements.ts';
import type { Actor, BankActor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, type FieldIssue, validationError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { OperationEvent, OperationStore } from '../data/operations.ts';
import { eventTypeOf } from '../data/operations.ts';
import { plainTransaction, type Transaction } from '../data/transact.ts';
import {
  approverRefusal,
  type ConnectionChecks,
  decide,
  type EntitlementDecision,
  type EntitlementQuestion,
  governedByRules,
  type Operation,
  type OperationState,
  stateAt,
} from '../domain/entitlements.ts';
import { newOperationId } from '../domain/ids.ts';
import type { Company, User } from '../domain/model.ts';
import { formatAmountCents, optionsById, parseAmountCents } from '../domain/options-catalog.ts';
import { transitionPending } from './maker-checker.ts';
import { cursorOffset, offsetPage } from './offset-page.ts';

/** Where the approved, rejected, withdrawn and expired operations go (EventBridge in AWS, the log locally). */
export interface OperationEventsPort {
  publish(event: OperationEvent, log: Logger): Promise<void>;
}

/**
 * The events port: every final transition is already in the table's outbox (written in its own
 * transaction, readable through `GET /service/operation-events`; in AWS the table's stream puts
 * it on the stage's EventBridge bus, shared/services/operation-event-bus.ts); this publisher
 * writes it to the function's log, which is the local server's console locally.
 */
export const loggedEvents: OperationEventsPort = {
  async publish(event, log) {
    log.info('operation event', {
      eventType: event.type,
      companyCode: event.operation.companyCode,
      operationId: event.operation.operationId,
      state: event.operation.state,
      approvals: event.operation.approvals.map((a) => a.userCode),
    });
  },
};

export interface EntitlementDeps {
  operations: OperationStore;
  events: OperationEventsPort;
  lockoutThreshold: number;
  /** Signs the list cursors (session routes only). */
  cursorKey?: () => Promise<Uint8Array>;
  now?: () => Date;
}

/** How long an operation waits for its approvals when the capture does not say. */
export const DEFAULT_EXPIRY_MINUTES = 24 * 60;

type DecisionBody = Infer<typeof decisionBody>;
type QuestionBody = Extract<DecisionBody, { companyCode: string }>;

/** A question of the body as the domain takes it, or its field issues (unknown option, amount). */
function toQuestion(input: QuestionBody, field: string, issues: FieldIssue[]): EntitlementQuestion {
  if (!optionsById.has(input.optionId)) issues.push({ field: `${field}.optionId`, rule: 'unknown_option' });
  const amountCents = input.amount === undefined ? undefined : parseAmountCents(input.amount);
  if (input.amount !== undefined && amountCents === undefined)
    issues.push({ field: `${field}.amount`, rule: 'amount_format' });
  return {
    companyCode: input.companyCode,
    userCode: input.userCode,
    optionId: input.optionId,
    ...(input.action ? { action: input.action } : {}),
    ...(input.account !== undefined ? { account: input.account } : {}),
    ...(amountCents !== undefined ? { amountCents } : {}),
    ...(input.sourceIp !== undefined ? { sourceIp: input.sourceIp } : {}),
  };
}

/** Decides questions against one read of every company and user they name. */
async function decideAll(deps: EntitlementDeps, questions: EntitlementQuestion[]) {
  const { companies, users } = await deps.operations.readParties(questions);
  const party = (q: EntitlementQuestion) => ({
    company: companies.get(q.companyCode),
    user: users.get(`${q.companyCode}|${q.userCode}`),
  });
  // The connection checks load only when rules govern one of the users.
  let checks: ConnectionChecks | undefined;
  if (questions.some((q) => governedByRules(party(q).company, party(q).user))) {
    checks = await import('../domain/connection-check.ts');
  }
  const now = nowOf(deps);
  return questions.map((q) => {
    const { company, user } = party(q);
    return {
      decision: decide(q, company, user, { now, lockoutThreshold: deps.lockoutThreshold, checks }),
      company,
      user,
    };
  });
}

/** `POST /service/entitlements/decisions`: one question, or up to 25, in one round trip to the table. */
export async function decideEntitlements(
  deps: EntitlementDeps,
  body: DecisionBody,
): Promise<EntitlementDecision | { decisions: EntitlementDecision[] }> {
  const issues: FieldIssue[] = [];
  if ('questions' in body) {
    const questions = body.questions.map((q, i) => toQuestion(q, `body.questions.${i}`, issues));
    if (issues.length > 0) throw validationError(issues);
    return { decisions: (await decideAll(deps, questions)).map((d) => d.decision) };
  }
  const question = toQuestion(body, 'body', issues);
  if (issues.length > 0) throw validationError(issues);
  const [decided] = await decideAll(deps, [question]);
  return (decided as { decision: EntitlementDecision }).decision;
}

export { newOperationId };

/** The API's view of an operation, with its state as of now (a pending one past its expiry is EXPIRED). */
export function operationView(operation: Operation, now: Date) {
  const { amountCents, ...rest } = operation;
  return { ...rest, amount: formatAmountCents(amountCents), state: stateAt(operation, now) };
}

const auditOf = (
  operation: Operation,
  actor: string,
  action: string,
  origin: Actor,
  at: Date,
  outcome: string,
  changes?: AuditEntry['changes'],
): AuditEntry =>
  auditEntry(origin, at, {
    companyCode: operation.companyCode,
    actor,
    action,
    target: operation.makerCode,
    outcome,
    ...(changes ? { changes } : {}),
  });

/**
 * `POST /service/operations`: registers an operation an end user captured. Refused (and
 * audited) unless the maker may capture it now: profile Operador or Ambos, option and account
 * granted, amount within the limit, connection rules; it needs the maker's number of approvals.
 */
export async function captureOperation(
  deps: EntitlementDeps,
  body: Infer<typeof captureBody>,
  origin: BankActor,
) {
  const option = optionsById.get(body.optionId);
  if (!option) throw validationError([{ field: 'body.optionId', rule: 'unknown_option' }]);
  if (!option.movesFunds || (option.group !== 'transfers' && option.group !== 'payments'))
    throw validationError([{ field: 'body.optionId', rule: 'limit_not_applicable' }]);
  const amountCents = parseAmountCents(body.amount);
  if (amountCents === undefined || amountCents === 0)
    throw validationError([{ field: 'body.amount', rule: 'amount_format' }]);
  const question: EntitlementQuestion = {
    companyCode: body.companyCode,
    userCode: body.makerCode,
    optionId: body.optionId,
    action: 'CAPTURE',
    account: body.account,
    amountCents,
    ...(body.sourceIp ? { sourceIp: body.sourceIp } : {}),
  };
  const [decided] = await decideAll(deps, [question]);
  const { decision, company, user } = decided as {
    decision: EntitlementDecision;
    company?: Company;
    user?: User;
  };
  const now = nowOf(deps);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode: body.companyCode });
  if (decision.decision === 'DENY' || !user) {
    if (user) {
      await deps.operations.audit({
        companyCode: body.companyCode,
        actor: body.makerCode,
        action: 'OPERATION_CAPTURE_REFUSED',
        target: body.makerCode,
        outcome: decision.reasons.join(','),
        sourceIp: body.sourceIp ?? origin.sourceIp,
        correlationId: origin.correlationId,
        at: now.toISOString(),
      });
    }
    throw new AppError('CAPTURE_NOT_ALLOWED', {
      makerCode: body.makerCode,
      reasons: decision.reasons.join(', '),
    });
  }
  const createdAt = now.toISOString();
  const operation: Operation = {
    companyCode: body.companyCode,
    operationId: newOperationId(now),
    makerCode: body.makerCode,
    optionId: body.optionId,
    account: body.account,
    amountCents,
    currency: 'USD',
    reference: body.reference,
    digest: body.digest,
    state: 'PENDING_APPROVAL',
    requiredApprovals: decision.approvalsRequired ?? 1,
    approvals: [],
    createdAt,
    expiresOn: new Date(
      now.getTime() + (body.expiresInMinutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000,
    ).toISOString(),
    updatedAt: createdAt,
    capturedBy: origin.actorArn,
    version: 1,
  };
  const audit = auditOf(
    operation,
    body.makerCode,
    'OPERATION_CAPTURED',
    { ...origin, sourceIp: body.sourceIp ?? origin.sourceIp },
    now,
    operation.operationId,
    {
      state: { after: operation.state },
      amount: { after: formatAmountCents(amountCents) },
      requiredApprovals: { after: operation.requiredApprovals },
    },
  );
  const created = await deps.operations.create(operation, user.version, audit);
  if (created === 'maker-changed') throw new AppError('VERSION_CONFLICT');
  return { operation: operationView(operation, now) };
}

/** `GET /service/operations/{companyCode}/{operationId}`: an operation's state, for the transactional module. */
export async function getOperation(deps: EntitlementDeps, companyCode: string, operationId: string) {
  const operation = await deps.operations.get(companyCode, operationId);
  if (!operation) throw new AppError('OPERATION_NOT_FOUND', { operationId });
  return { operation: operationView(operation, nowOf(deps)) };
}

/** `GET /service/operation-events`: the company's newest final-transition events (the outbox). */
export async function listOperationEvents(deps: EntitlementDeps, companyCode: string) {
  const events = await deps.operations.listEvents(companyCode, 100);
  const now = nowOf(deps);
  return { events: events.map((e) => ({ ...e, operation: operationView(e.operation, now) })) };
}

/**
 * Moves a pending operation on through the shared maker-checker machinery
 * (`shared/services/maker-checker.ts`): concurrent approvals count exactly once each, the
 * operation becomes APPROVED exactly once, and one past its expiry is stored EXPIRED (audited,
 * with its event) and the request refused.
 */
async function transition(
  deps: EntitlementDeps,
  companyCode: string,
  operationId: string,
  origin: Actor,
  actor: string,
  transaction: Transaction,
  next: (operation: Operation, now: Date) => Promise<{ operation: Operation; audit: AuditEntry }>,
) {
  const { item, at } = await transitionPending<Operation>(
    {
      get: () => deps.operations.get(companyCode, operationId),
      write: (expected, written, audit, extra) => deps.operations.transition(expected, written, audit, extra),
      expire: (operation, now) => ({
        item: {
          ...operation,
          state: 'EXPIRED',
          updatedAt: now.toISOString(),
          version: operation.version + 1,
        },
        audit: auditOf(operation, actor, 'OPERATION_EXPIRED', origin, now, operationId, {
          state: { before: operation.state, after: 'EXPIRED' },
        }),
      }),
      settled: (operation) => publish(deps, operation, origin.log),
      errors: {
        notFound: new AppError('OPERATION_NOT_FOUND', { operationId }),
        notPending: 'OPERATION_NOT_PENDING',
        expired: 'OPERATION_EXPIRED',
      },
    },
    () => nowOf(deps),
    transaction,
    async (operation, now) => {
      const change = await next(operation, now);
      return { item: change.operation, audit: change.audit };
    },
  );
  return { operation: operationView(item, at) };
}

async function publish(deps: EntitlementDeps, operation: Operation, log: Logger) {
  const state = operation.state as Exclude<OperationState, 'PENDING_APPROVAL'>;
  try {
    await deps.events.publish(
      {
        id: `${operation.operationId}-${state}`,
        type: eventTypeOf[state],
        at: operation.updatedAt,
        operation,
      },
      log,
    );
  } catch (error) {
    // The event is in the outbox with the change; a failed publication is repeated from there.
    log.warn('operation event not published', { error: (error as Error).name });
  }
}

const refusalCodes = {
  OWN_OPERATION: 'OWN_OPERATION',
  ALREADY_APPROVED: 'ALREADY_APPROVED',
} as const;

/**
 * `POST /operations/{operationId}/decision`: an end user approves or rejects, judged by their
 * settings as read with this request's session (so a limit lowered, an option or account
 * removed after the capture refuses them). Nobody approves their own capture (Ambos included)
 * or twice; each approval counts once; APPROVED exactly at the required number; REJECTED at the
 * first rejection. Refusals are audited.
 */
export async function decideOperation(
  deps: EntitlementDeps,
  approver: User,
  operationId: string,
  body: Infer<typeof operationDecisionBody>,
  origin: Actor,
  transaction: Transaction,
) {
  return transition(
    deps,
    approver.companyCode,
    operationId,
    origin,
    approver.userCode,
    transaction,
    async (operation, now) => {
      const refusal = approverRefusal(operation, approver);
      if (refusal) {
        await deps.operations.audit(
          auditOf(
            operation,
            approver.userCode,
            body.decision === 'APPROVE' ? 'OPERATION_APPROVAL_REFUSED' : 'OPERATION_REJECTION_REFUSED',
            origin,
            now,
            refusal,
          ),
        );
        if (refusal in refusalCodes) throw new AppError(refusalCodes[refusal as keyof typeof refusalCodes]);
        throw new AppError('APPROVAL_NOT_ALLOWED', { reason: refusal });
      }
      const at = now.toISOString();
      const entry = { userCode: approver.userCode, at };
      const approvals = body.decision === 'APPROVE' ? [...operation.approvals, entry] : operation.approvals;
      const state: OperationState =
        body.decision === 'REJECT'
          ? 'REJECTED'
          : approvals.length >= operation.requiredApprovals
            ? 'APPROVED'
            : 'PENDING_APPROVAL';
      const next: Operation = {
        ...operation,
        approvals,
        ...(body.decision === 'REJECT'
          ? { rejection: { ...entry, ...(body.reason ? { reason: body.reason } : {}) } }
          : {}),
        state,
        updatedAt: at,
        version: operation.version + 1,
      };
      const action = body.decision === 'APPROVE' ? 'OPERATION_APPROVED' : 'OPERATION_REJECTED';
      return {
        operation: next,
        audit: auditOf(operation, approver.userCode, action, origin, now, operationId, {
          state: { before: operation.state, after: state },
          approvals: { before: operation.approvals.length, after: approvals.length },
        }),
      };
    },
  );
}

/** `POST /operations/{operationId}/withdrawal`: the maker withdraws their own pending operation. */
export async function withdrawOperation(
  deps: EntitlementDeps,
  maker: User,
  operationId: string,
  origin: Actor,
) {
  return transition(
    deps,
    maker.companyCode,
    operationId,
    origin,
    maker.userCode,
    plainTransaction,
    async (operation, now) => {
      if (operation.makerCode !== maker.userCode) throw new AppError('NOT_OPERATION_MAKER');
      const next: Operation = {
        ...operation,
        state: 'WITHDRAWN',
        updatedAt: now.toISOString(),
        version: operation.version + 1,
      };
      return {
        operation: next,
        audit: auditOf(operation, maker.userCode, 'OPERATION_WITHDRAWN', origin, now, operationId, {
          state: { before: operation.state, after: 'WITHDRAWN' },
        }),
      };
    },
  );
}

/** Whether an operation matches the list's "Filtrar" text (reference, maker, option, account, amount). */
const matches = (operation: Operation, filter: string | undefined) => {
  const text = filter?.trim().toLowerCase();
  if (!text) return true;
  return [
    operation.reference,
    operation.makerCode,
    operation.optionId,
    operation.account,
    formatAmountCents(operation.amountCents),
  ].some((field) => field.toLowerCase().includes(text));
};

/** Offset pages over a list, with cursors signed for the caller and the query. */
async function paged(
  deps: EntitlementDeps,
  scope: string,
  rows: Operation[],
  query: { pageSize: number; cursor?: string },
) {
  if (!deps.cursorKey) throw new Error('list routes need the cursor key');
  const key = await deps.cursorKey();
  const offset = cursorOffset(key, scope, query.cursor);
  const now = nowOf(deps);
  const { items, page } = offsetPage(key, scope, rows, offset, query.pageSize);
  return { items: items.map((o) => operationView(o, now)), page };
}

/** `GET /operations/pending`: the pending operations the caller may approve now, oldest first. */
export async function listPendingOperations(
  deps: EntitlementDeps,
  caller: User,
  query: { pageSize: number; filter?: string; cursor?: string },
) {
  const now = nowOf(deps);
  const pending = await deps.operations.listPending(caller.companyCode);
  const rows = pending.filter(
    (o) => stateAt(o, now) === 'PENDING_APPROVAL' && !approverRefusal(o, caller) && matches(o, query.filter),
  );
  const scope = `${caller.companyCode}|${caller.userCode}|pending|${query.filter ?? ''}|${query.pageSize}`;
  return paged(deps, scope, rows, query);
}

/** Most of a maker's newest operations the "my operations" list reads. */
const MY_OPERATIONS_READ = 100;

/** `GET /operations/mine`: the caller's own captured operations and their state, newest first. */
export async function listMyOperations(
  deps: EntitlementDeps,
  caller: User,
  query: { pageSize: number; filter?: string; cursor?: string },
) {
  const mine = await deps.operations.listByMaker(caller.companyCode, caller.userCode, MY_OPERATIONS_READ);
  const rows = mine.filter((o) => matches(o, query.filter));
  const scope = `${caller.companyCode}|${caller.userCode}|mine|${query.filter ?? ''}|${query.pageSize}`;
  return paged(deps, scope, rows, query);
}
