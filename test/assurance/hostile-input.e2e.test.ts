import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyResult } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb.ts';
import { repoRoot } from '../../infra/local/paths.ts';
import { type RouteDefinition, routes } from '../../shared/routes.ts';
import { base32Encode } from '../../shared/services/token-enrollment.ts';
import { BANK_ARN, lambdaContext, restEvent } from '../helpers/events.ts';
import { type LocalStack, readSentEmails, startTestStack } from '../helpers/local-stack.ts';
import { captureProcessLogs } from '../helpers/process-logs.ts';
import { httpApi, totpCode } from './support/http-api.ts';
import { fieldsOf } from './support/schemas.ts';
import { tableSnapshot } from './support/table.ts';

/**
 * Issue 9, point 4: hostile input, property-based (fast-check), generated from every route's
 * body, path and query schemas and sent to the production handlers (wired by the runtime from
 * the local stack's environment: DynamoDB Local, local SES). Whatever arrives — any JSON value,
 * prototype keys, control and CR/LF characters, oversized strings, numbers beyond 2^53,
 * NaN-like strings, a wrong content type — the answer is a 4xx problem, never a 5xx, the table
 * does not change, and the logs hold no password, code, TOTP secret or token.
 */

const table = routes as readonly RouteDefinition[];
const CORRELATION = 'hostile-input-probe';
let stack: LocalStack;
let client: ReturnType<typeof localDynamoDbClient>;
const logs = captureProcessLogs();
/** Secrets of the setup and every value generated into a password or code field: none may be logged. */
const secrets = new Set<string>();
let sessionToken = '';
/** Requests sent by the properties (so that a run that skipped everything cannot pass). */
let sent = 0;
let challengeToken = '';

beforeAll(async () => {
  // BOP Token codes: the clock is moved to a fresh step, never waited for (support/http-api.ts).
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  stack = await startTestStack('assurance_hostile', {
    // Everything the handlers can log is logged, to be searched for secrets.
    env: { LOG_LEVEL: 'debug' },
  });
  client = localDynamoDbClient(stack.dynamoEndpoint);
  const api = httpApi(stack);
  const generic = await api.onboard('HOSTIL', ['4100000001']);
  const admin = await api.readyAdministrator('HOSTIL', generic);
  const assigned = await api.activeUser(admin.token, 'HOSTIL', 'CAMBIO1');
  const challenge = await api.call('login', {
    body: { companyCode: 'HOSTIL', userCode: 'CAMBIO1', password: assigned },
  });
  sessionToken = admin.token;
  challengeToken = challenge.body.challenge.token;
  for (const mail of await readSentEmails(stack.sesUrl)) {
    const password = mail.body.text?.match(/^ {4}(\S+)$/m)?.[1];
    if (password) secrets.add(password);
  }
  for (const value of [
    generic,
    admin.password,
    assigned,
    sessionToken,
    challengeToken,
    base32Encode(admin.secret),
    Buffer.from(admin.secret).toString('hex'),
    totpCode(admin.secret, -1),
    totpCode(admin.secret),
  ])
    secrets.add(value);
}, 120_000);

afterAll(async () => {
  logs.restore();
  vi.useRealTimers();
  client?.destroy();
  await stack?.stop();
});

const handlers = new Map<string, (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>>();
async function handlerOf(definition: RouteDefinition) {
  let handler = handlers.get(definition.id);
  if (!handler) {
    const module = (await import(pathToFileURL(join(repoRoot, definition.handler)).href)) as {
      handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
    };
    handler = module.handler;
    handlers.set(definition.id, handler);
  }
  return handler;
}

/** Calls a route's production handler in process, as its authorized caller would. */
async function send(
  definition: RouteDefinition,
  input: {
    rawBody?: string;
    contentType?: string;
    path?: Record<string, string>;
    query?: Record<string, string>;
  },
) {
  const auth: Record<string, string> =
    definition.access === 'session' || definition.access === 'companyAdmin'
      ? { Authorization: `Bearer ${sessionToken}` }
      : definition.access === 'challenge'
        ? { Authorization: `Bearer ${challengeToken}` }
        : {};
  const headers: Record<string, string> = { ...auth, 'x-correlation-id': CORRELATION };
  if (input.contentType !== undefined) headers['Content-Type'] = input.contentType;
  const event = restEvent({
    method: definition.method,
    path: definition.path,
    resource: definition.path,
    ...(input.rawBody === undefined ? {} : { rawBody: input.rawBody }),
    headers,
    pathParameters: input.path,
    query: input.query,
    ...(definition.access === 'bank' ? { bankArn: BANK_ARN } : {}),
  });
  // restEvent defaults the content type when there is a body; the property decides it.
  if (input.contentType === undefined) delete event.headers['Content-Type'];
  sent++;
  return (await handlerOf(definition))(event, lambdaContext(definition.id));
}

/** The parts of a valid request that a property leaves alone while it attacks another. */
function validParts(definition: RouteDefinition) {
  const path = Object.fromEntries(
    fieldsOf(definition.request.path).map((name) => [name, validPathValue(name)]),
  );
  return { path: definition.request.path ? path : undefined };
}
const validPathValue = (name: string) =>
  ({ userCode: 'CAMBIO1', companyCode: 'HOSTIL', ipSet: 'blocked' })[name] ?? 'VALOR1';

// ——— Generators ———

/** Strings that have broken parsers, loggers and databases. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 8,
  }),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x1F',
    ' 1',
    '١٢٣',
    '9007199254740993',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    'prototype',
    '../../etc/passwd',
    '%2e%2e%2f',
    '%00',
    'a\u0000b',
    'line\r\nX-Injected: 1',
    '\u202Eevil',
    '\uD800',
    '<script>alert(1)</script>',
    "' OR '1'='1",
    '=cmd|calc!A1',
    `\${jndi:ldap://x}`,
    'ADMON',
    'OTRAEMP',
  ),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'A'.repeat(n)),
);

/** Any JSON value, plus values JSON.stringify cannot make (big numbers) as raw text. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(2 ** 53 + 2, -(2 ** 53) - 2, Number.MAX_VALUE, Number.MIN_VALUE, -0, 1e21, 0.1 + 0.2),
);

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'companyCode',
  'role',
  'state',
  'version',
  'credential',
];

/** An object shaped like the route's body (some of its fields) with hostile values and keys. */
function shapedBody(definition: RouteDefinition): fc.Arbitrary<string> {
  const fields = fieldsOf(definition.request.body);
  const keys = fc.subarray([...fields, ...HOSTILE_KEYS], { minLength: 1 });
  return keys.chain((chosen) =>
    fc.tuple(...chosen.map(() => nastyValue)).map((values) => {
      // Built as text so that `__proto__` is an own key, as an attacker sends it.
      const members = chosen.map((key, i) => `${JSON.stringify(key)}:${JSON.stringify(values[i]) ?? 'null'}`);
      return `{${members.join(',')}}`;
    }),
  );
}

/** Bodies no serializer makes: numbers beyond 2^53, duplicate keys, deep nesting. */
const rawBodies = (definition: RouteDefinition) => {
  const field = fieldsOf(definition.request.body)[0] ?? 'x';
  return fc.constantFrom(
    `{"${field}": 9007199254740993}`,
    `{"${field}": 1e400}`,
    `{"${field}": -1e400}`,
    `{"${field}": "a", "${field}": {"__proto__": {"polluted": true}}}`,
    `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`,
    `${'['.repeat(3000)}${']'.repeat(3000)}`,
    `{"${field}": ${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`,
  );
};

const bodyFor = (definition: RouteDefinition) =>
  fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    shapedBody(definition),
    rawBodies(definition),
  );

/** Is this part of the request valid for its schema? Such inputs may legitimately act. */
function isValid(definition: RouteDefinition, part: 'body' | 'path' | 'query', value: unknown) {
  const schema = definition.request[part];
  if (!schema) return false;
  if (part === 'body') {
    try {
      return schema().safeParse(JSON.parse(value as string)).success;
    } catch {
      return false;
    }
  }
  return schema().safeParse(value).success;
}

/** Remembers generated values of secret-looking fields, to look for them in the logs. */
function noteSecrets(rawBody: string) {
  for (const match of rawBody.matchAll(/"(?:\w*[Pp]assword|confirmation|otp)":"((?:[^"\\]|\\.){6,})"/g)) {
    if (match[1] && !/^A+$/.test(match[1])) secrets.add(match[1]);
  }
}

async function expectRefusedAndUnchanged(
  definition: RouteDefinition,
  input: Parameters<typeof send>[1],
  allowed: number[] = [400, 413, 415],
) {
  const before = await tableSnapshot(client, stack.tableName);
  const response = await send(definition, input);
  const body = response.body ? JSON.parse(response.body) : {};
  const what = `${definition.id} ${JSON.stringify(input).slice(0, 300)}`;
  expect(allowed, `${what} → ${response.statusCode} ${response.body.slice(0, 200)}`).toContain(
    response.statusCode,
  );
  expect(String(response.headers?.['content-type'])).toContain('application/problem+json');
  expect(body.code, what).toBeTruthy();
  expect(await tableSnapshot(client, stack.tableName), what).toEqual(before);
}

const withBody = () => table.filter((r) => r.request.body);
const withoutBody = () => table.filter((r) => !r.request.body);
const withPath = () => table.filter((r) => r.request.path);
const withQuery = () => table.filter((r) => r.request.query);
const RUNS = { body: 20, path: 12, query: 12, none: 6 };

describe('Hostile input: bodies', () => {
  it.each(withBody().map((r) => [r.id, r] as const))(
    '%s: any invalid JSON body gets a 4xx problem and changes nothing',
    async (_id, definition) => {
      const { path } = validParts(definition);
      await fc.assert(
        fc.asyncProperty(bodyFor(definition), async (rawBody) => {
          fc.pre(!isValid(definition, 'body', rawBody));
          noteSecrets(rawBody);
          // 422: a broken body listed with the business problems its valid fields have (issue 20, docs/users.md).
          await expectRefusedAndUnchanged(
            definition,
            { rawBody, contentType: 'application/json', path },
            [400, 413, 415, 422],
          );
        }),
        { numRuns: RUNS.body },
      );
    },
    60_000,
  );

  it.each(withBody().map((r) => [r.id, r] as const))(
    '%s: a wrong or missing content type gets 415, malformed JSON 400, an oversized body 413',
    async (_id, definition) => {
      const { path } = validParts(definition);
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        '',
      ]) {
        await expectRefusedAndUnchanged(definition, { rawBody: '{"a":1}', contentType, path }, [415]);
      }
      await expectRefusedAndUnchanged(
        definition,
        { rawBody: '{"a":', contentType: 'application/json', path },
        [400],
      );
      await expectRefusedAndUnchanged(
        definition,
        { rawBody: JSON.stringify({ x: 'A'.repeat(70_000) }), contentType: 'application/json', path },
        [413],
      );
    },
    30_000,
  );

  it.each(withoutBody().map((r) => [r.id, r] as const))(
    '%s: a route that takes no body refuses one with 415',
    async (_id, definition) => {
      const { path } = validParts(definition);
      await fc.assert(
        fc.asyncProperty(bodyFor(definition), async (rawBody) => {
          // Over 64 KB, the size is refused first (413).
          await expectRefusedAndUnchanged(
            definition,
            { rawBody, contentType: 'application/json', path },
            [413, 415],
          );
        }),
        { numRuns: RUNS.none },
      );
    },
    60_000,
  );
});

describe('Hostile input: path and query', () => {
  it.each(withPath().map((r) => [r.id, r] as const))(
    '%s: any invalid path parameter gets 400 and changes nothing',
    async (_id, definition) => {
      const names = fieldsOf(definition.request.path);
      await fc.assert(
        fc.asyncProperty(fc.tuple(...names.map(() => nastyString)), async (values) => {
          const path = Object.fromEntries(names.map((name, i) => [name, values[i] as string]));
          fc.pre(!isValid(definition, 'path', path));
          // A route that takes a body gets an (empty) JSON one, so that validation is reached.
          const body = definition.request.body ? { rawBody: '{}', contentType: 'application/json' } : {};
          await expectRefusedAndUnchanged(definition, { ...body, path }, [400, 413]);
        }),
        { numRuns: RUNS.path },
      );
    },
    60_000,
  );

  it.each(withQuery().map((r) => [r.id, r] as const))(
    '%s: any invalid query gets 400 and changes nothing; a valid but odd one never a 5xx',
    async (_id, definition) => {
      const names = [...fieldsOf(definition.request.query), ...HOSTILE_KEYS];
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom(...names),
            nastyString.filter((s) => s.length < 2000),
            { maxKeys: 4 },
          ),
          async (query) => {
            if (isValid(definition, 'query', query)) {
              // Valid queries of reading routes are served; odd values must not break them.
              const response = await send(definition, { query });
              expect(response.statusCode, JSON.stringify(query)).toBeLessThan(500);
              return;
            }
            await expectRefusedAndUnchanged(definition, { query });
          },
        ),
        { numRuns: RUNS.query },
      );
    },
    60_000,
  );
});

describe('Hostile input: what it leaves behind', () => {
  it('sent hundreds of hostile requests', () => {
    expect(sent).toBeGreaterThan(500);
  });

  it('never pollutes the prototype of this process’s objects', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never logs a password, an OTP, a TOTP secret or a token', () => {
    const text = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(100);
    const leaked = [...secrets].filter((secret) =>
      /^\d{6}$/.test(secret) ? new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text) : text.includes(secret),
    );
    expect(leaked).toEqual([]);
  });
});
