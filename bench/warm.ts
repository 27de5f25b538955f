/**
 * Warm overhead and DynamoDB round trips, in process: every measured route's real handler
 * (middleware, validation, session verification, OTP confirmation, the use case,
 * serialization) with the DynamoDB document client replaced by a plain in-memory stub whose
 * `send` answers canned items, so what is timed is our own code (not the SDK's middleware
 * stack, nor a mocking library's call recording: aws-sdk-client-mock's sinon stubs keep every
 * call's arguments, which alone added 1–3 ms to the p99). Round trips are the stub's `send`
 * calls per request. Scrypt is also timed alone; `bench/login-local.ts` splits each login into
 * the password hash and the rest, against DynamoDB Local (a difference of two medians here would be noise).
 */
import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { wire as wireListAudit } from '../functions/audit/list-audit.ts';
import { wire as wireGetMe } from '../functions/auth/get-me.ts';
import { wire as wireIdentify } from '../functions/auth/identify.ts';
import { wire as wireLogin } from '../functions/auth/login.ts';
import { wire as wireDecideEntitlements } from '../functions/entitlements/decide.ts';
import { wire as wireChangeState } from '../functions/users/change-state.ts';
import { wire as wireCreateUser } from '../functions/users/create-user.ts';
import { wire as wireGetUser } from '../functions/users/get-user.ts';
import { wire as wireListUsers } from '../functions/users/list-users.ts';
import { wire as wireUpdateUser } from '../functions/users/update-user.ts';
import { sealSecret, tokenSecretContext } from '../shared/auth/secret-box.ts';
import { deriveKeys } from '../shared/auth/secrets.ts';
import { signToken } from '../shared/auth/tokens.ts';
import { readConfig } from '../shared/config.ts';
import { hashPassword, verifyPassword } from '../shared/domain/password-hash.ts';
import { hotp, timeStep } from '../shared/domain/totp.ts';
import { createRuntime } from '../shared/runtime/base.ts';
import { mailingOf } from '../shared/runtime/mail.ts';
import { percentile } from './stats.ts';

const TABLE = 'bench';
const ISSUER = 'urn:bench';
const AUDIENCE = 'urn:bench:api';

export interface WarmResult {
  id: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  roundTrips: number;
  /** DynamoDB request units per request, estimated from item sizes (see {@link requestUnits}). */
  readUnits: number;
  writeUnits: number;
  note?: string;
}

const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string;
    otp?: string;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
    /** The bank's IAM identity (service routes). */
    bank?: boolean;
  } = {},
) {
  const headers: Record<string, string> = {
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.otp ? { 'x-otp': options.otp } : {}),
  };
  return {
    httpMethod: method,
    path,
    resource: path,
    headers,
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'bench-request',
      identity: {
        sourceIp: '198.51.100.7',
        ...(options.bank ? { userArn: 'arn:aws:iam::000000000000:role/bank-module' } : {}),
      },
    },
  } as unknown as APIGatewayProxyEvent;
}

type CommandClass = abstract new (...args: never[]) => object;

const itemBytes = (item: unknown) => Buffer.byteLength(JSON.stringify(item ?? {}));
const units = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));

/**
 * DynamoDB on-demand request units of one call, as billed: reads 1 unit per 4 KB (half for
 * eventually consistent reads), writes 1 unit per 1 KB, both doubled inside transactions. Item
 * sizes are their JSON length (close to DynamoDB's own measure); an updated item is assumed to
 * weigh `updatedItemBytes` (the largest canned item).
 */
export function requestUnits(
  command: { input?: unknown },
  answer: unknown,
  updatedItemBytes: number,
): { read: number; write: number } {
  const input = (command.input ?? {}) as Record<string, unknown>;
  const out = (answer ?? {}) as Record<string, unknown>;
  const consistency = (consistent: unknown) => (consistent ? 1 : 0.5);
  if (command instanceof GetCommand)
    return { read: units(itemBytes(out.Item), 4096) * consistency(input.ConsistentRead), write: 0 };
  if (command instanceof QueryCommand) {
    const bytes = ((out.Items as unknown[]) ?? []).reduce<number>((sum, item) => sum + itemBytes(item), 0);
    return { read: units(bytes, 4096) * consistency(input.ConsistentRead), write: 0 };
  }
  if (command instanceof BatchGetCommand) {
    const requests = (input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>;
    let read = 0;
    for (const [table, items] of Object.entries((out.Responses ?? {}) as Record<string, unknown[]>))
      for (const item of items)
        read += units(itemBytes(item), 4096) * consistency(requests[table]?.ConsistentRead);
    return { read, write: 0 };
  }
  if (command instanceof TransactWriteCommand) {
    let write = 0;
    for (const entry of (input.TransactItems ?? []) as Record<string, { Item?: unknown }>[]) {
      const put = entry.Put?.Item;
      write += 2 * units(put ? itemBytes(put) : updatedItemBytes, 1024);
    }
    return { read: 0, write };
  }
  return { read: 0, write: units(updatedItemBytes, 1024) };
}

/**
 * A document client stand-in: `send` answers the canned output of the command's class (an
 * empty output for any other command) and counts the calls, the DynamoDB round trips.
 */
export function stubDocumentClient(
  answers: ReadonlyArray<readonly [CommandClass, unknown | ((input: Record<string, unknown>) => unknown)]>,
  updatedItemBytes: number,
) {
  const counts = { calls: 0, read: 0, write: 0 };
  const client = {
    send: async (command: object) => {
      counts.calls += 1;
      const given = answers.find(([type]) => command instanceof type)?.[1] ?? {};
      const input = ((command as { input?: Record<string, unknown> }).input ?? {}) as Record<string, unknown>;
      const answer = typeof given === 'function' ? given(input) : given;
      const used = requestUnits(command, answer, updatedItemBytes);
      counts.read += used.read;
      counts.write += used.write;
      return answer;
    },
  };
  return {
    doc: client as unknown as DynamoDBDocumentClient,
    counts: () => ({ ...counts }),
    resetCalls: () => {
      counts.calls = 0;
      counts.read = 0;
      counts.write = 0;
    },
  };
}

/** Runs every measured route `iterations` times and reports p50/p99 of our own time and the round trips. */
export async function measureWarm(iterations = 2_000): Promise<WarmResult[]> {
  const keys = deriveKeys(randomBytes(32));
  const now = new Date();
  const secret = randomBytes(20);
  const passwordHash = await hashPassword('Banco1234a');
  const company = {
    pk: 'COMPANY#BENCH',
    sk: 'PROFILE',
    code: 'BENCH',
    legalName: 'Bench, S.A.',
    language: 'es',
    accounts: [{ number: '1000000001', type: 'CHECKING', currency: 'USD' }],
    administratorCode: 'ADMON',
    settings: { otpConfirmation: true, otpAtLogin: false },
    createdAt: now.toISOString(),
    createdBy: 'BANCO',
    version: 1,
  };
  const admin = {
    pk: 'COMPANY#BENCH',
    sk: 'USER#ADMON',
    companyCode: 'BENCH',
    userCode: 'ADMON',
    role: 'admin',
    firstName: 'ANA',
    lastName: 'ADMIN',
    email: 'a@b.example',
    state: 'ACTIVE',
    createdBy: 'BANCO',
    createdAt: now.toISOString(),
    version: 3,
    imageId: 'anchor',
    credential: {
      passwordHash,
      kind: 'personal',
      failedAttempts: 0,
      history: [],
      changedAt: now.toISOString(),
    },
    token: {
      state: 'ACTIVE',
      secretCiphertext: sealSecret(keys.totpEncryption, secret, tokenSecretContext('BENCH', 'ADMON')),
      lastAcceptedStep: 0,
      requestedAt: now.toISOString(),
      changedAt: now.toISOString(),
      changedBy: 'ADMON',
    },
  };
  const session = {
    pk: 'COMPANY#BENCH',
    sk: 'SESSION#ADMON',
    companyCode: 'BENCH',
    userCode: 'ADMON',
    sessionId: 'bench-session',
    role: 'admin',
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    absoluteExpiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    sourceIp: '198.51.100.7',
    expiresAt: 0,
  };
  const endUser = {
    pk: 'COMPANY#BENCH',
    sk: 'USER#OPERADOR',
    companyCode: 'BENCH',
    userCode: 'OPERADOR',
    role: 'user',
    firstName: 'JUAN',
    lastName: 'PEREZ',
    email: 'p@c.example',
    state: 'PENDING',
    createdBy: 'ADMON',
    createdAt: now.toISOString(),
    version: 1,
    profile: 'OPERATOR',
    permissions: { options: ['products.inquiry'], limitsCents: {}, approvals: {}, accounts: ['1000000001'] },
    credential: {
      passwordHash,
      kind: 'assigned',
      failedAttempts: 0,
      history: [],
      changedAt: now.toISOString(),
    },
  };
  const users = Array.from({ length: 100 }, (_, i) => ({
    ...endUser,
    userCode: `USR${String(i).padStart(3, '0')}`,
  }));

  const ddb = stubDocumentClient(
    [
      // Answers exactly the keys asked for, as DynamoDB does.
      [
        BatchGetCommand,
        (input: Record<string, unknown>) => {
          const asked = (input.RequestItems as Record<string, { Keys: { sk: string }[] }>)[TABLE]?.Keys ?? [];
          const stored = [company, admin, session, endUser];
          return {
            Responses: { [TABLE]: asked.flatMap((key) => stored.filter((item) => item.sk === key.sk)) },
          };
        },
      ],
      [GetCommand, { Item: endUser }],
      [QueryCommand, { Items: users }],
      [TransactWriteCommand, {}],
      [UpdateCommand, {}],
    ],
    Math.max(itemBytes(admin), itemBytes(endUser), itemBytes(company)),
  );
  const doc = ddb.doc;
  // The functions' own runtime and wiring (each function's `wire`), on the mocked client.
  const config = readConfig({
    TABLE_NAME: TABLE,
    TOKEN_ISSUER: ISSUER,
    TOKEN_AUDIENCE: AUDIENCE,
    MAIL_FROM: 'bench@bank.example',
  });
  const runtime = createRuntime(config, {
    doc,
    keys: async () => keys,
    write: () => {},
    mail: mailingOf({ config }, { send: async () => ({}) }),
  });
  const token = await signToken(
    { key: keys.sessionSigning, issuer: ISSUER, audience: AUDIENCE },
    { kind: 'session', companyCode: 'BENCH', userCode: 'ADMON', role: 'admin', sessionId: 'bench-session' },
    now,
    new Date(now.getTime() + 3_600_000),
  );
  // Distinct tokens of the same session (issued a second apart): each is new to the function,
  // so its signature is verified with WebCrypto rather than remembered (shared/auth/tokens.ts).
  const freshTokens = await Promise.all(
    Array.from({ length: iterations + 50 }, (_, i) =>
      signToken(
        { key: keys.sessionSigning, issuer: ISSUER, audience: AUDIENCE },
        {
          kind: 'session',
          companyCode: 'BENCH',
          userCode: 'ADMON',
          role: 'admin',
          sessionId: 'bench-session',
        },
        new Date(now.getTime() - (i + 1) * 1000),
        new Date(now.getTime() + 3_600_000),
      ),
    ),
  );
  let fresh = 0;
  const otp = () => hotp(secret, timeStep(new Date()));
  const createBody = {
    userCode: 'NUEVO',
    firstName: 'JUAN',
    lastName: 'PEREZ',
    jobTitle: 'ANALISTA',
    email: 'j@p.example',
    profile: 'OPERATOR',
    options: ['products.inquiry', 'transfers.ownAccounts'],
    limits: { 'transfers.ownAccounts': '100.00' },
    accounts: 'ALL',
  };

  const cases: {
    id: string;
    handler: (e: APIGatewayProxyEvent, c: Context) => Promise<unknown>;
    event: () => APIGatewayProxyEvent;
    iterations?: number;
    note?: string;
  }[] = [
    {
      id: 'identify',
      handler: wireIdentify(runtime),
      event: () => event('POST', '/auth/identify', { body: { companyCode: 'BENCH', userCode: 'ADMON' } }),
    },
    {
      id: 'getMe',
      handler: wireGetMe(runtime),
      event: () => event('GET', '/me', { token }),
    },
    {
      id: 'listUsers (100 users)',
      handler: wireListUsers(runtime),
      event: () => event('GET', '/users', { token, query: { filter: 'usr0' } }),
    },
    {
      id: 'getUser',
      handler: wireGetUser(runtime),
      event: () => event('GET', '/users/OPERADOR', { token, pathParameters: { userCode: 'OPERADOR' } }),
    },
    {
      id: 'getUser (a session token new to the function)',
      handler: wireGetUser(runtime),
      event: () =>
        event('GET', '/users/OPERADOR', {
          token: freshTokens[fresh++ % freshTokens.length],
          pathParameters: { userCode: 'OPERADOR' },
        }),
    },
    {
      id: 'createUser (with OTP)',
      handler: wireCreateUser(runtime),
      event: () => event('POST', '/users', { token, otp: otp(), body: createBody }),
    },
    {
      id: 'updateUser (with OTP)',
      handler: wireUpdateUser(runtime),
      event: () =>
        event('PATCH', '/users/OPERADOR', {
          token,
          otp: otp(),
          pathParameters: { userCode: 'OPERADOR' },
          body: { version: 1, jobTitle: 'GERENTE' },
        }),
    },
    {
      id: 'changeUserState (with OTP)',
      handler: wireChangeState(runtime),
      event: () =>
        event('PUT', '/users/OPERADOR/state', {
          token,
          otp: otp(),
          pathParameters: { userCode: 'OPERADOR' },
          body: { state: 'ACTIVE', version: 1 },
        }),
    },
    { id: 'listAudit', handler: wireListAudit(runtime), event: () => event('GET', '/audit', { token }) },
    {
      id: 'decideEntitlements (one question, docs/entitlements.md)',
      handler: wireDecideEntitlements(runtime),
      event: () =>
        event('POST', '/service/entitlements/decisions', {
          bank: true,
          body: {
            companyCode: 'BENCH',
            userCode: 'OPERADOR',
            optionId: 'transfers.ownAccounts',
            account: '1000000001',
            amount: '50.00',
          },
        }),
    },
    {
      id: 'login (incl. password hash)',
      handler: wireLogin(runtime),
      event: () =>
        event('POST', '/auth/login', {
          body: { companyCode: 'BENCH', userCode: 'ADMON', password: 'Banco1234a' },
        }),
      iterations: 40,
    },
  ];

  const results: WarmResult[] = [];
  for (const c of cases) {
    const n = c.iterations ?? iterations;
    for (let i = 0; i < Math.min(50, n); i++) await c.handler(c.event(), context);
    ddb.resetCalls();
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = c.event();
      const start = performance.now();
      const response = (await c.handler(e, context)) as { statusCode: number; body: string };
      times.push(performance.now() - start);
      if (response.statusCode >= 400) throw new Error(`${c.id}: ${response.statusCode} ${response.body}`);
    }
    results.push({
      id: c.id,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      p99Ms: percentile(times, 99),
      roundTrips: ddb.counts().calls / n,
      readUnits: ddb.counts().read / n,
      writeUnits: ddb.counts().write / n,
    });
  }
  const hashTimes: number[] = [];
  for (let i = 0; i < 40; i++) {
    const start = performance.now();
    await verifyPassword('Banco1234a', passwordHash);
    hashTimes.push(performance.now() - start);
  }
  const login = results.find((r) => r.id.startsWith('login'));
  if (login) {
    const hash = percentile(hashTimes, 50);
    results.push({
      id: 'login: password hash verification alone',
      p50Ms: hash,
      p95Ms: percentile(hashTimes, 95),
      p99Ms: percentile(hashTimes, 99),
      roundTrips: 0,
      readUnits: 0,
      writeUnits: 0,
    });
  }
  return results;
}

/** The warm results as a Markdown table. */
export function warmTable(results: readonly WarmResult[]): string {
  const lines = [
    '| use case (warm, in process) | p50 ms | p95 ms | p99 ms | DynamoDB round trips | read / write units |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const p99 = Number.isNaN(r.p99Ms) ? '—' : r.p99Ms.toFixed(3);
    const p95 = Number.isNaN(r.p95Ms ?? Number.NaN) ? '—' : r.p95Ms.toFixed(3);
    lines.push(
      `| ${r.id} | ${r.p50Ms.toFixed(3)} | ${p95} | ${p99} | ${r.roundTrips} | ${r.readUnits} / ${r.writeUnits} |`,
    );
  }
  return lines.join('\n');
}
