import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmsWithOtp, type RouteDefinition, type RouteId, routes } from '../../../shared/routes.ts';
import { newUserBody, onboardingBody } from '../../helpers/events.ts';
import {
  ACCOUNT,
  buildFixture,
  type Call,
  CHANGE_BY_ME,
  CHANGE_BY_OTHER,
  captureProcessLogs,
  type Example,
  type Fixture,
  invoke,
  mockTable,
  OPERATION_ID,
  PASSWORDS,
  productionEnvironment,
  TRANSFER,
} from './world.ts';

/**
 * Issue 9, point 5: what every route does when a dependency fails — the secret store, each
 * DynamoDB call it makes (throttled; a condition or a transaction refused), SES — generated
 * from the route table and run on the production handlers with the AWS clients mocked
 * (aws-sdk-client-mock). A request may fail; it never fails open, never answers a 500 for a
 * refusal the API knows how to explain, and never leaves an unaudited change behind.
 */

const environment = productionEnvironment();
const logs = captureProcessLogs();
const table = routes as readonly RouteDefinition[];
let fixture: Fixture;
let dynamo: ReturnType<typeof mockTable>;
const ses = mockClient(SESv2Client);

/** A CSV of one user to create (issue 20), as the import routes take it. */
const importFile = (userCode: string) => ({
  format: 'csv',
  content: Buffer.from(
    `Código de usuario,Nombre,Apellido,Cargo,Correo electrónico,Perfil,Opciones,Cuentas\r\n${userCode},ANA,GOMEZ,CONTADORA,ana@correo.com,Operador,products.inquiry,TODAS\r\n`,
  ).toString('base64'),
});

/** A valid request per route, from the caller the route is for; the fixture makes each succeed. */
const examples: Partial<Record<RouteId, Example>> = {
  onboardCompany: { as: { kind: 'bank' }, body: onboardingBody({ companyCode: 'NUEVAEMP' }) },
  reissueAdminPassword: { as: { kind: 'bank' }, path: { companyCode: 'FALLA' } },
  resetAdminToken: { as: { kind: 'bank' }, path: { companyCode: 'FALLA' } },
  listCompanies: { as: { kind: 'bank' } },
  getCompany: { as: { kind: 'bank' }, path: { companyCode: 'FALLA' } },
  addCompanyAccounts: {
    as: { kind: 'bank' },
    path: { companyCode: 'FALLA' },
    body: { accounts: [{ number: '9000000002', type: 'SAVINGS' }] },
  },
  removeCompanyAccount: { as: { kind: 'bank' }, path: { companyCode: 'FALLA', accountNumber: '9000000003' } },
  changeAdministrator: { as: { kind: 'bank' }, path: { companyCode: 'FALLA' }, body: { firstName: 'NORA' } },
  suspendCompany: {
    as: { kind: 'bank' },
    path: { companyCode: 'FALLA' },
    body: { reason: 'Revisión de cumplimiento' },
  },
  reactivateCompany: {
    as: { kind: 'bank' },
    path: { companyCode: 'FALLA' },
    body: { reason: 'Revisión concluida' },
  },
  getBankIpSet: { as: { kind: 'bank' }, path: { ipSet: 'blocked' } },
  replaceBankIpSet: {
    as: { kind: 'bank' },
    path: { ipSet: 'blocked' },
    body: { addresses: ['203.0.113.0/24'] },
  },
  identify: { as: { kind: 'none' }, body: { companyCode: 'FALLA', userCode: 'OPER1' } },
  login: {
    as: { kind: 'none' },
    body: { companyCode: 'FALLA', userCode: 'INGRESO1', password: PASSWORDS.login },
  },
  changeInitialPassword: {
    as: { kind: 'challenge', user: 'NUEVO1', purpose: 'change_password' },
    body: { currentPassword: PASSWORDS.newbie, newPassword: 'Camb34cd', confirmation: 'Camb34cd' },
  },
  passwordRules: { as: { kind: 'none' } },
  listAntiphishingImages: { as: { kind: 'none' } },
  chooseImage: {
    as: { kind: 'challenge', user: 'SINIMG1', purpose: 'choose_image' },
    body: { imageId: 'anchor' },
  },
  loginOtp: {
    as: { kind: 'challenge', user: 'ADMON', purpose: 'otp' },
    body: (f: Fixture) => ({ otp: f.code('admin') }),
  },
  logout: { as: { kind: 'session', user: 'OPER1' } },
  changeMyPassword: {
    as: { kind: 'session', user: 'OPER1' },
    body: { currentPassword: PASSWORDS.oper, newPassword: 'Nuev34cd', confirmation: 'Nuev34cd' },
  },
  assignUserPassword: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'OBJETIVO1' },
    body: { newPassword: 'Asig56ef', confirmation: 'Asig56ef' },
  },
  createUser: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    body: newUserBody('NUEVO2'),
  },
  validateUserImport: { as: { kind: 'session', user: 'ADMON' }, body: importFile('NUEVO3') },
  importUsers: { as: { kind: 'session', user: 'ADMON', otp: true }, body: importFile('NUEVO4') },
  listUsers: { as: { kind: 'session', user: 'ADMON' } },
  getUser: { as: { kind: 'session', user: 'ADMON' }, path: { userCode: 'OBJETIVO1' } },
  updateUser: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'OBJETIVO1' },
    body: { version: 5, jobTitle: 'AUDITOR' },
  },
  changeUserState: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'OBJETIVO1' },
    body: { state: 'DISABLED', version: 5 },
  },
  exportUsers: { as: { kind: 'session', user: 'ADMON' }, query: { format: 'csv' } },
  optionsCatalog: { as: { kind: 'session', user: 'OPER1' } },
  companyAccounts: { as: { kind: 'session', user: 'ADMON' } },
  getMe: { as: { kind: 'session', user: 'OPER1' } },
  listAudit: { as: { kind: 'session', user: 'ADMON' } },
  exportAudit: { as: { kind: 'session', user: 'ADMON' }, query: { format: 'csv' } },
  getMyToken: { as: { kind: 'session', user: 'OPER1' } },
  requestToken: { as: { kind: 'session', user: 'OPER1' } },
  installToken: { as: { kind: 'session', user: 'OPER1' }, body: (f: Fixture) => ({ otp: f.code('oper') }) },
  cancelToken: { as: { kind: 'session', user: 'AMBOS1' }, body: (f: Fixture) => ({ otp: f.code('both') }) },
  listUserTokens: { as: { kind: 'session', user: 'ADMON' } },
  setUserTokenState: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'AMBOS1' },
    body: { state: 'ACTIVE' },
  },
  resetUserToken: { as: { kind: 'session', user: 'ADMON', otp: true }, path: { userCode: 'AMBOS1' } },
  getCompanySettings: { as: { kind: 'session', user: 'ADMON' } },
  updateCompanySettings: { as: { kind: 'session', user: 'ADMON', otp: true }, body: { otpAtLogin: true } },
  getCompanyConnectionRules: { as: { kind: 'session', user: 'ADMON' } },
  setCompanyConnectionRules: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    body: { version: 4, allowedHours: {}, allowedIps: ['203.0.113.0/24'] },
  },
  getUserConnectionRules: { as: { kind: 'session', user: 'ADMON' }, path: { userCode: 'OBJETIVO1' } },
  setUserConnectionRules: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'OBJETIVO1' },
    body: { version: 5, allowedHours: {}, allowedIps: ['203.0.113.0/24'] },
  },
  removeUserConnectionRules: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { userCode: 'OBJETIVO1' },
  },
  // Entitlements and maker-checker operations: the bank's modules, then the end users.
  decideEntitlements: {
    as: { kind: 'bank' },
    body: {
      companyCode: 'FALLA',
      userCode: 'OPER1',
      optionId: TRANSFER,
      action: 'CAPTURE',
      account: ACCOUNT,
      amount: '1500.00',
    },
  },
  captureOperation: {
    as: { kind: 'bank' },
    body: {
      companyCode: 'FALLA',
      makerCode: 'OPER1',
      optionId: TRANSFER,
      account: ACCOUNT,
      amount: '1500.00',
      currency: 'USD',
      reference: 'FACTURA 2024-002',
      digest: 'b'.repeat(64),
    },
  },
  getServiceOperation: { as: { kind: 'bank' }, path: { companyCode: 'FALLA', operationId: OPERATION_ID } },
  listOperationEvents: { as: { kind: 'bank' }, query: { companyCode: 'FALLA' } },
  listPendingOperations: { as: { kind: 'session', user: 'APROB1' } },
  listMyOperations: { as: { kind: 'session', user: 'OPER1' } },
  decideOperation: {
    as: { kind: 'session', user: 'APROB1', otp: true },
    path: { operationId: OPERATION_ID },
    body: { decision: 'APPROVE' },
  },
  withdrawOperation: { as: { kind: 'session', user: 'OPER1' }, path: { operationId: OPERATION_ID } },
  // Several administrators and dual control (issue 22).
  listPendingChanges: { as: { kind: 'session', user: 'ADMON' } },
  rejectPendingChange: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { changeId: CHANGE_BY_OTHER },
    body: { reason: 'No corresponde' },
  },
  withdrawPendingChange: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    path: { changeId: CHANGE_BY_ME },
  },
  listAdministrators: { as: { kind: 'session', user: 'ADMON' } },
  proposeAdministrator: {
    as: { kind: 'session', user: 'ADMON', otp: true },
    body: { userCode: 'ADMON3', firstName: 'ANA', lastName: 'RUIZ', email: 'ana@example.com' },
  },
  addAdministrator: {
    as: { kind: 'bank' },
    path: { companyCode: 'FALLA' },
    body: { userCode: 'ADMON4', firstName: 'LUIS', lastName: 'PAZ', email: 'luis@example.com' },
  },
  removeAdministrator: { as: { kind: 'bank' }, path: { companyCode: 'FALLA', userCode: 'ADMON2' } },
};

const IDEMPOTENCY_KEY = { 'Idempotency-Key': 'faults-0123456789abcdef' };
const withExamples = () =>
  table.flatMap((r) =>
    examples[r.id as RouteId] ? [[r, examples[r.id as RouteId] as Example] as const] : [],
  );

/** Runs one request with an optional fault; the DynamoDB calls it made come back with the answer. */
async function run(definition: RouteDefinition, example: Example, fault?: Parameters<typeof dynamo.arm>[0]) {
  dynamo.arm(fault);
  const answer = await invoke(
    fixture,
    definition.id as RouteId,
    example,
    definition.idempotent ? IDEMPOTENCY_KEY : {},
  );
  return { answer, calls: [...dynamo.calls()] };
}

// What each DynamoDB call is, for the invariants below.
const isWrite = (call: Call) => ['Update', 'Put', 'Delete', 'TransactWrite'].includes(call.command);
const keyOf = (call: Call) =>
  String((call.input.Key as { pk?: string })?.pk ?? (call.input.Item as { pk?: string })?.pk ?? '');
const isIdempotencyRecord = (call: Call) => keyOf(call).startsWith('IDEMPOTENCY#');
const transactItems = (call: Call) =>
  (call.input.TransactItems ?? []) as {
    Put?: { Item: Record<string, unknown>; ConditionExpression?: string };
    Update?: { ConditionExpression?: string };
    Delete?: { ConditionExpression?: string };
    ConditionCheck?: { ConditionExpression?: string };
  }[];
/** A change written together with its audit entry, in one transaction. */
const isAuditedChange = (call: Call) =>
  call.command === 'TransactWrite' && transactItems(call).some((item) => item.Put?.Item.entity === 'Audit');
/**
 * Writes that are bookkeeping, not changes the audit log records: the attempt reserved
 * before a password or code is verified, the session's last-seen time, the single use of a
 * login challenge, and the idempotency record.
 */
const isBookkeeping = (call: Call) => {
  const update = String(call.input.UpdateExpression ?? '');
  if (isIdempotencyRecord(call)) return true;
  if (call.command === 'Update')
    return (
      update.includes('failedAttempts + :one') ||
      update.includes('failedCodes, :zero) + :one') ||
      update === 'SET lastSeenAt = :at'
    );
  if (call.command === 'Delete')
    return String((call.input.Key as { sk?: string }).sk).startsWith('CHALLENGE#');
  return false;
};
const describeCall = (call: Call) =>
  `${call.command}${call.input.UpdateExpression ? ` "${call.input.UpdateExpression}"` : ''}${keyOf(call) ? ` ${keyOf(call)}` : ''}`;

const throttled = (call: Call) =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
    name: call.command === 'TransactWrite' ? 'ThrottlingException' : 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });

/** The first item of a transaction that carries a condition of its own (the audit's put excepted). */
const conditionedItem = (call: Call) =>
  transactItems(call).findIndex(
    (item) =>
      (item.Put && item.Put.Item.entity !== 'Audit' && item.Put.ConditionExpression) ||
      item.Update?.ConditionExpression ||
      item.Delete?.ConditionExpression ||
      item.ConditionCheck,
  );

const cancelled = (reason: string) => (call: Call) =>
  Object.assign(
    new Error(`Transaction cancelled, please refer cancellation reasons for specific reasons [${reason}]`),
    {
      name: 'TransactionCanceledException',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: transactItems(call).map((_, index) => ({
        Code: index === conditionedItem(call) ? reason : 'None',
      })),
    },
  );

const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    $metadata: { httpStatusCode: 400 },
  });

beforeAll(async () => {
  fixture = await buildFixture(environment.keys);
  dynamo = mockTable(fixture);
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => {
  dynamo?.restore();
  ses.restore();
  logs.restore();
});

describe('Faults: the secret store is unavailable (KMS / Secrets Manager)', () => {
  // Runs first: the master key is not there yet.
  it('denies every request that needs a key with 503 SECRETS_UNAVAILABLE, never serving it, and writes nothing', async () => {
    const wrong: string[] = [];
    for (const [definition, example] of withExamples()) {
      const { answer, calls } = await run(definition, example);
      const needsKeys =
        !['public', 'bank'].includes(definition.access) || ['identify', 'login'].includes(definition.id);
      if (needsKeys && (answer.status !== 503 || answer.body?.code !== 'SECRETS_UNAVAILABLE'))
        wrong.push(`${definition.id}: ${answer.status} ${answer.body?.code ?? ''}`);
      if (needsKeys && calls.some(isWrite))
        wrong.push(`${definition.id} wrote ${calls.filter(isWrite).map(describeCall).join(', ')}`);
      if (!needsKeys && answer.status >= 300)
        wrong.push(`${definition.id} needs no key, got ${answer.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('serves the same requests once the key is back: a failed load is not kept', async () => {
    environment.writeSecrets();
    const { answer } = await run(
      routes.find((r) => r.id === 'getMe') as RouteDefinition,
      examples.getMe as Example,
    );
    expect(answer.status).toBe(200);
  });
});

describe('Faults: one example per route', () => {
  it('has a fault example for every route of the route table', () => {
    expect(table.map((r) => r.id).filter((id) => !examples[id as RouteId])).toEqual([]);
  });

  it('succeeds with every example, and writes every change with its audit entry in one transaction', async () => {
    const wrong: string[] = [];
    for (const [definition, example] of withExamples()) {
      const { answer, calls } = await run(definition, example);
      if (answer.status >= 300)
        wrong.push(`${definition.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      const unaudited = calls.filter(
        (call) => isWrite(call) && !isAuditedChange(call) && !isBookkeeping(call),
      );
      if (unaudited.length)
        wrong.push(`${definition.id}: unaudited ${unaudited.map(describeCall).join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  /**
   * The reads an OTP-confirmed route makes between the session read and the change: an approval
   * reads the operation it decides (not an item of the session's batch), and writes the next
   * version only if that is still the stored one. A file of users to create (issue 20) reads the
   * company's user codes once, to judge every row against them before anything is written.
   */
  const targetReads: Partial<Record<RouteId, string[]>> = {
    decideOperation: ['Get'],
    importUsers: ['Query'],
    // Dual control: the pending change decided; the company the new administrator joins.
    rejectPendingChange: ['Get'],
    withdrawPendingChange: ['Get'],
    proposeAdministrator: ['Get'],
  };

  it('makes an OTP-confirmed change in two round trips: the session read, then the change with its audit entry and the accepted code (besides the once-a-minute session refresh and the operation an approval decides)', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [definition, example] of withExamples()) {
      if (!confirmsWithOtp(definition) || !('otp' in example.as && example.as.otp)) continue;
      checked++;
      dynamo.arm();
      // Without an Idempotency-Key: the key's own record is the one documented extra.
      const answer = await invoke(fixture, definition.id as RouteId, example, {});
      const calls = [...dynamo.calls()];
      // The fixture's session is over a minute old, so its last-seen time is refreshed once.
      const [read, ...rest] = calls.filter((call) => call.input.UpdateExpression !== 'SET lastSeenAt = :at');
      const expected = targetReads[definition.id as RouteId] ?? [];
      const between = rest.slice(0, expected.length).map((call) => call.command);
      const [write, ...more] = rest.slice(expected.length);
      const carried =
        write?.command === 'TransactWrite' &&
        transactItems(write).some((item) => item.Put?.Item.action === 'CONFIRMATION_OTP_ACCEPTED') &&
        isAuditedChange(write);
      if (
        answer.status >= 300 ||
        read?.command !== 'BatchGet' ||
        JSON.stringify(between) !== JSON.stringify(expected) ||
        !carried ||
        more.length
      )
        wrong.push(`${definition.id}: ${answer.status} ${calls.map(describeCall).join(' → ')}`);
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    expect(wrong).toEqual([]);
  });
});

describe('Faults: DynamoDB throttling at each call site', () => {
  it('answers 503 with Retry-After, stops there, and leaves no unaudited change behind', async () => {
    const wrong: string[] = [];
    let sites = 0;
    for (const [definition, example] of withExamples()) {
      const { calls } = await run(definition, example);
      for (let at = 0; at < calls.length; at++) {
        sites++;
        const site = `${definition.id} call ${at} (${describeCall(calls[at] as Call)})`;
        const { answer, calls: made } = await run(definition, example, { at, error: throttled });
        const keepingTheAnswer = isIdempotencyRecord(calls[at] as Call) && calls[at]?.command === 'Update';
        if (keepingTheAnswer) {
          // The action is done: failing to keep its answer for repeats does not undo or fail it.
          if (answer.status >= 300) wrong.push(`${site}: ${answer.status}`);
          continue;
        }
        if (
          answer.status !== 503 ||
          answer.body?.code !== 'SERVICE_UNAVAILABLE' ||
          !answer.headers['retry-after']
        )
          wrong.push(`${site}: ${answer.status} ${answer.body?.code ?? ''}`);
        const after = made
          .slice(at + 1)
          .filter((call) => !(isIdempotencyRecord(call) && call.command === 'Delete'));
        if (after.length) wrong.push(`${site}: went on with ${after.map(describeCall).join(', ')}`);
        const before = made
          .slice(0, at)
          .filter((call) => isWrite(call) && !isAuditedChange(call) && !isBookkeeping(call));
        if (before.length) wrong.push(`${site}: left ${before.map(describeCall).join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(sites).toBeGreaterThan(100);
  }, 120_000);

  it('answers 503 when a transaction is cancelled by throttling', async () => {
    const wrong: string[] = [];
    for (const [definition, example] of withExamples()) {
      const { calls } = await run(definition, example);
      for (const [at, call] of calls.entries()) {
        if (call.command !== 'TransactWrite') continue;
        const { answer } = await run(definition, example, {
          at,
          error: (c) =>
            Object.assign(cancelled('ThrottlingError')(c), {
              CancellationReasons: transactItems(c).map(() => ({ Code: 'ThrottlingError' })),
            }),
        });
        if (answer.status !== 503)
          wrong.push(`${definition.id} call ${at}: ${answer.status} ${answer.body?.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});

describe('Faults: refused conditions and cancelled transactions', () => {
  /** What each failed condition means to the caller; anything else is a 500 that should not be. */
  const MEANINGFUL = new Set([
    'VERSION_CONFLICT',
    'USER_EXISTS',
    'COMPANY_EXISTS',
    'OTP_INVALID',
    'CHALLENGE_INVALID',
    'LOGIN_FAILED',
    'SESSION_ENDED',
    'TOKEN_LOCKED',
    'IDEMPOTENCY_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
  ]);

  it.each([
    ['a condition that fails (ConditionalCheckFailed)', 'ConditionalCheckFailed'],
    ['a concurrent transaction on the same item (TransactionConflict)', 'TransactionConflict'],
  ])(
    'answers %s with a 4xx that says what happened, never a 500',
    async (_what, reason) => {
      const wrong: string[] = [];
      const seen = new Map<string, number>();
      for (const [definition, example] of withExamples()) {
        const { calls } = await run(definition, example);
        for (const [at, call] of calls.entries()) {
          const conditional =
            call.command === 'TransactWrite'
              ? conditionedItem(call) >= 0
              : isWrite(call) && !!call.input.ConditionExpression;
          if (!conditional || (reason === 'TransactionConflict' && call.command !== 'TransactWrite'))
            continue;
          const error = call.command === 'TransactWrite' ? cancelled(reason) : conditionFailed;
          const { answer } = await run(definition, example, { at, error });
          const label = `${answer.status} ${answer.body?.code ?? ''}`.trim();
          seen.set(label, (seen.get(label) ?? 0) + 1);
          if (answer.status >= 500 || (answer.status >= 400 && !MEANINGFUL.has(answer.body?.code)))
            wrong.push(`${definition.id} call ${at} (${describeCall(call)}): ${label}`);
        }
      }
      expect(wrong).toEqual([]);
      // Conflicts do surface as 409s (the optimistic locks and the uniqueness conditions).
      expect([...seen.keys()].some((label) => label.startsWith('409'))).toBe(true);
    },
    60_000,
  );
});

describe('Faults: SES fails after onboarding', () => {
  it.each([
    ['throttled', 'TooManyRequestsException'],
    ['refused', 'MessageRejected'],
    ['unreachable', 'TimeoutError'],
  ])(
    'onboards anyway when SES is %s: 201, emailed false, the password never returned; the bank can re-issue',
    async (_what, name) => {
      // Arrange
      ses.reset();
      ses.on(SendEmailCommand).rejects(Object.assign(new Error('SES failure'), { name }));
      const onboard = table.find((r) => r.id === 'onboardCompany') as RouteDefinition;

      // Act
      const { answer, calls } = await run(onboard, examples.onboardCompany as Example);

      // Assess
      expect(answer.status).toBe(201);
      expect(answer.body.genericPassword.emailed).toBe(false);
      expect(JSON.stringify(answer.body)).not.toMatch(/password"\s*:\s*"/i);
      // The key claimed, company + administrator + audit in one transaction, the answer kept.
      expect(calls.filter(isWrite).map((c) => c.command)).toEqual(['Put', 'TransactWrite', 'Update']);
      ses.reset();
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
      const reissue = table.find((r) => r.id === 'reissueAdminPassword') as RouteDefinition;
      const reissued = await run(reissue, examples.reissueAdminPassword as Example);
      expect(reissued.answer.status).toBe(200);
      expect(reissued.answer.body.genericPassword.emailed).toBe(true);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    },
  );
});

describe('Idempotency keys: only routes that declare them pay for them', () => {
  it('makes no idempotency round trip on any other route, even when the header is sent', async () => {
    const wrong: string[] = [];
    for (const [definition, example] of withExamples()) {
      if (definition.idempotent) continue;
      dynamo.arm();
      await invoke(fixture, definition.id as RouteId, example, IDEMPOTENCY_KEY);
      const touched = dynamo.calls().filter(isIdempotencyRecord);
      if (touched.length) wrong.push(`${definition.id}: ${touched.map(describeCall).join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('claims and completes a record on the routes that declare it', async () => {
    for (const definition of table.filter((r) => r.idempotent)) {
      const { answer, calls } = await run(definition, examples[definition.id as RouteId] as Example);
      expect(answer.status).toBeLessThan(300);
      expect(calls.filter(isIdempotencyRecord).map((c) => c.command)).toEqual(['Put', 'Update']);
    }
  });
});

describe('Faults: what the logs say', () => {
  it('logs each failure without a password, a token, a TOTP secret or a generic password', () => {
    const text = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(0);
    const mailed = ses
      .commandCalls(SendEmailCommand)
      .map((call) => call.args[0].input.Content?.Simple?.Body?.Text?.Data?.match(/^ {4}(\S+)$/m)?.[1] ?? '');
    const secrets = [
      ...Object.values(PASSWORDS),
      'Camb34cd',
      'Nuev34cd',
      'Asig56ef',
      ...fixture.issued,
      ...fixture.issued.map((token) => token.split('.')[2] as string),
      ...Object.values(fixture.secrets).flatMap((secret) => [
        secret.toString('hex'),
        secret.toString('base64'),
      ]),
      ...mailed.filter(Boolean),
    ];
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
