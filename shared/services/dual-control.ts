import { openSecret, sealSecret } from '../auth/secret-box.ts';
import type { Keys } from '../auth/secrets.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { cancellationReasons } from '../data/errors.ts';
import { companyKeys, userKeys } from '../data/keys.ts';
import type { PendingChangeStore } from '../data/pending-changes.ts';
import {
  confirmedTransaction,
  type PendingConfirmation,
  type TransactItems,
  type Transaction,
} from '../data/transact.ts';
import { newChangeId } from '../domain/ids.ts';
import { stateAt } from '../domain/maker-checker.ts';
import { type Company, SYSTEM_ACTOR, type User } from '../domain/model.ts';
import {
  type ChangeTarget,
  dualControlOn,
  type PendingChange,
  pendingChangeHours,
  summarize,
} from '../domain/pending-changes.ts';
import type { Principal } from '../domain/principal.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import {
  type ApprovalRequest,
  type DualControlResult,
  type DualControlStep,
  PENDING_CHANGE_HEADER,
  type RequestInput,
} from './dual-control-step.ts';
import { transitionPending } from './maker-checker.ts';

/** Tells the company's other administrators of a new pending change (never a secret). */
export type PendingChangeNotifier = (change: PendingChange, company: Company, log: Logger) => Promise<void>;

export interface DualControlDeps {
  changes: PendingChangeStore;
  /** The purpose keys: a proposal's input is sealed with the key that seals token secrets. */
  keys: () => Promise<Keys>;
  notify?: PendingChangeNotifier;
  now?: () => Date;
}

/** Binds a sealed input to its company and change. */
const inputContext = (companyCode: string, changeId: string) =>
  `pending-change\u0000${companyCode}\u0000${changeId}`;

/** The API's view of a change: its state as of now, never its sealed input. */
export function pendingChangeView(change: PendingChange, now: Date) {
  const { inputSealed: _sealed, ...rest } = change;
  return { ...rest, state: stateAt(change, now) };
}

const sessionUser = (principal: Principal) => {
  if (principal.kind !== 'user') throw new AppError('FORBIDDEN');
  return principal;
};

/** What the change concerns, and its current values (for the before → after). */
function targetOf(route: RouteDefinition, request: { path?: unknown; body?: unknown; principal: Principal }) {
  const { company, target } = sessionUser(request.principal);
  const pathUser = (request.path as { userCode?: string } | undefined)?.userCode;
  if (pathUser !== undefined) {
    if (!target) throw new AppError('USER_NOT_FOUND', { userCode: pathUser });
    return {
      target: { kind: 'user', userCode: target.userCode, version: target.version } satisfies ChangeTarget,
      current: target as unknown as Record<string, unknown>,
    };
  }
  const bodyUser = (request.body as { userCode?: string } | undefined)?.userCode;
  if (bodyUser !== undefined)
    return { target: { kind: 'user', userCode: bodyUser } satisfies ChangeTarget, current: undefined };
  const current = route.path === '/company/settings' ? company.settings : company;
  return {
    target: { kind: 'company', version: company.version } satisfies ChangeTarget,
    current: current as unknown as Record<string, unknown>,
  };
}

/** The version the target has now, as read with the approving request. */
function currentVersion(change: PendingChange, principal: Extract<Principal, { kind: 'user' }>) {
  if (change.target.kind === 'company') return principal.company.version;
  return principal.target ? principal.target.version : undefined;
}

const auditOf = (
  change: PendingChange,
  actor: string,
  action: string,
  origin: Actor,
  at: Date,
  outcome: string,
  withChanges = false,
): AuditEntry =>
  auditEntry(origin, at, {
    companyCode: change.companyCode,
    actor,
    action,
    ...(change.target.userCode ? { target: change.target.userCode } : {}),
    outcome: `${change.routeId} ${change.changeId} ${outcome}`,
    ...(withChanges ? { changes: change.changes } : {}),
  });

const originOf = (request: {
  sourceIp: string;
  correlationId: string;
  clientCorrelationId?: string;
  log: Logger;
}): Actor => ({
  sourceIp: request.sourceIp,
  correlationId: request.correlationId,
  ...(request.clientCorrelationId ? { clientCorrelationId: request.clientCorrelationId } : {}),
  log: request.log,
});

/** The same path parameters (the approval goes to the change's own URL). */
const samePath = (a: unknown, b: Record<string, string | undefined>) =>
  JSON.stringify(a ?? {}) ===
  JSON.stringify(Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));

/**
 * The dual-control step: with the company's setting on, a change is validated and
 * stored as a pending change confirmed with the proposer's code (202), and applied only when
 * another administrator approves it with their own code — by the route's own use case, with
 * the proposal's input, in one transaction with the change's conditional transition (so two
 * concurrent approvals apply it once) and the check that its target is at the version proposed.
 */
export function dualControlStep(deps: DualControlDeps): DualControlStep {
  const seal = async (companyCode: string, changeId: string, input: RequestInput) =>
    sealSecret(
      (await deps.keys()).totpEncryption,
      new TextEncoder().encode(JSON.stringify(input)),
      inputContext(companyCode, changeId),
    );

  return {
    async approval(route, principal, headers) {
      const { company } = sessionUser(principal);
      const changeId = String(headers[PENDING_CHANGE_HEADER] ?? '')
        .trim()
        .toUpperCase();
      const change = /^[0-9A-Z]{26}$/.test(changeId)
        ? await deps.changes.get(company.code, changeId)
        : undefined;
      if (!change) throw new AppError('PENDING_CHANGE_NOT_FOUND', { changeId: changeId.slice(0, 26) });
      if (change.routeId !== route.id) throw new AppError('PENDING_CHANGE_MISMATCH', { changeId });
      const key = (await deps.keys()).totpEncryption;
      const input = JSON.parse(
        new TextDecoder().decode(openSecret(key, change.inputSealed, inputContext(company.code, changeId))),
      ) as RequestInput;
      return { changeId, input, change } satisfies ApprovalRequest;
    },

    async run(route, request, approval, useCase) {
      const principal = sessionUser(request.principal);
      if (approval) return approve(approval.change as PendingChange, approval.input, request, useCase);
      if (!dualControlOn(principal.company)) return useCase();
      const now = nowOf(deps);
      const { target, current } = targetOf(route, request);
      const changeId = newChangeId(now);
      const input: RequestInput = {
        body: request.body,
        path: (request.path ?? {}) as RequestInput['path'],
        query: (request.query ?? {}) as RequestInput['query'],
      };
      const at = now.toISOString();
      const change: PendingChange = {
        companyCode: principal.company.code,
        changeId,
        routeId: route.id,
        method: route.method,
        path: String(request.event.path ?? route.path).slice(0, 200),
        target,
        changes: summarize(route.id, request.body, current),
        inputSealed: await seal(principal.company.code, changeId, input),
        makerCode: principal.user.userCode,
        state: 'PENDING_APPROVAL',
        approvals: [],
        requiredApprovals: 1,
        createdAt: at,
        expiresOn: new Date(now.getTime() + pendingChangeHours(principal.company) * 3_600_000).toISOString(),
        updatedAt: at,
        version: 1,
      };
      const origin = originOf(request);
      // The proposer's BOP Token code rides in the proposal's transaction: spent only with it.
      await deps.changes.create(
        change,
        auditOf(change, change.makerCode, 'PENDING_CHANGE_PROPOSED', origin, now, 'PENDING_APPROVAL', true),
        request.transaction,
      );
      request.log.info('change stored for approval', { changeId, routeId: route.id });
      try {
        await deps.notify?.(change, principal.company, request.log);
      } catch (error) {
        request.log.warn('pending change not e-mailed', { error: (error as Error).name });
      }
      return { status: 202, body: { pendingChange: pendingChangeView(change, now) } };
    },
  };

  async function approve<R extends DualControlResult>(
    change: PendingChange,
    input: RequestInput,
    request: Parameters<DualControlStep['run']>[1],
    useCase: (transaction: Transaction) => Promise<R>,
  ) {
    const principal = sessionUser(request.principal);
    const approver: User = principal.user;
    const origin = originOf(request);
    const now = nowOf(deps);
    if (change.makerCode === approver.userCode) {
      await deps.changes.audit(
        auditOf(
          change,
          approver.userCode,
          'PENDING_CHANGE_APPROVAL_REFUSED',
          origin,
          now,
          'OWN_PENDING_CHANGE',
        ),
      );
      throw new AppError('OWN_PENDING_CHANGE');
    }
    const state = stateAt(change, now);
    if (state === 'EXPIRED' && change.state === 'PENDING_APPROVAL')
      await expire(deps, change, approver.userCode, origin);
    if (state !== 'PENDING_APPROVAL') throw new AppError('PENDING_CHANGE_NOT_PENDING', { state });
    if (!samePath(request.path, input.path))
      throw new AppError('PENDING_CHANGE_MISMATCH', { changeId: change.changeId });
    const expected = change.target.version;
    if (expected !== undefined && currentVersion(change, principal) !== expected) {
      // Exactly as proposed or not at all: the proposer must propose again.
      const stale = movedTo(change, 'REJECTED', now, {
        rejection: { userCode: SYSTEM_ACTOR, at: now.toISOString(), reason: 'TARGET_CHANGED' },
      });
      await deps.changes.transition(
        change,
        stale,
        auditOf(change, approver.userCode, 'PENDING_CHANGE_STALE', origin, now, 'TARGET_CHANGED'),
      );
      throw new AppError('PENDING_CHANGE_STALE');
    }
    const approved = movedTo(change, 'APPROVED', now, {
      approvals: [{ userCode: approver.userCode, at: now.toISOString() }],
    });
    const changeItems: TransactItems = [
      ...deps.changes.transitionItems(
        change,
        approved,
        auditOf(
          change,
          approver.userCode,
          'PENDING_CHANGE_APPROVED',
          origin,
          now,
          `proposed by ${change.makerCode}`,
          true,
        ),
      ),
      ...targetCheck(deps, change),
    ];
    // The approver's code is asked for and checked when the use case commits (after its own
    // checks); it rides, with the change's approval and the target's version check, in the use
    // case's own transaction.
    const withApproval = async (): Promise<PendingConfirmation> => {
      const confirmation = await request.transaction.takeConfirmation();
      const items: TransactItems = [...changeItems, ...(confirmation?.items ?? [])];
      const refused = async (): Promise<never> => {
        const reread = await deps.changes.get(change.companyCode, change.changeId);
        if (!reread || reread.version !== change.version)
          throw new AppError('PENDING_CHANGE_NOT_PENDING', {
            state: reread ? stateAt(reread, nowOf(deps)) : 'UNKNOWN',
          });
        if (confirmation) return confirmation.refused();
        throw new AppError('PENDING_CHANGE_STALE');
      };
      return {
        items,
        writeAlone: async () => {
          try {
            await deps.changes.transact(items);
          } catch (error) {
            if (cancellationReasons(error).includes('ConditionalCheckFailed')) await refused();
            throw error;
          }
        },
        refused,
      };
    };
    // Without the approver's code, a change that would fail at the table answers its own problem
    // (its conditions are checked first), and one that would succeed asks for the code.
    const transaction = confirmedTransaction({
      codeSent: request.transaction.codeSent,
      verify: withApproval,
    });
    const result = await useCase(transaction);
    // An approved change whose use case wrote nothing still records its approval (and spends the code).
    await transaction.settle();
    request.log.info('pending change approved and applied', {
      changeId: change.changeId,
      routeId: change.routeId,
    });
    return { ...result, headers: { ...result.headers, 'x-pending-change-state': 'APPROVED' } };
  }
}

/** The check that the change's target is still at the version proposed (folded into the use case's write of it). */
function targetCheck(deps: DualControlDeps, change: PendingChange): TransactItems {
  const version = change.target.version;
  if (version === undefined) return [];
  const key =
    change.target.kind === 'company'
      ? companyKeys.profile(change.companyCode)
      : userKeys.profile(change.companyCode, change.target.userCode as string);
  return [deps.changes.versionCheck(key, version)];
}

/** Stores a pending change past its expiry as EXPIRED (audited) and refuses. */
async function expire(
  deps: DualControlDeps,
  change: PendingChange,
  actor: string,
  origin: Actor,
): Promise<never> {
  const now = nowOf(deps);
  await deps.changes.transition(
    change,
    movedTo(change, 'EXPIRED', now),
    auditOf(change, actor, 'PENDING_CHANGE_EXPIRED', origin, now, 'EXPIRED'),
  );
  throw new AppError('PENDING_CHANGE_EXPIRED');
}

/** The change in its next state, with what decided it: one version more, stamped `now`. */
const movedTo = (
  change: PendingChange,
  state: PendingChange['state'],
  now: Date,
  decision: Partial<Pick<PendingChange, 'approvals' | 'rejection'>> = {},
): PendingChange => ({
  ...change,
  state,
  ...decision,
  updatedAt: now.toISOString(),
  version: change.version + 1,
});

/** Decides a pending change through the shared maker-checker loop (reject, withdraw). */
function decide(
  deps: DualControlDeps,
  admin: User,
  changeId: string,
  origin: Actor,
  transaction: Transaction,
  next: (change: PendingChange, now: Date) => Promise<{ item: PendingChange; audit: AuditEntry }>,
) {
  return transitionPending<PendingChange>(
    {
      get: () => deps.changes.get(admin.companyCode, changeId),
      write: (expected, written, audit, extra) => deps.changes.transition(expected, written, audit, extra),
      expire: (change, now) => ({
        item: movedTo(change, 'EXPIRED', now),
        audit: auditOf(change, admin.userCode, 'PENDING_CHANGE_EXPIRED', origin, now, 'EXPIRED'),
      }),
      errors: {
        notFound: new AppError('PENDING_CHANGE_NOT_FOUND', { changeId }),
        notPending: 'PENDING_CHANGE_NOT_PENDING',
        expired: 'PENDING_CHANGE_EXPIRED',
      },
    },
    () => nowOf(deps),
    transaction,
    next,
  ).then(({ item, at }) => ({ pendingChange: pendingChangeView(item, at) }));
}

/** `POST /pending-changes/{changeId}/rejection`: another administrator rejects it, with their code; nothing changes. */
export function rejectPendingChange(
  deps: DualControlDeps,
  admin: User,
  changeId: string,
  body: { reason?: string },
  origin: Actor,
  transaction: Transaction,
) {
  return decide(deps, admin, changeId, origin, transaction, async (change, now) => {
    if (change.makerCode === admin.userCode) {
      await deps.changes.audit(
        auditOf(
          change,
          admin.userCode,
          'PENDING_CHANGE_REJECTION_REFUSED',
          origin,
          now,
          'OWN_PENDING_CHANGE',
        ),
      );
      throw new AppError('OWN_PENDING_CHANGE');
    }
    return {
      item: movedTo(change, 'REJECTED', now, {
        rejection: {
          userCode: admin.userCode,
          at: now.toISOString(),
          ...(body.reason ? { reason: body.reason } : {}),
        },
      }),
      audit: auditOf(
        change,
        admin.userCode,
        'PENDING_CHANGE_REJECTED',
        origin,
        now,
        `proposed by ${change.makerCode}`,
      ),
    };
  });
}

/** `POST /pending-changes/{changeId}/withdrawal`: the proposer withdraws their own pending change. */
export function withdrawPendingChange(
  deps: DualControlDeps,
  admin: User,
  changeId: string,
  origin: Actor,
  transaction: Transaction,
) {
  return decide(deps, admin, changeId, origin, transaction, async (change, now) => {
    if (change.makerCode !== admin.userCode) throw new AppError('NOT_PENDING_CHANGE_PROPOSER');
    return {
      item: movedTo(change, 'WITHDRAWN', now),
      audit: auditOf(change, admin.userCode, 'PENDING_CHANGE_WITHDRAWN', origin, now, 'WITHDRAWN'),
    };
  });
}

/** `GET /pending-changes`: the company's recent changes (every administrator sees them all), newest first. */
export async function listPendingChanges(
  deps: Pick<DualControlDeps, 'changes' | 'now'>,
  companyCode: string,
) {
  const now = nowOf(deps);
  const changes = await deps.changes.listRecent(companyCode);
  return { items: changes.map((change) => pendingChangeView(change, now)) };
}
