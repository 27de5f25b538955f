import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { repoRoot } from '../../../infra/local/paths.ts';
import { sealSecret, tokenSecretContext } from '../../../shared/auth/secret-box.ts';
import { deriveKeys, type Keys } from '../../../shared/auth/secrets.ts';
import { signToken } from '../../../shared/auth/tokens.ts';
import {
  challengeKeys,
  companyKeys,
  operationEventKeys,
  operationKeys,
  pendingChangeKeys,
  sessionKeys,
  userKeys,
} from '../../../shared/data/keys.ts';
import type { Operation } from '../../../shared/domain/entitlements.ts';
import type { Company, User } from '../../../shared/domain/model.ts';
import { hashPassword } from '../../../shared/domain/password-hash.ts';
import { type RouteDefinition, type RouteId, route } from '../../../shared/routes.ts';
import { lambdaContext, restEvent } from '../../helpers/events.ts';

export { captureProcessLogs } from '../../helpers/process-logs.ts';

import type { ChallengePurpose } from '../../../shared/core/challenge.ts';
import { testHotp } from '../../helpers/totp.ts';

/**
 * The production handlers (`handler` of each route module, wired by `shared/runtime/*` from
 * the environment) over a mocked DynamoDB document client that answers from a small fixture
 * company — so a fault can be injected at any one call a request makes, and what the request
 * did before and after it inspected.
 */

export const COMPANY = 'FALLA';
export const ISSUER = 'urn:bank:corporate-banking-admin';
export const AUDIENCE = 'urn:bank:corporate-banking-api';
export const PASSWORDS = { admin: 'Admi12nx', oper: 'Oper12ab', newbie: 'Asig12ab', login: 'Ingr12ab' };
/** The option, account and pending operation of the maker-checker examples (docs/entitlements.md). */
export const TRANSFER = 'transfers.ownAccounts';
export const ACCOUNT = '9000000001';
export const OPERATION_ID = '01JFA11A000000000000000001';
/** Pending changes under dual control (issue 22): one ADMON2 proposed, one ADMON proposed. */
export const CHANGE_BY_OTHER = '01JFA11A000000000000000C01';
export const CHANGE_BY_ME = '01JFA11A000000000000000C02';

/** The users a session example may act as, and the BOP Token each confirms with. */
const sessionUsers = { ADMON: 'admin', OPER1: 'oper', AMBOS1: 'both', APROB1: 'approver' } as const;
export type SessionUser = keyof typeof sessionUsers;

/** The environment the runtime reads at cold start: call before the first handler runs. */
export function productionEnvironment() {
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const secretsFile = join(dir, 'secrets.json');
  const master = randomBytes(48).toString('base64url');
  Object.assign(process.env, {
    TABLE_NAME: 'faults-table',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    MAIL_FROM: 'banco@bank.example',
    LOG_LEVEL: 'error',
    LOCAL_SECRETS_FILE: secretsFile,
    LOCAL_IP_SETS_FILE: join(dir, 'ip-sets.json'),
  });
  delete process.env.DYNAMODB_ENDPOINT;
  delete process.env.SES_ENDPOINT;
  delete process.env.SECRETS_ARN;
  return {
    keys: deriveKeys(new TextEncoder().encode(master)),
    /** Puts the master key where the runtime looks for it (until then, secrets are unavailable). */
    writeSecrets: () => writeFileSync(secretsFile, JSON.stringify({ masterKey: master }), { mode: 0o600 }),
  };
}

type Item = Record<string, unknown>;
const keyOf = (key: { pk?: unknown; sk?: unknown }) => `${key.pk}|${key.sk}`;
const now = () => new Date();
const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

const fastHash = (password: string) => hashPassword(password, { logN: 10, r: 8, p: 1 });

/** The fixture company, its users (one per situation a route needs), sessions and token secrets. */
export async function buildFixture(keys: Keys) {
  const secrets = {
    admin: randomBytes(20),
    oper: randomBytes(20),
    both: randomBytes(20),
    approver: randomBytes(20),
  };
  const seal = (user: string, secret: Uint8Array) =>
    sealSecret(keys.totpEncryption, secret, tokenSecretContext(COMPANY, user));
  const company: Company = {
    code: COMPANY,
    legalName: 'Fallas, S.A.',
    language: 'es',
    accounts: [
      { number: '9000000001', type: 'CHECKING', currency: 'USD' },
      // Granted to nobody: the bank's removal example removes it (issue 18).
      { number: '9000000003', type: 'SAVINGS', currency: 'USD' },
    ],
    administratorCode: 'ADMON',
    settings: { otpConfirmation: true, otpAtLogin: false },
    createdAt: iso(-86_400_000),
    createdBy: 'BANCO',
    version: 4,
  };
  const credential = async (password: string, kind: 'personal' | 'assigned' = 'personal') => ({
    passwordHash: await fastHash(password),
    kind,
    failedAttempts: 0,
    history: [],
    changedAt: iso(-86_400_000),
    ...(kind === 'assigned' ? { expiresAt: iso(86_400_000) } : {}),
  });
  const user = (userCode: string, fields: Partial<User>): User => ({
    companyCode: COMPANY,
    userCode,
    role: 'user',
    profile: 'OPERATOR',
    firstName: 'ANA',
    lastName: 'LOPEZ',
    email: `${userCode.toLowerCase()}@example.com`,
    state: 'ACTIVE',
    createdBy: 'ADMON',
    createdAt: iso(-86_400_000),
    version: 3,
    imageId: 'anchor',
    // The module's own options (token, password), which the server enforces (issue 16, point 4).
    permissions: {
      options: [
        'products.inquiry',
        'services.requestToken',
        'services.cancelToken',
        'services.changePassword',
      ],
      limitsCents: {},
      approvals: {},
      accounts: ['9000000001'],
    },
    ...fields,
  });
  /** The module's own options plus transfers between own accounts, up to 5000.00, one approval. */
  const transfers = (): User['permissions'] => ({
    options: [
      'products.inquiry',
      TRANSFER,
      'services.requestToken',
      'services.cancelToken',
      'services.changePassword',
    ],
    limitsCents: { [TRANSFER]: 500_000 },
    approvals: { transfers: 1 },
    accounts: [ACCOUNT],
  });
  const token = (state: 'REQUESTED' | 'INSTALLED' | 'ACTIVE', userCode: string, secret: Uint8Array) => ({
    state,
    secretCiphertext: seal(userCode, secret),
    requestedAt: iso(-3_600_000),
    changedAt: iso(-3_600_000),
    changedBy: userCode,
    ...(state === 'REQUESTED' ? {} : { installedAt: iso(-3_600_000) }),
  });
  const users: User[] = [
    user('ADMON', {
      role: 'admin',
      profile: undefined,
      permissions: undefined,
      credential: await credential(PASSWORDS.admin),
      token: token('ACTIVE', 'ADMON', secrets.admin),
      version: 7,
    }),
    // A second administrator (issue 22): the bank's removal example removes them.
    user('ADMON2', {
      role: 'admin',
      profile: undefined,
      permissions: undefined,
      credential: await credential(PASSWORDS.admin),
      token: token('ACTIVE', 'ADMON2', secrets.admin),
      version: 3,
    }),
    // The maker of the pending operation: may capture transfers between own accounts.
    user('OPER1', {
      credential: await credential(PASSWORDS.oper),
      token: token('REQUESTED', 'OPER1', secrets.oper),
      permissions: transfers(),
    }),
    user('AMBOS1', {
      profile: 'BOTH',
      credential: await credential(PASSWORDS.oper),
      token: token('INSTALLED', 'AMBOS1', secrets.both),
    }),
    user('NUEVO1', { credential: await credential(PASSWORDS.newbie, 'assigned'), imageId: undefined }),
    user('SINIMG1', { credential: await credential(PASSWORDS.oper), imageId: undefined }),
    user('INGRESO1', { credential: await credential(PASSWORDS.login) }),
    // The checker: a Supervisor with an active token, the option, the account and the limit.
    user('APROB1', {
      profile: 'SUPERVISOR',
      credential: await credential(PASSWORDS.oper),
      token: token('ACTIVE', 'APROB1', secrets.approver),
      permissions: transfers(),
    }),
    user('OBJETIVO1', {
      credential: await credential(PASSWORDS.oper),
      version: 5,
      connectionRules: { allowedHours: {}, allowedIps: ['192.0.2.0/24'] },
    }),
  ];
  const sessions = (Object.keys(sessionUsers) as SessionUser[]).map((userCode) => ({
    ...sessionKeys.session(COMPANY, userCode),
    entity: 'Session',
    companyCode: COMPANY,
    userCode,
    sessionId: `session-${userCode}`,
    role: userCode === 'ADMON' ? 'admin' : 'user',
    createdAt: iso(-300_000),
    // Over a minute old: the request refreshes it (one more call site).
    lastSeenAt: iso(-120_000),
    absoluteExpiresAt: iso(3_600_000),
    sourceIp: '198.51.100.7',
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  }));
  const items = new Map<string, Item>();
  const put = (item: Item) => items.set(keyOf(item as { pk: string; sk: string }), item);
  put({ ...companyKeys.profile(COMPANY), entity: 'Company', ...company });
  for (const u of users) put({ ...userKeys.profile(COMPANY, u.userCode), entity: 'User', ...u });
  for (const s of sessions) put(s);
  // OPER1's pending operation (what the bank's module captured), its maker-index item, and the
  // outbox event of an earlier operation of the company.
  const operation: Operation = {
    companyCode: COMPANY,
    operationId: OPERATION_ID,
    makerCode: 'OPER1',
    optionId: TRANSFER,
    account: ACCOUNT,
    amountCents: 150_000,
    currency: 'USD',
    reference: 'FACTURA 2024-001',
    digest: 'a'.repeat(64),
    state: 'PENDING_APPROVAL',
    requiredApprovals: 1,
    approvals: [],
    createdAt: iso(-600_000),
    expiresOn: iso(86_400_000),
    updatedAt: iso(-600_000),
    capturedBy: 'arn:aws:iam::000000000000:role/bank-transfers',
    version: 1,
  };
  put({
    ...operationKeys.operation(COMPANY, OPERATION_ID),
    entity: 'Operation',
    gsi1pk: operationKeys.pending(COMPANY),
    gsi1sk: `${operation.createdAt}#${OPERATION_ID}`,
    ...operation,
  });
  put({
    ...operationKeys.makerIndex(COMPANY, 'OPER1', operation.createdAt, OPERATION_ID),
    entity: 'OperationByMaker',
    operationId: OPERATION_ID,
  });
  const earlier = { ...operation, operationId: '01JFA11A000000000000000000', state: 'WITHDRAWN' as const };
  put({
    ...operationEventKeys.event(COMPANY, earlier.updatedAt, earlier.operationId),
    entity: 'OperationEvent',
    id: `${earlier.operationId}-WITHDRAWN`,
    type: 'OperationWithdrawn',
    at: earlier.updatedAt,
    operation: earlier,
  });

  for (const [changeId, makerCode] of [
    [CHANGE_BY_OTHER, 'ADMON2'],
    [CHANGE_BY_ME, 'ADMON'],
  ] as const) {
    put({
      ...pendingChangeKeys.change(COMPANY, changeId),
      entity: 'PendingChange',
      gsi1pk: pendingChangeKeys.pending(COMPANY),
      gsi1sk: `${iso(-600_000)}#${changeId}`,
      companyCode: COMPANY,
      changeId,
      routeId: 'changeUserState',
      method: 'PUT',
      path: '/users/OBJETIVO1/state',
      target: { kind: 'user', userCode: 'OBJETIVO1', version: 5 },
      changes: { state: { before: 'ACTIVE', after: 'DISABLED' } },
      inputSealed: 'v1.x.y.z',
      makerCode,
      state: 'PENDING_APPROVAL',
      approvals: [],
      requiredApprovals: 1,
      createdAt: iso(-600_000),
      expiresOn: iso(86_400_000),
      updatedAt: iso(-600_000),
      version: 1,
    });
  }

  const settings = { key: keys.sessionSigning, issuer: ISSUER, audience: AUDIENCE };
  /** Every token handed to a request, to look for in the logs. */
  const issued: string[] = [];
  const remember = async (token: Promise<string>) => {
    issued.push(await token);
    return issued.at(-1) as string;
  };
  const sessionToken = (userCode: SessionUser) =>
    remember(
      signToken(
        settings,
        {
          kind: 'session',
          companyCode: COMPANY,
          userCode,
          role: userCode === 'ADMON' ? 'admin' : 'user',
          sessionId: `session-${userCode}`,
        },
        now(),
        new Date(Date.now() + 3_600_000),
      ),
    );
  const challengeToken = (userCode: string, purpose: ChallengePurpose) => {
    const challengeId = `challenge-${userCode}`;
    put({
      ...challengeKeys.challenge(COMPANY, userCode),
      entity: 'Challenge',
      companyCode: COMPANY,
      userCode,
      challengeId,
      purpose,
      createdAt: iso(),
      expiresAt: Math.floor(Date.now() / 1000) + 300,
    });
    return remember(
      signToken(
        settings,
        { kind: 'challenge', companyCode: COMPANY, userCode, purpose, challengeId },
        now(),
        new Date(Date.now() + 300_000),
      ),
    );
  };
  const code = (who: keyof typeof secrets) => testHotp(secrets[who], Math.floor(Date.now() / 30_000));
  return { items, sessionToken, challengeToken, code, issued, secrets };
}
export type Fixture = Awaited<ReturnType<typeof buildFixture>>;

/** One DynamoDB call a request made: the command's class and its input. */
export interface Call {
  command: string;
  input: Record<string, unknown>;
}

/** A fault to inject: the `at`-th DynamoDB call of the request (0-based) fails with `error`. */
export interface Fault {
  at: number;
  error: (call: Call) => Error;
}

/**
 * Mocks the document client (every instance: the runtime builds its own) to answer from
 * the fixture, record every call, and fail one of them when a fault says so.
 */
export function mockTable(fixture: Fixture) {
  const ddb = mockClient(DynamoDBDocumentClient);
  let calls: Call[] = [];
  let fault: Fault | undefined;
  const answer =
    (command: string, respond: (input: Record<string, unknown>) => unknown) =>
    (input: Record<string, unknown>) => {
      const call = { command, input };
      calls.push(call);
      if (fault && calls.length - 1 === fault.at) throw fault.error(call);
      return respond(input);
    };
  const items = fixture.items;
  const install = () => {
    ddb.reset();
    ddb.on(GetCommand).callsFake(answer('Get', (input) => ({ Item: items.get(keyOf(input.Key as Item)) })));
    ddb.on(BatchGetCommand).callsFake(
      answer('BatchGet', (input) => {
        const [table, request] =
          Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>)[0] ?? [];
        const found = (request?.Keys ?? []).flatMap((key) => items.get(keyOf(key)) ?? []);
        return { Responses: { [table as string]: found }, UnprocessedKeys: {} };
      }),
    );
    ddb.on(QueryCommand).callsFake(
      answer('Query', (input) => {
        // A Query on gsi1 reads the items of that index's partition (the sparse pending key).
        const partition = input.IndexName ? `${input.IndexName}pk` : 'pk';
        const values = input.ExpressionAttributeValues as Record<string, string>;
        return {
          Items: [...items.values()].filter(
            (item) =>
              item[partition] === values[':pk'] &&
              (!values[':prefix'] || String(item.sk).startsWith(values[':prefix'])),
          ),
        };
      }),
    );
    ddb
      .on(UpdateCommand)
      .callsFake(
        answer('Update', (input) =>
          input.ReturnValues === 'UPDATED_NEW'
            ? { Attributes: { credential: { failedAttempts: 1 }, token: { failedCodes: 1 } } }
            : {},
        ),
      );
    ddb.on(PutCommand).callsFake(answer('Put', () => ({})));
    ddb.on(DeleteCommand).callsFake(answer('Delete', () => ({})));
    ddb.on(TransactWriteCommand).callsFake(answer('TransactWrite', () => ({})));
  };
  install();
  return {
    /** Starts a request: clears the record, sets (or clears) the fault. */
    arm(next?: Fault) {
      calls = [];
      fault = next;
    },
    calls: () => calls,
    restore: () => ddb.restore(),
  };
}

/** Who calls, in the fault examples. */
export type Caller =
  | { kind: 'none' }
  | { kind: 'bank' }
  | { kind: 'session'; user: SessionUser; otp?: boolean }
  | { kind: 'challenge'; user: string; purpose: ChallengePurpose };

export interface Example {
  as: Caller;
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown | ((fixture: Fixture) => unknown);
}

const handlers = new Map<string, (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>>();

/** The route's production `handler` (its module, as CDK bundles it). */
export async function productionHandler(definition: RouteDefinition) {
  const cached = handlers.get(definition.id);
  if (cached) return cached;
  const module = (await import(pathToFileURL(join(repoRoot, definition.handler)).href)) as {
    handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
  };
  handlers.set(definition.id, module.handler);
  return module.handler;
}

/** Invokes route `id`'s production handler with the example's caller and input. */
export async function invoke(
  fixture: Fixture,
  id: RouteId,
  example: Example,
  extraHeaders: Record<string, string> = {},
) {
  const definition = route(id) as RouteDefinition;
  const headers: Record<string, string> = { ...extraHeaders };
  const caller = example.as;
  if (caller.kind === 'session') {
    headers.Authorization = `Bearer ${await fixture.sessionToken(caller.user)}`;
    // The caller's own BOP Token confirms the action.
    if (caller.otp) headers['X-OTP'] = fixture.code(sessionUsers[caller.user]);
  } else if (caller.kind === 'challenge') {
    headers.Authorization = `Bearer ${await fixture.challengeToken(caller.user, caller.purpose)}`;
  }
  const body =
    typeof example.body === 'function' ? (example.body as (f: Fixture) => unknown)(fixture) : example.body;
  const response = await (await productionHandler(definition))(
    restEvent({
      method: definition.method,
      path: definition.path,
      resource: definition.path,
      body,
      headers,
      pathParameters: example.path,
      query: example.query,
      ...(caller.kind === 'bank' ? { bankArn: 'arn:aws:iam::000000000000:role/bank-backoffice' } : {}),
    }),
    lambdaContext(id),
  );
  const isJson = String(response.headers?.['content-type'] ?? '').includes('json');
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body: isJson && response.body ? JSON.parse(response.body) : undefined,
  };
}
