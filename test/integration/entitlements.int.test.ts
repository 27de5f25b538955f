import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildCapture } from '../../functions/entitlements/capture.ts';
import { build as buildDecide } from '../../functions/entitlements/decide.ts';
import { build as buildDecideOperation } from '../../functions/entitlements/decide-operation.ts';
import { build as buildGetOperation } from '../../functions/entitlements/get-operation.ts';
import { build as buildListEvents } from '../../functions/entitlements/list-events.ts';
import { build as buildListMine } from '../../functions/entitlements/list-mine.ts';
import { build as buildListPending } from '../../functions/entitlements/list-pending.ts';
import { build as buildWithdraw } from '../../functions/entitlements/withdraw.ts';
import { companyKeys, userKeys } from '../../shared/data/keys.ts';
import { dynamoOperationStore, type OperationEvent } from '../../shared/data/operations.ts';
import type { Permissions, Profile } from '../../shared/domain/model.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { END_USER_MODULE_OPTIONS, personalCredential, readyAdministrator, testApp } from '../helpers/app.ts';
import { BANK_ARN, lambdaContext, restEvent } from '../helpers/events.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

// Entitlement decisions and maker-checker operations (docs/entitlements.md), on DynamoDB Local,
// through the real handlers, session authenticator, OTP confirmation step and idempotency step.

let table: TestTable;
let sends = 0;
beforeAll(async () => {
  table = await createTestTable(undefined, 'entitlements');
  table.documentClient.middlewareStack.add(
    (next) => async (args) => {
      sends++;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countSends' },
  );
});
afterAll(async () => table?.destroy());

const OWN = 'transfers.ownAccounts';
const CHECKS = 'payments.checks';
const ACCOUNT = '2000000001';
const OTHER_ACCOUNT = '2000000002';
const DIGEST = 'a'.repeat(64);

/** The app, the entitlement handlers on its table and clock, and helpers to act as the bank or an end user. */
function world() {
  const app = testApp(table);
  const published: OperationEvent[] = [];
  const deps = {
    ...sessionEntitlementDeps(app.runtime),
    events: { publish: async (event: OperationEvent) => void published.push(event) },
  };
  const handlers = {
    decide: buildDecide(deps),
    capture: buildCapture(withIdempotentRequests(app.runtime, deps)),
    getOperation: buildGetOperation(deps),
    listEvents: buildListEvents(deps),
    pending: buildListPending(deps),
    mine: buildListMine(deps),
    decideOperation: buildDecideOperation(deps),
    withdraw: buildWithdraw(deps),
  };
  const call = async (
    name: keyof typeof handlers,
    options: {
      body?: unknown;
      token?: string;
      bank?: boolean;
      path?: Record<string, string>;
      query?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const response: APIGatewayProxyResult = await handlers[name](
      restEvent({
        method: 'POST',
        path: `/${name}`,
        body: options.body,
        pathParameters: options.path,
        query: options.query,
        ...(options.bank ? { bankArn: BANK_ARN } : {}),
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      }),
      lambdaContext(name),
    );
    return {
      status: response.statusCode,
      headers: response.headers ?? {},
      body: response.body ? JSON.parse(response.body) : undefined,
    };
  };

  /** An active end user with a session and (unless `token: false`) an ACTIVE BOP Token. */
  const endUser = async (
    companyCode: string,
    userCode: string,
    profile: Profile,
    permissions: Partial<Permissions> = {},
    { token = true } = {},
  ) => {
    const user = await app.putEndUserWithPassword(
      {
        companyCode,
        userCode,
        profile,
        permissions: {
          limitsCents: { [OWN]: 500_000, [CHECKS]: 100_000 },
          approvals: { transfers: 2, payments: 1 },
          accounts: [ACCOUNT],
          ...permissions,
          // The module's own options ("Solicitud BOP Token"…) so the user can install a token.
          options: [...(permissions.options ?? [OWN, CHECKS]), ...END_USER_MODULE_OPTIONS],
        },
      },
      'Clave12Op',
    );
    const login = await user.login();
    const session = login.body.session.token as string;
    let authenticator: Awaited<ReturnType<typeof app.enrollToken>> | undefined;
    if (token) {
      authenticator = await app.enrollToken(session);
      // The administrator's activation (step 24) has its own tests: set it directly.
      await table.documentClient.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: userKeys.profile(companyCode, userCode),
          UpdateExpression: 'SET #token.#state = :active',
          ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
          ExpressionAttributeValues: { ':active': 'ACTIVE' },
        }),
      );
    }
    return {
      userCode,
      session,
      otp: () => {
        if (!authenticator) throw new Error('no token');
        return authenticator.next();
      },
    };
  };

  const company = async (companyCode: string) => {
    await app.onboard({
      companyCode,
      accounts: [
        { number: ACCOUNT, type: 'CHECKING' },
        { number: OTHER_ACCOUNT, type: 'SAVINGS' },
      ],
    });
  };

  let keySeq = 0;
  const capture = async (companyCode: string, makerCode: string, overrides: Record<string, unknown> = {}) =>
    call('capture', {
      bank: true,
      headers: { 'Idempotency-Key': `capture-${companyCode}-${++keySeq}-${Date.now()}` },
      body: {
        companyCode,
        makerCode,
        optionId: OWN,
        account: ACCOUNT,
        amount: '1500.00',
        currency: 'USD',
        reference: `TRF-${keySeq}`,
        digest: DIGEST,
        ...overrides,
      },
    });

  const approve = (
    user: { session: string; otp: () => string },
    _company: string,
    operationId: string,
    decision: 'APPROVE' | 'REJECT' = 'APPROVE',
    otp = user.otp(),
  ) =>
    call('decideOperation', {
      token: user.session,
      headers: { 'X-OTP': otp },
      path: { operationId },
      body: { decision },
    });

  const audit = (companyCode: string) => table.readAudit(companyCode);

  const setUser = (
    companyCode: string,
    userCode: string,
    expression: string,
    values: Record<string, unknown>,
  ) =>
    table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: userKeys.profile(companyCode, userCode),
        UpdateExpression: expression,
        ExpressionAttributeNames: { '#p': 'permissions' },
        ExpressionAttributeValues: values,
      }),
    );

  return { app, call, endUser, company, capture, approve, audit, published, setUser };
}

describe('Entitlement decisions (POST /service/entitlements/decisions)', () => {
  it('allows within the grants with the limit and approvals applied, in one round trip', async () => {
    const w = world();
    await w.company('DEC1');
    await w.app.putEndUser({
      companyCode: 'DEC1',
      userCode: 'OPERA',
      profile: 'OPERATOR',
      permissions: {
        options: [OWN],
        limitsCents: { [OWN]: 500_000 },
        approvals: { transfers: 2 },
        accounts: [ACCOUNT],
      },
    });
    const before = sends;
    const allowed = await w.call('decide', {
      bank: true,
      body: { companyCode: 'dec1', userCode: 'opera', optionId: OWN, account: ACCOUNT, amount: '5000.00' },
    });
    expect(sends - before).toBe(1);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ decision: 'ALLOW', reasons: [], limit: '5000.00', approvalsRequired: 2 });
  });

  it('gives every reason that applies, and a limit of 0,00 allows no amount', async () => {
    const w = world();
    await w.company('DEC2');
    await w.app.putEndUser({
      companyCode: 'DEC2',
      userCode: 'SUPER',
      profile: 'SUPERVISOR',
      state: 'DISABLED',
      credential: await personalCredential('Clave12Op', 5),
      permissions: {
        options: [OWN],
        limitsCents: { [OWN]: 0 },
        approvals: { transfers: 1 },
        accounts: [ACCOUNT],
      },
    });
    const denied = await w.call('decide', {
      bank: true,
      body: { companyCode: 'DEC2', userCode: 'SUPER', optionId: OWN, account: OTHER_ACCOUNT, amount: '0.01' },
    });
    expect(denied.body).toEqual({
      decision: 'DENY',
      reasons: [
        'USER_NOT_ACTIVE',
        'USER_LOCKED',
        'ACCOUNT_NOT_GRANTED',
        'OVER_LIMIT',
        'PROFILE_MAY_NOT_CAPTURE',
      ],
      limit: '0.00',
      approvalsRequired: 1,
    });
    const notGranted = await w.call('decide', {
      bank: true,
      body: { companyCode: 'DEC2', userCode: 'SUPER', optionId: CHECKS, action: 'APPROVE' },
    });
    expect(notGranted.body.reasons).toEqual(['USER_NOT_ACTIVE', 'USER_LOCKED', 'OPTION_NOT_GRANTED']);
  });

  it('applies the connection controls (IP and hours) and answers a batch of questions in one round trip', async () => {
    const w = world();
    await w.company('DEC3');
    const permissions = { options: [OWN], limitsCents: { [OWN]: 100 }, approvals: {}, accounts: [ACCOUNT] };
    await w.app.putEndUser({ companyCode: 'DEC3', userCode: 'OPERA', profile: 'OPERATOR', permissions });
    await w.app.putEndUser({
      companyCode: 'DEC3',
      userCode: 'RULED',
      profile: 'BOTH',
      permissions,
      // 2026-11-26T14:00Z is Thursday 09:00 in Panamá: outside a Monday-only window.
      connectionRules: {
        allowedIps: ['203.0.113.0/24'],
        allowedHours: { MON: [{ from: '08:00', to: '17:00' }] },
      },
    });
    const before = sends;
    const batch = await w.call('decide', {
      bank: true,
      body: {
        questions: [
          { companyCode: 'DEC3', userCode: 'OPERA', optionId: OWN, account: ACCOUNT, amount: '1.00' },
          {
            companyCode: 'DEC3',
            userCode: 'RULED',
            optionId: OWN,
            account: ACCOUNT,
            amount: '1.00',
            sourceIp: '198.51.100.9',
          },
          { companyCode: 'DEC3', userCode: 'NOBODY', optionId: OWN },
          { companyCode: 'NOCOMP', userCode: 'OPERA', optionId: 'products.inquiry' },
        ],
      },
    });
    expect(sends - before).toBe(1);
    expect(batch.body.decisions.map((d: { reasons: string[] }) => d.reasons)).toEqual([
      [],
      ['CONNECTION_IP', 'CONNECTION_HOURS'],
      ['USER_NOT_FOUND'],
      ['COMPANY_NOT_FOUND'],
    ]);
  });

  it('refuses bad questions with a 400 naming the field, and batches over 25', async () => {
    const w = world();
    const q = { companyCode: 'DEC4', userCode: 'OPERA', optionId: OWN };
    const unknown = await w.call('decide', { bank: true, body: { ...q, optionId: 'transfers.moon' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'body.optionId', code: 'unknown_option' });
    const tooMany = await w.call('decide', { bank: true, body: { questions: Array(26).fill(q) } });
    expect(tooMany.status).toBe(400);
    const badAmount = await w.call('decide', { bank: true, body: { ...q, amount: '1.005' } });
    expect(badAmount.status).toBe(400);
    const noBank = await w.call('decide', { body: q });
    expect(noBank.status).toBe(403);
  });
});

describe('Maker-checker operations', () => {
  it('captures once per Idempotency-Key, needing the maker’s approvals; a Supervisor may not capture (audited)', async () => {
    const w = world();
    await w.company('CAP1');
    await w.endUser('CAP1', 'OPERA', 'OPERATOR', {}, { token: false });
    await w.endUser('CAP1', 'SUPER', 'SUPERVISOR', {}, { token: false });
    const body = {
      companyCode: 'CAP1',
      makerCode: 'OPERA',
      optionId: OWN,
      account: ACCOUNT,
      amount: '1500',
      currency: 'USD',
      reference: 'TRF-1',
      digest: DIGEST,
    };
    const first = await w.call('capture', {
      bank: true,
      headers: { 'Idempotency-Key': 'cap1-key-0000000001' },
      body,
    });
    expect(first.status).toBe(201);
    expect(first.body.operation).toMatchObject({
      state: 'PENDING_APPROVAL',
      requiredApprovals: 2,
      approvals: [],
      amount: '1500.00',
      makerCode: 'OPERA',
    });
    const again = await w.call('capture', {
      bank: true,
      headers: { 'Idempotency-Key': 'cap1-key-0000000001' },
      body,
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.operation.operationId).toBe(first.body.operation.operationId);

    const bySupervisor = await w.capture('CAP1', 'SUPER');
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.code).toBe('CAPTURE_NOT_ALLOWED');
    const overLimit = await w.capture('CAP1', 'OPERA', { amount: '5000.01' });
    expect(overLimit.status).toBe(403);
    const actions = (await w.audit('CAP1')).map((e) => `${e.action}:${e.actor}:${e.outcome ?? ''}`);
    expect(actions).toContain('OPERATION_CAPTURE_REFUSED:SUPER:PROFILE_MAY_NOT_CAPTURE');
    expect(actions).toContain('OPERATION_CAPTURE_REFUSED:OPERA:OVER_LIMIT');
    expect(actions.filter((a) => a.startsWith('OPERATION_CAPTURED:OPERA'))).toHaveLength(1);
  });

  it('answers a refused approval without asking for a code, and 428 to one that would count (issue 20 §1)', async () => {
    const w = world();
    await w.company('LAZ1');
    const both = await w.endUser('LAZ1', 'AMBOS', 'BOTH');
    const s1 = await w.endUser('LAZ1', 'SUPER1', 'SUPERVISOR');
    const id = (await w.capture('LAZ1', 'AMBOS')).body.operation.operationId as string;

    const own = await w.approve(both, 'LAZ1', id, 'APPROVE', '');
    const withoutCode = await w.approve(s1, 'LAZ1', id, 'APPROVE', '');

    expect([own.status, own.body.code]).toEqual([403, 'OWN_OPERATION']);
    expect([withoutCode.status, withoutCode.body.code]).toEqual([428, 'OTP_REQUIRED']);
    const pending = await w.call('pending', { token: s1.session });
    expect(pending.body.items.map((o: { operationId: string }) => o.operationId)).toEqual([id]);
    const approved = await w.approve(s1, 'LAZ1', id);
    expect(approved.status).toBe(200);
  });

  it('Ambos cannot approve its own capture; two approvals → APPROVED by exactly two distinct approvers, with its event', async () => {
    const w = world();
    await w.company('APP1');
    const both = await w.endUser('APP1', 'AMBOS', 'BOTH');
    const s1 = await w.endUser('APP1', 'SUPER1', 'SUPERVISOR');
    const s2 = await w.endUser('APP1', 'SUPER2', 'SUPERVISOR');
    const opera = await w.endUser('APP1', 'OPERA', 'OPERATOR');
    const captured = await w.capture('APP1', 'AMBOS');
    const id = captured.body.operation.operationId as string;

    const own = await w.approve(both, 'APP1', id);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('OWN_OPERATION');
    const byOperator = await w.approve(opera, 'APP1', id);
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.code).toBe('APPROVAL_NOT_ALLOWED');

    const pendingForS1 = await w.call('pending', { token: s1.session });
    expect(pendingForS1.body.items.map((o: { operationId: string }) => o.operationId)).toEqual([id]);
    expect((await w.call('pending', { token: both.session })).body.items).toEqual([]);

    const firstApproval = await w.approve(s1, 'APP1', id);
    expect(firstApproval.status).toBe(200);
    expect(firstApproval.body.operation).toMatchObject({
      state: 'PENDING_APPROVAL',
      approvals: [{ userCode: 'SUPER1' }],
    });
    const twice = await w.approve(s1, 'APP1', id);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_APPROVED');
    expect((await w.call('pending', { token: s1.session })).body.items).toEqual([]);

    const second = await w.approve(s2, 'APP1', id);
    expect(second.status).toBe(200);
    expect(second.body.operation.state).toBe('APPROVED');
    expect(second.body.operation.approvals.map((a: { userCode: string }) => a.userCode)).toEqual([
      'SUPER1',
      'SUPER2',
    ]);

    const byService = await w.call('getOperation', {
      bank: true,
      path: { companyCode: 'APP1', operationId: id },
    });
    expect(byService.body.operation.state).toBe('APPROVED');
    expect(w.published.map((e) => `${e.type}:${e.operation.operationId}`)).toEqual([
      `OperationApproved:${id}`,
    ]);
    const events = await w.call('listEvents', { bank: true, query: { companyCode: 'APP1' } });
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toMatchObject({
      type: 'OperationApproved',
      operation: { state: 'APPROVED' },
    });
    const mine = await w.call('mine', { token: both.session });
    expect(mine.body.items[0]).toMatchObject({ operationId: id, state: 'APPROVED' });

    const actions = (await w.audit('APP1')).map((e) => `${e.action}:${e.actor}:${e.outcome ?? ''}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'OPERATION_APPROVAL_REFUSED:AMBOS:OWN_OPERATION',
        'OPERATION_APPROVAL_REFUSED:OPERA:PROFILE_MAY_NOT_APPROVE',
        'OPERATION_APPROVAL_REFUSED:SUPER1:ALREADY_APPROVED',
        `OPERATION_APPROVED:SUPER1:${id}`,
        `OPERATION_APPROVED:SUPER2:${id}`,
      ]),
    );
  });

  it('10 concurrent approvals of a 2-approval operation: exactly 2 accepted, APPROVED once', async () => {
    const w = world();
    await w.company('RACE1');
    await w.endUser('RACE1', 'OPERA', 'OPERATOR', {}, { token: false });
    const approvers = [];
    for (let i = 0; i < 10; i++) approvers.push(await w.endUser('RACE1', `SUPER${i}`, 'SUPERVISOR'));
    const id = (await w.capture('RACE1', 'OPERA')).body.operation.operationId as string;
    const codes = approvers.map((a) => a.otp());

    const answers = await Promise.all(
      approvers.map((a, i) => w.approve(a, 'RACE1', id, 'APPROVE', codes[i])),
    );

    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(
      Array(8).fill('OPERATION_NOT_PENDING'),
    );
    const final = await w.call('getOperation', {
      bank: true,
      path: { companyCode: 'RACE1', operationId: id },
    });
    expect(final.body.operation.state).toBe('APPROVED');
    const approvedBy = final.body.operation.approvals.map((a: { userCode: string }) => a.userCode);
    expect(new Set(approvedBy).size).toBe(2);
    expect(w.published.filter((e) => e.type === 'OperationApproved')).toHaveLength(1);
    const audited = (await w.audit('RACE1')).filter((e) => e.action === 'OPERATION_APPROVED');
    expect(audited.map((e) => e.actor).sort()).toEqual([...approvedBy].sort());
  });

  it('a limit lowered, or an account removed, after the capture refuses the approver', async () => {
    const w = world();
    await w.company('LOW1');
    await w.endUser('LOW1', 'OPERA', 'OPERATOR', {}, { token: false });
    const s1 = await w.endUser('LOW1', 'SUPER1', 'SUPERVISOR');
    const s2 = await w.endUser('LOW1', 'SUPER2', 'SUPERVISOR');
    const id = (await w.capture('LOW1', 'OPERA', { amount: '1500.00' })).body.operation.operationId as string;
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: userKeys.profile('LOW1', 'SUPER1'),
        UpdateExpression: 'SET #p.limitsCents.#o = :low',
        ExpressionAttributeNames: { '#p': 'permissions', '#o': OWN },
        ExpressionAttributeValues: { ':low': 100_000 },
      }),
    );
    await w.setUser('LOW1', 'SUPER2', 'SET #p.accounts = :none', { ':none': [] });

    const lowered = await w.approve(s1, 'LOW1', id);
    expect(lowered.status).toBe(403);
    expect(lowered.body).toMatchObject({ code: 'APPROVAL_NOT_ALLOWED' });
    expect(lowered.body.detail).toContain('OVER_LIMIT');
    const removed = await w.approve(s2, 'LOW1', id);
    expect(removed.body.detail).toContain('ACCOUNT_NOT_GRANTED');
    expect((await w.call('pending', { token: s1.session })).body.items).toEqual([]);
  });

  it('expires: a pending operation past its expiry reads EXPIRED, refuses approval and is stored EXPIRED with its event', async () => {
    const w = world();
    await w.company('EXP1');
    await w.endUser('EXP1', 'OPERA', 'OPERATOR', {}, { token: false });
    const s1 = await w.endUser('EXP1', 'SUPER1', 'SUPERVISOR');
    const id = (await w.capture('EXP1', 'OPERA', { expiresInMinutes: 5 })).body.operation
      .operationId as string;
    expect((await w.call('pending', { token: s1.session })).body.items).toHaveLength(1);

    w.app.clock.advance(5 * 60_000);

    const read = await w.call('getOperation', { bank: true, path: { companyCode: 'EXP1', operationId: id } });
    expect(read.body.operation.state).toBe('EXPIRED');
    expect((await w.call('pending', { token: s1.session })).body.items).toEqual([]);
    const late = await w.approve(s1, 'EXP1', id);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('OPERATION_EXPIRED');
    expect(w.published.map((e) => e.type)).toEqual(['OperationExpired']);
    const stored = await dynamoOperationStore(table.documentClient, table.tableName).get('EXP1', id);
    expect(stored?.state).toBe('EXPIRED');
  });

  it('REJECTED at the first rejection; the maker withdraws, nobody else does; another company’s operation is not found', async () => {
    const w = world();
    await w.company('REJ1');
    await w.company('REJ2');
    const opera = await w.endUser('REJ1', 'OPERA', 'OPERATOR', {}, { token: false });
    const s1 = await w.endUser('REJ1', 'SUPER1', 'SUPERVISOR');
    const s2 = await w.endUser('REJ1', 'SUPER2', 'SUPERVISOR');
    const foreign = await w.endUser('REJ2', 'SUPER1', 'SUPERVISOR');
    const a = (await w.capture('REJ1', 'OPERA')).body.operation.operationId as string;
    w.app.clock.advance(1000);
    const b = (await w.capture('REJ1', 'OPERA')).body.operation.operationId as string;

    expect((await w.approve(foreign, 'REJ2', a)).status).toBe(404);
    const rejected = await w.approve(s1, 'REJ1', a, 'REJECT');
    expect(rejected.body.operation).toMatchObject({ state: 'REJECTED', rejection: { userCode: 'SUPER1' } });
    const after = await w.approve(s2, 'REJ1', a);
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('OPERATION_NOT_PENDING');

    const notMine = await w.call('withdraw', { token: s1.session, path: { operationId: b } });
    expect(notMine.status).toBe(403);
    expect(notMine.body.code).toBe('NOT_OPERATION_MAKER');
    const withdrawn = await w.call('withdraw', { token: opera.session, path: { operationId: b } });
    expect(withdrawn.body.operation.state).toBe('WITHDRAWN');
    expect(w.published.map((e) => e.type)).toEqual(['OperationRejected', 'OperationWithdrawn']);
    const mine = await w.call('mine', { token: opera.session });
    expect(mine.body.items.map((o: { state: string }) => o.state)).toEqual(['WITHDRAWN', 'REJECTED']);
  });

  it('an approval needs the BOP Token code: none (428), a replayed one refused; a refusal spends no code', async () => {
    const w = world();
    await w.company('OTP1');
    await w.endUser('OTP1', 'OPERA', 'OPERATOR', {}, { token: false });
    const s1 = await w.endUser('OTP1', 'SUPER1', 'SUPERVISOR');
    const noToken = await w.endUser('OTP1', 'SUPER2', 'SUPERVISOR', {}, { token: false });
    const a = (await w.capture('OTP1', 'OPERA')).body.operation.operationId as string;
    const b = (await w.capture('OTP1', 'OPERA')).body.operation.operationId as string;

    const none = await w.call('decideOperation', {
      token: s1.session,
      path: { operationId: a },
      body: { decision: 'APPROVE' },
    });
    expect(none.status).toBe(428);
    const withoutToken = await w.call('decideOperation', {
      token: noToken.session,
      headers: { 'X-OTP': '123456' },
      path: { operationId: a },
      body: { decision: 'APPROVE' },
    });
    expect(withoutToken.status).toBe(403);
    const code = s1.otp();
    expect((await w.approve(s1, 'OTP1', a, 'APPROVE', code)).status).toBe(200);
    const replay = await w.approve(s1, 'OTP1', b, 'APPROVE', code);
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('OTP_INVALID');
    expect(
      (await w.call('getOperation', { bank: true, path: { companyCode: 'OTP1', operationId: b } })).body
        .operation.approvals,
    ).toEqual([]);
  });

  it('an approval asks for the BOP Token code even when the company turned OTP confirmation off', async () => {
    // Prepare: the administrator's "OTP confirmation" setting off (administrative actions only)
    const w = world();
    await w.company('OTP2');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: companyKeys.profile('OTP2'),
        UpdateExpression: 'SET settings.otpConfirmation = :off',
        ExpressionAttributeValues: { ':off': false },
      }),
    );
    await w.endUser('OTP2', 'OPERA', 'OPERATOR', {}, { token: false });
    const s1 = await w.endUser('OTP2', 'SUPER1', 'SUPERVISOR');
    const a = (await w.capture('OTP2', 'OPERA')).body.operation.operationId as string;

    // Act
    const none = await w.call('decideOperation', {
      token: s1.session,
      path: { operationId: a },
      body: { decision: 'APPROVE' },
    });
    const withCode = await w.approve(s1, 'OTP2', a);

    // Assess: an approval is a transactional signature, never without a code
    expect(none.status).toBe(428);
    expect(none.body.code).toBe('OTP_REQUIRED');
    expect(withCode.status).toBe(200);
    expect(withCode.body.operation.approvals.map((x: { userCode: string }) => x.userCode)).toEqual([
      'SUPER1',
    ]);
  });
});

describe('§3: a number of approvals the company’s approvers cannot reach', () => {
  it('warns on create and modify, without refusing; the warning goes once enough approvers exist', async () => {
    const w = world();
    const admin = await readyAdministrator(w.app, 'WARN1', 'Banco1234a', {
      accounts: [{ number: ACCOUNT, type: 'CHECKING' }],
    });
    await w.app.putEndUser({
      companyCode: 'WARN1',
      userCode: 'SUPER1',
      profile: 'SUPERVISOR',
      permissions: {
        options: [OWN],
        limitsCents: { [OWN]: 100 },
        approvals: { transfers: 1 },
        accounts: [ACCOUNT],
      },
    });
    // Disabled, or without the option: not an approver.
    await w.app.putEndUser({
      companyCode: 'WARN1',
      userCode: 'SUPER2',
      profile: 'BOTH',
      state: 'DISABLED',
      permissions: {
        options: [OWN],
        limitsCents: { [OWN]: 100 },
        approvals: { transfers: 1 },
        accounts: [ACCOUNT],
      },
    });
    const created = await w.app.call('createUser', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: {
        userCode: 'OPERA',
        firstName: 'ANA',
        lastName: 'LOPEZ',
        jobTitle: 'TESORERA',
        email: 'ana@example.com',
        profile: 'OPERATOR',
        options: [OWN, 'products.inquiry'],
        limits: { [OWN]: '1000.00' },
        approvals: { transfers: 2 },
        accounts: 'ALL',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.warnings).toEqual([
      expect.objectContaining({
        code: 'APPROVALS_EXCEED_APPROVERS',
        optionId: OWN,
        required: 2,
        eligibleApprovers: 1,
      }),
    ]);
    const fixed = await w.app.call('updateUser', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERA' },
      body: { version: 1, approvals: { transfers: 1 } },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.warnings).toBeUndefined();
    const raised = await w.app.call('updateUser', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERA' },
      body: { version: 2, approvals: { transfers: 3 } },
    });
    expect(raised.body.warnings?.[0]).toMatchObject({ required: 3, eligibleApprovers: 1 });
  });
});
