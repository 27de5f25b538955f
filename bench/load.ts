/**
 * `npm run bench -- --load`: a bounded load on loopback against the local stack (the real
 * handlers, DynamoDB Local, local SES), mixing logins and administrative reads and writes,
 * reporting throughput, p50/p99 latency and errors per kind of request — then checking that
 * every acknowledged write is in the table and every audit entry matches its change.
 *
 *   npm run bench -- --load                          20 s or 4000 requests, 8 connections
 *   npm run bench -- --load --load-seconds 10 --load-requests 1000 --load-connections 4
 *
 * Loopback only: the stack listens on 127.0.0.1 and the client connects to nothing else.
 * Not a test (figures depend on the machine); the exit code is 1 when a request failed in a
 * way the API does not promise (a 5xx, an unexpected refusal) or the verification finds a
 * write that is missing or an audit entry that does not match.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient } from '../infra/local/dynamodb.ts';
import { fillPath } from '../infra/local/routing.ts';
import { readSentEmails } from '../infra/local/ses.ts';
import { type LocalStack, startLocalStack } from '../infra/local/stack.ts';
import { auditKeys, userKeys } from '../shared/data/keys.ts';
import { generatePassword, passwordPolicy } from '../shared/domain/password-policy.ts';
import { hotp, timeStep } from '../shared/domain/totp.ts';
import { type RouteDefinition, type RouteId, route } from '../shared/routes.ts';
import { percentile } from './stats.ts';

export interface LoadOptions {
  seconds: number;
  maxRequests: number;
  connections: number;
  markdown: boolean;
  log: (line: string) => void;
}

const COMPANY = 'CARGA';
const policy = passwordPolicy('bank');

type Kind =
  | 'login'
  | 'login refused'
  | 'list users'
  | 'get user'
  | 'audit'
  | 'me'
  | 'create user'
  | 'update user'
  | 'update shared user';

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  body: any;
}

/** One request of the run, as the client saw it. */
interface Sample {
  kind: Kind;
  status: number;
  ms: number;
  /** Statuses the API promises for this kind under this load (a 409 on a shared edit is one). */
  expected: number[];
  correlationId: string;
  /** What an acknowledged write claims: checked against the table afterwards. */
  write?: { userCode: string; fields: Record<string, string>; version?: number };
}

/** A small bounded HTTP client over one keep-alive agent: loopback only. */
function client(stack: LocalStack, connections: number) {
  const base = new URL(stack.apiUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
    throw new Error('load runs on loopback only');
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let sequence = 0;
  const call = (
    id: RouteId,
    options: {
      token?: string;
      bank?: boolean;
      path?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer & { correlationId: string }> => {
    const definition = route(id) as RouteDefinition;
    const url = new URL(fillPath(definition.path, options.path ?? {}), base);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const correlationId = `load-${++sequence}-${randomBytes(6).toString('hex')}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Correlation-Id': correlationId,
      ...(payload
        ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
        : {}),
      ...(options.bank ? { Authorization: `Bearer ${stack.bankKey}` } : {}),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        url,
        { method: definition.method, headers, agent, timeout: 30_000 },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const isJson = /json/.test(incoming.headers['content-type'] ?? '');
            resolve({
              status: incoming.statusCode ?? 0,
              body: isJson && text ? JSON.parse(text) : text,
              correlationId,
            });
          });
          incoming.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from ${url}`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  };
  return { call, close: () => agent.destroy() };
}

/** The base32 secret of an otpauth:// URI, decoded (RFC 4648). */
function otpauthSecret(uri: string): Uint8Array {
  const text = new URL(uri).searchParams.get('secret') ?? '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

async function expect(answer: Promise<Answer>, status: number, what: string): Promise<Answer> {
  const got = await answer;
  if (got.status !== status)
    throw new Error(`${what}: expected ${status}, got ${got.status} ${JSON.stringify(got.body)}`);
  return got;
}

/** The company, its administrator (confirmation off) and one end user per connection, over the API. */
async function prepare(api: ReturnType<typeof client>, stack: LocalStack, connections: number) {
  const email = 'admon@carga.example';
  await expect(
    api.call('onboardCompany', {
      bank: true,
      body: {
        companyCode: COMPANY,
        legalName: 'Carga, S.A.',
        accounts: [{ number: '5500000001', type: 'CHECKING' }],
        administrator: { userCode: 'ADMON', firstName: 'ANA', lastName: 'ADMIN', email },
      },
    }),
    201,
    'onboarding',
  );
  const mail = (await readSentEmails(stack.sesUrl)).find((m) => m.destination.to.includes(email));
  const generic = mail?.body.text?.match(/^ {4}(\S+)$/m)?.[1] ?? '';

  const firstLogin = async (userCode: string, temporary: string) => {
    const first = await expect(
      api.call('login', { body: { companyCode: COMPANY, userCode, password: temporary } }),
      200,
      'login',
    );
    const password = generatePassword(policy, { companyCode: COMPANY, userCode });
    await expect(
      api.call('changeInitialPassword', {
        token: first.body.challenge.token,
        body: { currentPassword: temporary, newPassword: password, confirmation: password },
      }),
      200,
      'password change',
    );
    const second = await expect(
      api.call('login', { body: { companyCode: COMPANY, userCode, password } }),
      200,
      'login',
    );
    const chosen = await expect(
      api.call('chooseImage', { token: second.body.challenge.token, body: { imageId: 'anchor' } }),
      200,
      'image',
    );
    return { password, token: chosen.body.session.token as string };
  };

  const admin = await firstLogin('ADMON', generic);
  const requested = await expect(api.call('requestToken', { token: admin.token }), 201, 'token request');
  const secret = otpauthSecret(requested.body.otpauthUri);
  const code = (offset: number) => hotp(secret, timeStep(new Date()) + offset);
  await expect(
    api.call('installToken', { token: admin.token, body: { otp: code(-1) } }),
    200,
    'token installation',
  );
  await expect(
    api.call('updateCompanySettings', {
      token: admin.token,
      headers: { 'X-OTP': code(0) },
      body: { otpConfirmation: false },
    }),
    200,
    'confirmation off',
  );

  const users = await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      const userCode = `USUARIO${i + 1}`;
      await expect(
        api.call('createUser', { token: admin.token, body: newUser(userCode, 'INICIAL') }),
        201,
        'user',
      );
      const assigned = generatePassword(policy, { companyCode: COMPANY, userCode });
      await expect(
        api.call('assignUserPassword', {
          token: admin.token,
          path: { userCode },
          body: { newPassword: assigned, confirmation: assigned },
        }),
        200,
        'assignment',
      );
      await expect(
        api.call('changeUserState', {
          token: admin.token,
          path: { userCode },
          body: { state: 'ACTIVE', version: 2 },
        }),
        200,
        'activation',
      );
      const { password } = await firstLogin(userCode, assigned);
      return { userCode, password };
    }),
  );
  await expect(
    api.call('createUser', { token: admin.token, body: newUser('COMPARTIDO', 'INICIAL') }),
    201,
    'shared',
  );
  return { adminToken: admin.token, users };
}

const newUser = (userCode: string, jobTitle: string) => ({
  userCode,
  firstName: 'CARGA',
  lastName: 'PRUEBA',
  jobTitle,
  email: `${userCode.toLowerCase()}@carga.example`,
  profile: 'OPERATOR',
  options: ['products.inquiry'],
  accounts: 'ALL',
});

/** The mix: what a busy morning of a bank's corporate clients looks like, roughly. */
const MIX: [Kind, number][] = [
  ['login', 25],
  ['login refused', 5],
  ['list users', 15],
  ['get user', 10],
  ['audit', 5],
  ['me', 10],
  ['create user', 10],
  ['update user', 15],
  ['update shared user', 5],
];

function pick(): Kind {
  let roll = Math.random() * MIX.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [kind, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'me';
}

/** Runs the load; resolves with the samples. Each connection has its own end user and its own edited users. */
async function drive(
  api: ReturnType<typeof client>,
  prepared: Awaited<ReturnType<typeof prepare>>,
  options: LoadOptions,
): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let issued = 0;
  let created = 0;
  const admin = prepared.adminToken;

  const worker = async (index: number) => {
    const me = prepared.users[index] as { userCode: string; password: string };
    const mine: { userCode: string; version: number }[] = [];
    let session: string | undefined;
    while (performance.now() < deadline && issued < options.maxRequests) {
      issued++;
      let kind = pick();
      if (kind === 'update user' && mine.length === 0) kind = 'create user';
      if (kind === 'me' && !session) kind = 'login';
      const t0 = performance.now();
      let answer: Answer & { correlationId: string };
      let expected = [200];
      let write: Sample['write'];
      switch (kind) {
        case 'login':
          answer = await api.call('login', {
            body: { companyCode: COMPANY, userCode: me.userCode, password: me.password },
          });
          if (answer.status === 200) session = answer.body.session?.token;
          break;
        case 'login refused':
          answer = await api.call('login', {
            body: { companyCode: COMPANY, userCode: 'NADIE', password: 'Nada12ab' },
          });
          expected = [401];
          break;
        case 'list users':
          answer = await api.call('listUsers', { token: admin, query: { pageSize: '25' } });
          break;
        case 'get user':
          answer = await api.call('getUser', { token: admin, path: { userCode: me.userCode } });
          break;
        case 'audit':
          answer = await api.call('listAudit', { token: admin, query: { pageSize: '25' } });
          break;
        case 'me':
          answer = await api.call('getMe', { token: session });
          // A login of the same user elsewhere would end it; here each user logs in on its own connection.
          break;
        case 'create user': {
          const userCode = `N${index}X${++created}`.slice(0, 10);
          const jobTitle = `CARGO ${created}`;
          answer = await api.call('createUser', {
            token: admin,
            body: newUser(userCode, jobTitle),
            headers: { 'Idempotency-Key': `load-create-${userCode}-${randomBytes(8).toString('hex')}` },
          });
          expected = [201];
          write = { userCode, fields: { jobTitle }, version: 1 };
          if (answer.status === 201) mine.push({ userCode, version: 1 });
          break;
        }
        case 'update user': {
          const target = mine[Math.floor(Math.random() * mine.length)] as {
            userCode: string;
            version: number;
          };
          const jobTitle = `CAMBIO ${issued}`;
          answer = await api.call('updateUser', {
            token: admin,
            path: { userCode: target.userCode },
            body: { version: target.version, jobTitle },
          });
          write = { userCode: target.userCode, fields: { jobTitle }, version: target.version + 1 };
          if (answer.status === 200) target.version = answer.body.user.version;
          break;
        }
        case 'update shared user': {
          // Every connection edits the same user from the version it reads: races, some 409s.
          const current = await api.call('getUser', { token: admin, path: { userCode: 'COMPARTIDO' } });
          const version = current.body.version as number;
          const jobTitle = `COMPARTIDO ${issued}`;
          answer = await api.call('updateUser', {
            token: admin,
            path: { userCode: 'COMPARTIDO' },
            body: { version, jobTitle },
          });
          expected = [200, 409];
          write = { userCode: 'COMPARTIDO', fields: { jobTitle }, version: version + 1 };
          break;
        }
      }
      samples.push({
        kind,
        status: answer.status,
        ms: performance.now() - t0,
        expected,
        correlationId: answer.correlationId,
        ...(write ? { write } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/** Reads the table back: every acknowledged write there, every audit entry matching a change. */
async function verify(stack: LocalStack, samples: Sample[]) {
  const raw = localDynamoDbClient(stack.dynamoEndpoint);
  const doc = DynamoDBDocumentClient.from(raw);
  const problems: string[] = [];
  const audit: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.partition(COMPANY) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    audit.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const byCorrelation = new Map<string, Record<string, unknown>[]>();
  for (const entry of audit) {
    const id = String(entry.correlationId);
    byCorrelation.set(id, [...(byCorrelation.get(id) ?? []), entry]);
  }

  const writes = samples.filter((s) => s.write);
  const acknowledged = writes.filter((s) => s.status === 200 || s.status === 201);
  const refused = writes.filter((s) => !(s.status === 200 || s.status === 201));
  const finalVersion = new Map<string, { version: number; jobTitle: string }>();
  for (const sample of acknowledged) {
    const write = sample.write as NonNullable<Sample['write']>;
    const entries = (byCorrelation.get(sample.correlationId) ?? []).filter((e) =>
      ['USER_CREATED', 'USER_UPDATED'].includes(String(e.action)),
    );
    if (entries.length !== 1) {
      problems.push(
        `${sample.kind} ${write.userCode} (${sample.correlationId}): ${entries.length} audit entries`,
      );
      continue;
    }
    const entry = entries[0] as {
      action: string;
      target: string;
      changes?: Record<string, { after?: unknown }>;
    };
    const after =
      entry.action === 'USER_CREATED'
        ? (entry.changes?.user?.after as Record<string, unknown> | undefined)?.jobTitle
        : entry.changes?.jobTitle?.after;
    if (entry.target !== write.userCode || after !== write.fields.jobTitle)
      problems.push(`${sample.kind} ${write.userCode}: audit says ${entry.target} → ${String(after)}`);
    const known = finalVersion.get(write.userCode);
    if (!known || (write.version ?? 0) > known.version)
      finalVersion.set(write.userCode, {
        version: write.version ?? 0,
        jobTitle: write.fields.jobTitle as string,
      });
  }
  for (const sample of refused) {
    if (
      (byCorrelation.get(sample.correlationId) ?? []).some(
        (e) => e.action === 'USER_UPDATED' || e.action === 'USER_CREATED',
      )
    )
      problems.push(
        `${sample.kind} ${sample.write?.userCode}: refused (${sample.status}) but audited as done`,
      );
  }
  // The last acknowledged write of each user is what the table holds, at exactly that version.
  for (const [userCode, expected] of finalVersion) {
    const { Item } = await doc.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: userKeys.profile(COMPANY, userCode),
        ConsistentRead: true,
      }),
    );
    if (!Item) problems.push(`${userCode}: acknowledged but not in the table`);
    else if (Item.version !== expected.version || Item.jobTitle !== expected.jobTitle)
      problems.push(
        `${userCode}: table has v${Item.version} "${Item.jobTitle}", last acknowledged v${expected.version} "${expected.jobTitle}"`,
      );
  }
  // No audit entry of a user change that no acknowledged request made.
  const acknowledgedIds = new Set(acknowledged.map((s) => s.correlationId));
  const sampledIds = new Set(samples.map((s) => s.correlationId));
  for (const entry of audit) {
    const id = String(entry.correlationId);
    if (
      ['USER_CREATED', 'USER_UPDATED'].includes(String(entry.action)) &&
      sampledIds.has(id) &&
      !acknowledgedIds.has(id)
    )
      problems.push(`audit ${entry.action} ${entry.target} (${id}) without an acknowledged request`);
  }
  const logins = samples.filter((s) => s.kind === 'login' && s.status === 200);
  const loginAudits = audit.filter(
    (e) => e.action === 'LOGIN_SUCCEEDED' && sampledIds.has(String(e.correlationId)),
  );
  if (loginAudits.length !== logins.length)
    problems.push(`${logins.length} logins answered, ${loginAudits.length} LOGIN_SUCCEEDED audit entries`);
  raw.destroy();
  return {
    problems,
    acknowledged: acknowledged.length,
    refused: refused.length,
    auditEntries: audit.length,
    users: finalVersion.size,
  };
}

function report(samples: Sample[], seconds: number, options: LoadOptions) {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const rows = kinds.map((kind) => {
    const of = samples.filter((s) => s.kind === kind);
    const ms = of.map((s) => s.ms);
    const errors = of.filter((s) => !s.expected.includes(s.status)).length;
    const statuses = [...new Set(of.map((s) => s.status))].sort().join('/');
    return [
      kind,
      String(of.length),
      percentile(ms, 50).toFixed(1),
      percentile(ms, 99).toFixed(1),
      statuses,
      String(errors),
    ];
  });
  const all = samples.map((s) => s.ms);
  const errors = samples.filter((s) => !s.expected.includes(s.status)).length;
  rows.push([
    'all',
    String(samples.length),
    percentile(all, 50).toFixed(1),
    percentile(all, 99).toFixed(1),
    '',
    String(errors),
  ]);
  const header = ['request', 'count', 'p50 ms', 'p99 ms', 'statuses', 'errors'];
  const lines = options.markdown
    ? [
        `| ${header.join(' | ')} |`,
        `|${header.map(() => ' --- ').join('|')}|`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ]
    : [header, ...rows].map((r) =>
        r.map((cell, i) => (i === 0 ? cell.padEnd(20) : cell.padStart(9))).join(' '),
      );
  return {
    text: [
      `Load: ${samples.length} requests in ${seconds.toFixed(1)} s over ${options.connections} connections on loopback — ${(samples.length / seconds).toFixed(0)} req/s, ${errors} errors`,
      '',
      ...lines,
    ].join('\n'),
    errors,
  };
}

/** Starts the local stack, prepares the company, runs the load, verifies; returns the exit code. */
export async function runLoad(options: LoadOptions): Promise<number> {
  options.log('Starting the local stack (DynamoDB Local, local SES, API on 127.0.0.1) …');
  const stack = await startLocalStack({
    host: '127.0.0.1',
    seed: false,
    tableName: `load-${Date.now()}`,
    env: { LOG_LEVEL: 'warn' },
  });
  const api = client(stack, options.connections);
  try {
    options.log(`Preparing ${COMPANY}: the administrator and ${options.connections} end users …`);
    const prepared = await prepare(api, stack, options.connections);
    options.log(
      `Running for ${options.seconds} s or ${options.maxRequests} requests, ${options.connections} connections …`,
    );
    const { samples, seconds } = await drive(api, prepared, options);
    const { text, errors } = report(samples, seconds, options);
    console.log(text);
    options.log('\nVerifying the table and the audit log …');
    const checked = await verify(stack, samples);
    console.log(
      `\nVerification: ${checked.acknowledged} acknowledged writes (${checked.users} users) found in the table at their last acknowledged version; ` +
        `${checked.refused} refused writes left no trace; ${checked.auditEntries} audit entries read.`,
    );
    if (checked.problems.length) console.log(`Problems:\n  ${checked.problems.slice(0, 50).join('\n  ')}`);
    else console.log('Every acknowledged write is in the table and every audit entry matches its change.');
    return errors > 0 || checked.problems.length > 0 ? 1 : 0;
  } finally {
    api.close();
    await stack.stop();
  }
}
