import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type CfnElement, Stage } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config/stages.ts';
import { corsAllowHeaders, corsExposeHeaders, loginRouteId } from '../../infra/constructs/api.ts';
import { sendsMail } from '../../infra/constructs/monitoring.ts';
import { defaultMemoryMb, defaultTimeoutSeconds } from '../../infra/constructs/route-function.ts';
import { grantConditions } from '../../infra/constructs/table.ts';
import { readConfig } from '../../shared/config.ts';
import { dynamoRefusalAuditor } from '../../shared/data/audit.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { refreshesSession, type TableGrant, tableGrants } from '../../shared/data/table-access.ts';
import { errorCatalog } from '../../shared/http/messages.ts';
import { type RouteDefinition, routes } from '../../shared/routes.ts';
import {
  apiMethods,
  type CfnResource,
  functionDenies,
  functionStatements,
  nagFindings,
  resources,
  type SynthesizedStage,
  synthesizeStage,
} from './synth.ts';

// Synthesis copies every handler's bundle from the bundle cache (filled once per run by the
// infra project's global setup) for dev; prod uses the same handlers and options, so it skips it.
let dev: SynthesizedStage;
let prod: SynthesizedStage;
beforeAll(() => {
  dev = synthesizeStage('dev', { bundle: true });
  prod = synthesizeStage('prod', { bundle: false });
});

const allRoutes: readonly RouteDefinition[] = routes;

const functionLogicalId = ({ stack }: SynthesizedStage, route: RouteDefinition): string => {
  const routeFunction = stack.api.functions.get(route.id);
  if (!routeFunction) throw new Error(`No function for route ${route.id}`);
  return stack.getLogicalId(routeFunction.function.node.defaultChild as CfnElement);
};

const functionProperties = (stage: SynthesizedStage, route: RouteDefinition): Record<string, unknown> =>
  resources(stage.template)[functionLogicalId(stage, route)]?.Properties ?? {};

const ofType = (stage: SynthesizedStage, type: string): CfnResource[] =>
  Object.values(resources(stage.template)).filter((r) => r.Type === type);

/**
 * The routes' functions (not the IP-set custom resource's handler, `ip-set.handler`, nor the
 * operation-event publisher, whose only variable is its bus).
 */
const routeFunctions = (stage: SynthesizedStage): CfnResource[] =>
  ofType(stage, 'AWS::Lambda::Function').filter(
    (f) =>
      f.Properties?.Handler === 'index.handler' &&
      !(f.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.EVENT_BUS_NAME,
  );

/** Words of an update or condition expression that are not attribute names. */
const expressionWords = new Set([
  'SET',
  'ADD',
  'REMOVE',
  'DELETE',
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
  'if_not_exists',
  'list_append',
]);

/** The top-level attributes an UpdateItem names (IAM's `dynamodb:Attributes`), sorted: key, update and condition. */
const namedAttributes = (input: UpdateCommandInput): string[] => {
  const names = input.ExpressionAttributeNames ?? {};
  const words =
    `${input.UpdateExpression ?? ''} ${input.ConditionExpression ?? ''}`.match(/[#:]?[A-Za-z_]\w*/g) ?? [];
  const attributes = words
    .filter((w) => !w.startsWith(':') && !expressionWords.has(w))
    .map((w) => (w.startsWith('#') ? (names[w] ?? w) : w));
  return [...new Set([...Object.keys(input.Key ?? {}), ...attributes])].sort();
};

// Writes a read-only function never needs; UpdateItem is checked apart (the session touch and
// the refused-request counter).
const itemWriteActions = ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('Stack: API routes', () => {
  it('creates one function per route of the route table, and no other function but the scheduled job', () => {
    // Prepare: the routes' functions and the daily dormancy job (issue 18)
    const expected = allRoutes.length + 1;

    // Act
    const functions = routeFunctions(dev);

    // Assess
    expect(functions).toHaveLength(expected);
    // And the IP sets' custom-resource handler and the operation-event publisher.
    expect(ofType(dev, 'AWS::Lambda::Function')).toHaveLength(expected + 2);
    for (const route of allRoutes) expect(dev.stack.api.functions.has(route.id)).toBe(true);
  });

  it('bundles every function as npm run bench measures it: no node:stream/web, the middy stand-in instead', () => {
    // Prepare
    const outdir = Stage.of(dev.stack)?.outdir as string;

    // Act
    const codeOf = (dir: string): string =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFileSync(path.join(dir, file), 'utf8'))
        .join('\n');
    const bundles = readdirSync(outdir)
      .filter((entry) => entry.startsWith('asset.'))
      .map((entry) => path.join(outdir, entry))
      .filter((dir) => existsSync(path.join(dir, 'index.mjs')))
      .map(codeOf);

    // Assess: the routes' bundles, the operation-event publisher's and the dormancy job's
    // (neither uses middy: no stand-in)
    expect(bundles).toHaveLength(allRoutes.length + 2);
    for (const code of bundles) expect(code).not.toMatch(/from\s*"node:stream\/web"/);
    const routeBundles = bundles.filter(
      (code) => !code.includes('EVENT_BUS_NAME') && !code.includes('disableDormantUsers'),
    );
    expect(routeBundles).toHaveLength(allRoutes.length);
    for (const code of routeBundles) expect(code).toContain('Symbol.hasInstance');
  });

  it("exposes each route's method and path on the API, and a CORS preflight on each browser path, nothing else", () => {
    // Prepare
    const expected = allRoutes.map((r) => `${r.method} ${r.path}`).sort();
    const browserPaths = [...new Set(allRoutes.filter((r) => r.access !== 'bank').map((r) => r.path))].sort();

    // Act
    const methods = [...apiMethods(dev.template).keys()];

    // Assess
    expect(methods.filter((m) => !m.startsWith('OPTIONS ')).sort()).toEqual(expected);
    expect(
      methods
        .filter((m) => m.startsWith('OPTIONS '))
        .map((m) => m.slice('OPTIONS '.length))
        .sort(),
    ).toEqual(browserPaths);
  });

  it('requires IAM (SigV4) authorization exactly on bank routes (preflights carry no credentials)', () => {
    // Prepare
    const methods = apiMethods(prod.template);

    // Act
    const authorization = allRoutes.map((r) => [r.id, methods.get(`${r.method} ${r.path}`)]);

    // Assess
    expect(authorization).toEqual(allRoutes.map((r) => [r.id, r.access === 'bank' ? 'AWS_IAM' : 'NONE']));
  });

  it('runs every function on nodejs24.x, ARM64, with active tracing, without --enable-source-maps', () => {
    // Prepare
    const functions = routeFunctions(dev);

    // Act
    const settings = functions.map((f) => [
      f.Properties?.Runtime,
      f.Properties?.Architectures,
      f.Properties?.TracingConfig,
    ]);

    // Assess
    for (const setting of settings) expect(setting).toEqual(['nodejs24.x', ['arm64'], { Mode: 'Active' }]);
    const nodeOptions = functions.map(
      (f) => (f.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables?.NODE_OPTIONS,
    );
    expect(nodeOptions.filter((o) => o !== undefined)).toEqual([]);
  });

  it('sizes each function from its route, or 512 MB and 10 s by default', () => {
    // Prepare
    const expected = allRoutes.map((r) => [
      r.id,
      r.memoryMb ?? defaultMemoryMb,
      r.timeoutSeconds ?? defaultTimeoutSeconds,
    ]);

    // Act
    const sizes = allRoutes.map((r) => {
      const properties = functionProperties(dev, r);
      return [r.id, properties.MemorySize, properties.Timeout];
    });

    // Assess
    expect(sizes).toEqual(expected);
  });

  it('reserves concurrency for the login function in prod only', () => {
    // Prepare
    const login = allRoutes.find((r) => r.id === loginRouteId) as RouteDefinition;
    const others = allRoutes.filter((r) => r.id !== loginRouteId);

    // Act
    const inProd = functionProperties(prod, login).ReservedConcurrentExecutions;
    const inDev = functionProperties(dev, login).ReservedConcurrentExecutions;
    const elsewhere = others.flatMap((r) => functionProperties(prod, r).ReservedConcurrentExecutions ?? []);

    // Assess
    expect(inProd).toBe(stageConfig('prod', {}).loginReservedConcurrency);
    expect(inDev).toBeUndefined();
    expect(elsewhere).toEqual([]);
  });
});

describe('Stack: scheduled jobs', () => {
  it('runs the dormancy job daily from EventBridge, with the stage’s table and mail grants', () => {
    // Act
    const rules = ofType(dev, 'AWS::Events::Rule');
    const job = dev.stack.resolve(dev.stack.jobs.dormancy.functionArn);

    // Assess
    expect(rules.map((r) => r.Properties?.ScheduleExpression)).toContain('cron(0 6 * * ? *)');
    const rule = rules.find((r) => r.Properties?.ScheduleExpression === 'cron(0 6 * * ? *)');
    expect(JSON.stringify(rule?.Properties?.Targets)).toContain(JSON.stringify(job['Fn::GetAtt'][0]));
  });
});

describe('Stack: table', () => {
  it('builds the keys, indexes and TTL from tableDefinition', () => {
    // Prepare
    const keySchema = (pk: string, sk: string) => [
      { AttributeName: pk, KeyType: 'HASH' },
      { AttributeName: sk, KeyType: 'RANGE' },
    ];

    // Act
    const [table] = ofType(dev, 'AWS::DynamoDB::GlobalTable');

    // Assess
    expect(table?.Properties?.KeySchema).toEqual(
      keySchema(tableDefinition.partitionKey, tableDefinition.sortKey),
    );
    expect(table?.Properties?.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table?.Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    });
    expect(table?.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('encrypts the table with a customer-managed KMS key that rotates', () => {
    // Prepare
    const keyLogicalId = dev.stack.getLogicalId(dev.stack.table.key.node.defaultChild as CfnElement);

    // Act
    const key = resources(dev.template)[keyLogicalId];

    // Assess
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] } } }),
      ],
    });
  });

  it.each(['dev', 'prod'] as const)('enables point-in-time recovery in %s', (name) => {
    // Act
    const [table] = ofType(name === 'dev' ? dev : prod, 'AWS::DynamoDB::GlobalTable');

    // Assess
    expect(table?.Properties?.Replicas).toEqual([
      expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    ]);
  });

  it('retains and deletion-protects the table and its key in prod', () => {
    // Prepare
    const keyLogicalId = prod.stack.getLogicalId(prod.stack.table.key.node.defaultChild as CfnElement);

    // Act
    const [table] = ofType(prod, 'AWS::DynamoDB::GlobalTable');
    const key = resources(prod.template)[keyLogicalId];

    // Assess
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.UpdateReplacePolicy).toBe('Retain');
    prod.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('enables contributor insights where the stage asks for it (prod), not in dev', () => {
    // Act
    const insights = [dev, prod].map(
      (stage) =>
        (
          ofType(stage, 'AWS::DynamoDB::GlobalTable')[0]?.Properties?.Replicas as
            | Record<string, unknown>[]
            | undefined
        )?.[0]?.ContributorInsightsSpecification,
    );

    // Assess
    expect(insights).toEqual([
      expect.objectContaining({ Enabled: false }),
      expect.objectContaining({ Enabled: true }),
    ]);
  });

  it('lets dev delete the table with its stack', () => {
    // Act
    const [table] = ofType(dev, 'AWS::DynamoDB::GlobalTable');

    // Assess
    expect(table?.DeletionPolicy).toBe('Delete');
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
  });
});

describe('Stack: least privilege', () => {
  const forbidden = (action: string) =>
    action === '*' || action.endsWith(':*') || ['dynamodb:Scan', 'dynamodb:DeleteTable'].includes(action);

  it('grants no function Scan, DeleteTable or a wildcard action', () => {
    // Act
    const offending = allRoutes.flatMap((r) =>
      functionStatements(prod.template, functionLogicalId(prod, r))
        .flatMap((s) => s.actions)
        .filter(forbidden)
        .map((action) => `${r.id}: ${action}`),
    );

    // Assess
    expect(offending).toEqual([]);
  });

  it('grants read-only routes writes only under the leading-key and attribute conditions of tableGrants', () => {
    // Prepare: the writes a read route's role may make are those the local guard enforces
    // (shared/data/table-access.ts): the session touch and a refused session's end and audit.
    const readOnly = allRoutes.filter((r) => r.table === 'read');
    const isWrite = (a: string) =>
      [...itemWriteActions, 'dynamodb:UpdateItem'].includes(a) || a.startsWith('dynamodb:Transact');

    // Act
    const writes = readOnly.map((r) => ({
      route: r,
      statements: functionStatements(prod.template, functionLogicalId(prod, r))
        .filter((s) => s.actions.some(isWrite))
        .map((s) => ({ actions: s.actions, condition: s.condition })),
    }));

    // Assess
    expect(readOnly.length).toBeGreaterThan(0);
    for (const { route, statements } of writes) {
      const expected = tableGrants(route)
        .filter((g) => g.actions.some(isWrite))
        .map((g) => ({ actions: [...g.actions], condition: grantConditions(g) }));
      expect(statements, route.id).toEqual(expected);
      // Every write statement of a read route is conditioned: never a bare write on the table.
      expect(
        statements.every((s) => s.condition !== undefined),
        route.id,
      ).toBe(true);
    }
    const getMe = writes.find((w) => w.route.id === 'getMe')?.statements ?? [];
    expect(getMe.find((s) => s.actions.includes('dynamodb:PutItem'))?.condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] },
      StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
    });
  });

  it("lets read-only session routes update only the session's last-seen time and a refused request's audit counter", async () => {
    // Prepare: the attributes the code really names (key, update, condition) in its two
    // UpdateItems of a read-only session request: the store's session touch, and the second
    // refusal of a minute, which raises the first one's audit counter.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const sent = mockClient(doc);
    sent.on(UpdateCommand).resolves({});
    sent
      .on(PutCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' }));
    await dynamoAuthStore(doc, 'table').touchSession('C', 'U', 'sid', '2026-01-01T00:00:00Z');
    await dynamoRefusalAuditor(
      doc,
      'table',
      () => new Date('2026-01-01T00:00:00Z'),
    )({
      companyCode: 'C',
      actor: 'U',
      route: 'getMe',
      request: 'GET /me',
      code: 'FORBIDDEN',
      sourceIp: '203.0.113.7',
      correlationId: 'cid',
    });
    const [touch, counter] = sent
      .commandCalls(UpdateCommand)
      .map((call) => namedAttributes(call.args[0].input));
    const readOnly = allRoutes.filter((r) => r.table === 'read');
    const grantOf = (purpose: string) => {
      const grant = tableGrants({ table: 'read', access: 'session' }).find((g) => g.purpose === purpose);
      if (!grant) throw new Error(`No ${purpose} grant`);
      return grant;
    };
    // CDK sorts a statement's actions; their order means nothing to IAM.
    const asStatement = (g: TableGrant) => ({
      actions: [...g.actions].sort(),
      condition: grantConditions(g),
    });
    const dynamo = (statements: { actions: string[]; condition?: unknown }[]) =>
      statements
        .filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')))
        .map((s) => ({ actions: s.actions.slice().sort(), condition: s.condition }));

    // Act
    const granted = readOnly.map((r) => {
      const id = functionLogicalId(prod, r);
      return {
        route: r,
        allows: dynamo(functionStatements(prod.template, id)),
        denies: dynamo(functionDenies(prod.template, id)),
      };
    });

    // Assess: tableGrants names exactly what the code sends, no more
    expect(touch).toEqual(['lastSeenAt', 'pk', 'sessionId', 'sk']);
    expect(counter).toEqual(['count', 'lastAt', 'lastCorrelationId', 'lastSourceIp', 'pk', 'sk']);
    expect([...(grantOf('session touch').attributes ?? [])].sort()).toEqual(touch);
    expect([...(grantOf('refused-request audit').attributes ?? [])].sort()).toEqual(counter);
    expect(grantOf('refused-request audit').leadingKeys).toEqual(['AUDIT#*']);
    expect(readOnly.filter(refreshesSession).length).toBeGreaterThan(0);
    for (const { route, allows, denies } of granted) {
      // Each read route's table statements are its tableGrants, conditions included.
      expect(allows, route.id).toEqual(tableGrants(route).map(asStatement));
      const updates = allows.filter((s) => s.actions.includes('dynamodb:UpdateItem'));
      if (!refreshesSession(route)) {
        expect(updates, route.id).toEqual([]);
        continue;
      }
      // A session route's only updates: the touch (any partition, its attributes) and the
      // counter (audit partitions, the counter's attributes), each an UpdateItem alone.
      expect(updates, route.id).toEqual(
        [grantOf('session touch'), grantOf('refused-request audit')].map(asStatement),
      );
      // The touch names no partition, so audit immutability's Deny keeps it off audit entries:
      // an UpdateItem there naming anything but the counter is denied.
      expect(
        denies.filter((s) => s.actions.includes('dynamodb:UpdateItem')),
        route.id,
      ).toEqual([
        {
          actions: ['dynamodb:UpdateItem'],
          condition: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] },
            'ForAnyValue:StringNotEquals': {
              'dynamodb:Attributes': [...(grantOf('refused-request audit').attributes ?? [])],
            },
          },
        },
      ]);
    }
  });

  it('grants write routes item writes on the table and its indexes only', () => {
    // Prepare
    const tableLogicalId = prod.stack.getLogicalId(prod.stack.table.table.node.defaultChild as CfnElement);
    const writers = allRoutes.filter((r) => r.table === 'write');

    // Act
    const dynamoResources = writers.map((r) =>
      functionStatements(prod.template, functionLogicalId(prod, r))
        .filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')))
        .flatMap((s) => s.resources),
    );

    // Assess
    for (const granted of dynamoResources) {
      const expected = [
        { 'Fn::GetAtt': [tableLogicalId, 'Arn'] },
        ...tableDefinition.globalSecondaryIndexes.map((index) => ({
          'Fn::Join': ['', [{ 'Fn::GetAtt': [tableLogicalId, 'Arn'] }, `/index/${index.indexName}`]],
        })),
      ];
      expect(granted).toHaveLength(expected.length);
      expect(granted).toEqual(expect.arrayContaining(expected));
    }
  });

  it('grants ses:SendEmail only to mail-sending functions, on the identity and configuration set only', () => {
    // Prepare
    const { stack } = prod;
    const sorted = (values: unknown[]) => values.map((v) => JSON.stringify(v)).sort();
    const scope = sorted([
      stack.resolve(stack.mail.identity.emailIdentityArn),
      stack.resolve(stack.mail.configurationSetArn),
    ]);

    // Act
    const sesGrants = allRoutes.map((r) => {
      const statements = functionStatements(prod.template, functionLogicalId(prod, r)).filter((s) =>
        s.actions.some((a) => a.startsWith('ses:')),
      );
      return { route: r, statements };
    });

    // Assess
    for (const { route, statements } of sesGrants) {
      if (!sendsMail(route)) {
        expect(statements, route.id).toEqual([]);
        continue;
      }
      expect(statements, route.id).toHaveLength(1);
      expect(statements[0]?.actions).toEqual(['ses:SendEmail']);
      expect(sorted(statements[0]?.resources ?? [])).toEqual(scope);
      expect(statements[0]?.condition).toEqual({
        StringEquals: { 'ses:FromAddress': stageConfig('prod', {}).mail.fromAddress },
      });
    }
  });
  it('lets only the functions that verify or sign tokens read the master key', () => {
    // Prepare
    const { stack } = prod;
    const secretArn = JSON.stringify(stack.resolve(stack.masterKey.secret.secretArn));
    // Static login-screen content needs no key; the bank back office is authenticated by IAM.
    const keyless = new Set(['passwordRules', 'listAntiphishingImages']);
    const expected = allRoutes.filter((r) => r.access !== 'bank' && !keyless.has(r.id)).map((r) => r.id);

    // Act
    const readers = allRoutes.filter((r) =>
      functionStatements(prod.template, functionLogicalId(prod, r)).some(
        (s) =>
          s.actions.includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.resources) === `[${secretArn}]`,
      ),
    );

    // Assess
    expect(readers.map((r) => r.id)).toEqual(expected);
    for (const id of keyless) {
      const route = allRoutes.find((r) => r.id === id) as RouteDefinition;
      const variables = (
        functionProperties(prod, route).Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables.SECRETS_ARN, id).toBeUndefined();
      expect(functionProperties(prod, route).Layers, id).toBeUndefined();
    }
  });

  it('lets the bank IP-set routes read, or read and replace, the four WAF IP sets and nothing else of WAF', () => {
    // Prepare
    const { stack } = prod;
    const sorted = (values: unknown[]) => JSON.stringify(values.map((v) => JSON.stringify(v)).sort());
    const ipSetArns = sorted(stack.resolve(stack.ipSets.arns));

    // Act
    const grants = allRoutes.map((route) => ({
      route,
      statements: functionStatements(prod.template, functionLogicalId(prod, route)).filter((s) =>
        s.actions.some((a) => a.startsWith('wafv2:')),
      ),
    }));

    // Assess
    expect(grants.filter((g) => g.route.wafIpSets).length).toBeGreaterThanOrEqual(2);
    for (const { route, statements } of grants) {
      if (!route.wafIpSets) {
        expect(statements, route.id).toEqual([]);
        continue;
      }
      expect(
        statements.map((s) => [s.actions, sorted(s.resources)]),
        route.id,
      ).toEqual([
        [
          route.wafIpSets === 'write' ? ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'] : ['wafv2:GetIPSet'],
          ipSetArns,
        ],
      ]);
    }
  });

  it("gives the IP-set routes each set's name|id|scope reference, and no other function", () => {
    // Prepare
    const { stack } = prod;
    const refs = stack.ipSets.refs;
    const expected = {
      WAF_BLOCKED_IPV4_SET: stack.resolve(refs.blocked.IPV4),
      WAF_BLOCKED_IPV6_SET: stack.resolve(refs.blocked.IPV6),
      WAF_ALLOWED_IPV4_SET: stack.resolve(refs.allowed.IPV4),
      WAF_ALLOWED_IPV6_SET: stack.resolve(refs.allowed.IPV6),
    };

    // Act
    const wafVariables = allRoutes.map((route) => {
      const variables = (
        functionProperties(prod, route).Environment as { Variables: Record<string, unknown> }
      ).Variables;
      return [
        route,
        Object.fromEntries(Object.entries(variables).filter(([k]) => k.startsWith('WAF_'))),
      ] as const;
    });

    // Assess
    for (const [route, variables] of wafVariables) {
      expect(variables, route.id).toEqual(route.wafIpSets ? expected : {});
    }
  });
});

describe('Stack: configuration', () => {
  // A name that says the value is a credential, or a value that looks like key material.
  const secretName = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY|MASTER_KEY|KEY)$/i;
  const secretValue = (value: unknown) =>
    typeof value === 'string' &&
    (/-----BEGIN/.test(value) || (/^[A-Za-z0-9+/=_-]{24,}$/.test(value) && !value.startsWith('arn:')));

  it('gives no function an environment variable that looks like a secret', () => {
    // Act
    const variables = ofType(prod, 'AWS::Lambda::Function').flatMap((f) =>
      Object.entries(
        (f.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {},
      ),
    );

    // Assess
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter(([name, value]) => secretName.test(name) || secretValue(value))).toEqual([]);
  });

  it("gives each function an environment that shared/config.ts accepts, holding the stage's settings", () => {
    // Prepare
    const config = stageConfig('prod', {});
    // CloudFormation fills in references at deploy time; stand-ins of the same shape.
    const deployed = (value: unknown, name: string) =>
      typeof value === 'string'
        ? value
        : name === 'SECRETS_ARN'
          ? 'arn:aws:secretsmanager:x'
          : name.startsWith('WAF_')
            ? 'deployed-ip-set|a1b2c3d4-0000-1111|REGIONAL'
            : `deployed-${name}`;

    // Act
    const parsed = allRoutes.map((r) => {
      const variables = (functionProperties(prod, r).Environment as { Variables: Record<string, unknown> })
        .Variables;
      return readConfig(Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, deployed(v, k)])));
    });

    // Assess
    for (const [index, settings] of parsed.entries()) {
      const route = allRoutes[index] as RouteDefinition;
      expect(settings.LOCKOUT_THRESHOLD).toBe(config.lockoutThreshold);
      expect(settings.GENERIC_PASSWORD_TTL_HOURS).toBe(config.genericPasswordTtlHours);
      expect(settings.PASSWORD_PROFILE).toBe(config.passwordProfile);
      expect(settings.LOG_LEVEL).toBe(config.logLevel);
      expect(settings.MAIL_FROM, route.id).toBe(sendsMail(route) ? config.mail.fromAddress : undefined);
    }
  });

  it("keeps every log group for the stage's retention, and keeps prod logs with the stack", () => {
    // Act
    const devGroups = ofType(dev, 'AWS::Logs::LogGroup');
    const prodGroups = ofType(prod, 'AWS::Logs::LogGroup');

    // Assess
    // One per route function, the API access log, the WAF log, the IP-set handler's, the
    // operation-event publisher's and the dormancy job's logs.
    expect(prodGroups).toHaveLength(allRoutes.length + 5);
    for (const g of devGroups)
      expect(g.Properties?.RetentionInDays).toBe(stageConfig('dev', {}).logRetentionDays);
    for (const g of prodGroups) {
      expect(g.Properties?.RetentionInDays).toBe(stageConfig('prod', {}).logRetentionDays);
      // Kept on update and delete, removed when the first create fails (nothing blocks the retry).
      expect(g.DeletionPolicy).toBe('RetainExceptOnCreate');
    }
  });

  it('throttles, traces and access-logs the API stage in JSON', () => {
    // Prepare
    const { throttling } = stageConfig('prod', {});

    // Act
    const [stage] = ofType(prod, 'AWS::ApiGateway::Stage');

    // Assess
    expect(stage?.Properties?.StageName).toBe('prod');
    expect(stage?.Properties?.TracingEnabled).toBe(true);
    expect(stage?.Properties?.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: throttling.rateLimit,
        ThrottlingBurstLimit: throttling.burstLimit,
      }),
    ]);
    const format = (stage?.Properties?.AccessLogSetting as { Format?: string } | undefined)?.Format ?? '';
    expect(() => JSON.parse(format)).not.toThrow();
  });

  it('deploys a regional REST API, so that a WAF web ACL can attach to it', () => {
    // Act
    const [api] = ofType(prod, 'AWS::ApiGateway::RestApi');

    // Assess
    expect(api?.Properties?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
  });
});

describe('Stack: API gateway behaviour', () => {
  it('returns the export formats as binary (the handlers answer them base64-encoded)', () => {
    // Act
    const [api] = ofType(prod, 'AWS::ApiGateway::RestApi');

    // Assess
    expect(api?.Properties?.BinaryMediaTypes).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/pdf',
    ]);
  });

  it.each([
    ['THROTTLED', '429'],
    ['MISSING_AUTHENTICATION_TOKEN', '403'],
    ['ACCESS_DENIED', '403'],
    ['DEFAULT_4XX', undefined],
    ['DEFAULT_5XX', undefined],
  ])('answers the gateway response %s as problem+json with a catalogued code', (type, status) => {
    // Act
    const response = ofType(prod, 'AWS::ApiGateway::GatewayResponse').find(
      (r) => r.Properties?.ResponseType === type,
    );
    const templates = response?.Properties?.ResponseTemplates as Record<string, string>;
    const body = JSON.parse(templates['application/json'] ?? '{}') as Record<string, unknown>;

    // Assess
    expect(response?.Properties?.StatusCode).toBe(status);
    expect(
      (response?.Properties?.ResponseParameters as Record<string, string> | undefined)?.[
        'gatewayresponse.header.Content-Type'
      ],
    ).toBe("'application/problem+json'");
    expect(Object.keys(errorCatalog)).toContain(body.code);
    expect(body.instance).toBe('$context.requestId');
    expect(body.status).toBe(status === undefined ? undefined : Number(status));
  });

  it('serves identify and login through live aliases with provisioned concurrency in prod only', () => {
    // Prepare
    const config = stageConfig('prod', {});

    // Act
    const prodAliases = ofType(prod, 'AWS::Lambda::Alias');
    const devAliases = ofType(dev, 'AWS::Lambda::Alias');

    // Assess
    expect(prodAliases).toHaveLength(2);
    for (const alias of prodAliases)
      expect(alias.Properties).toEqual(
        expect.objectContaining({
          Name: 'live',
          ProvisionedConcurrencyConfig: {
            ProvisionedConcurrentExecutions: config.loginProvisionedConcurrency,
          },
        }),
      );
    const aliased = prodAliases.map((a) => JSON.stringify(a.Properties?.FunctionName));
    for (const id of ['identify', 'login'])
      expect(
        aliased.some((name) => name.includes(id)),
        id,
      ).toBe(true);
    expect(devAliases).toEqual([]);
  });
});

describe('Stack: outputs', () => {
  it.each(['dev', 'prod'] as const)(
    'exports names and URLs only, never a key, secret or secret ARN in %s',
    (name) => {
      // Prepare
      const stage = name === 'dev' ? dev : prod;
      const secretRefs = [stage.stack.masterKey.secret.secretArn, stage.stack.masterKey.key.keyArn].map((v) =>
        JSON.stringify(stage.stack.resolve(v)),
      );

      // Act
      const outputs = Object.entries(stage.template.toJSON().Outputs as Record<string, { Value: unknown }>);

      // Assess
      expect(outputs.length).toBeGreaterThan(0);
      for (const [id, output] of outputs) {
        expect(id).toMatch(
          /^(ApiUrl|ApiRestApiEndpoint\w+|TableName|AlarmTopicArn|OperationEventBusName|PortalUrl|PortalBucketName|MailDkim[1-3]\w+)$/,
        );
        const value = JSON.stringify(output.Value);
        expect(id).not.toMatch(/secret|key|password|token/i);
        expect(value).not.toMatch(/resolve:secretsmanager|AWS::SecretsManager|AWS::KMS/);
        for (const ref of secretRefs) expect(value).not.toContain(ref);
      }
    },
  );
});

describe('Stack: CORS (the browser calls the API directly, cross-origin)', () => {
  type MethodProps = {
    HttpMethod: string;
    AuthorizationType: string;
    Integration: { Type: string; IntegrationResponses: { ResponseParameters: Record<string, unknown> }[] };
  };
  const preflights = (stage: SynthesizedStage) =>
    ofType(stage, 'AWS::ApiGateway::Method')
      .map((m) => m.Properties as MethodProps)
      .filter((m) => m.HttpMethod === 'OPTIONS');
  const distributionDomain = ({ stack }: SynthesizedStage) => ({
    'Fn::GetAtt': [
      stack.getLogicalId(stack.portal?.distribution.node.defaultChild as CfnElement),
      'DomainName',
    ],
  });
  /** `https://<distribution domain>`, as a template value. */
  const distributionOrigin = (stage: SynthesizedStage) => ({
    'Fn::Join': ['', ['https://', distributionDomain(stage)]],
  });
  /** The same, single-quoted (an API Gateway static header value). */
  const quotedOrigin = (stage: SynthesizedStage) => ({
    'Fn::Join': ['', ["'https://", distributionDomain(stage), "'"]],
  });

  it.each(['dev', 'prod'] as const)(
    "answers preflights in %s for exactly the portal's origin, never *, without credentials, cached 10 minutes",
    (name) => {
      // Prepare
      const stage = name === 'dev' ? dev : prod;

      // Act
      const answers = preflights(stage);

      // Assess
      expect(answers.length).toBeGreaterThan(0);
      for (const preflight of answers) {
        expect(preflight.AuthorizationType).toBe('NONE');
        expect(preflight.Integration.Type).toBe('MOCK');
        const headers = preflight.Integration.IntegrationResponses[0]?.ResponseParameters ?? {};
        expect(headers).toEqual({
          'method.response.header.Access-Control-Allow-Origin': quotedOrigin(stage),
          'method.response.header.Vary': "'Origin'",
          'method.response.header.Access-Control-Allow-Methods': "'GET,POST,PUT,PATCH,DELETE'",
          'method.response.header.Access-Control-Allow-Headers': `'${corsAllowHeaders.join(',')}'`,
          'method.response.header.Access-Control-Expose-Headers': `'${corsExposeHeaders.join(',')}'`,
          'method.response.header.Access-Control-Max-Age': "'600'",
        });
        expect(JSON.stringify(headers)).not.toContain('*');
      }
      expect(corsAllowHeaders).toEqual([
        'Content-Type',
        'Authorization',
        'X-OTP',
        'Accept-Language',
        'X-Correlation-Id',
        'Idempotency-Key',
      ]);
      expect(corsExposeHeaders).toEqual(['X-Correlation-Id', 'Content-Disposition']);
    },
  );

  it.each(['dev', 'prod'] as const)(
    "sets ALLOWED_ORIGINS of every function to the portal's origin in %s",
    (name) => {
      // Prepare
      const stage = name === 'dev' ? dev : prod;

      // Act
      const origins = allRoutes.map(
        (r) =>
          (functionProperties(stage, r).Environment as { Variables: Record<string, unknown> }).Variables
            .ALLOWED_ORIGINS,
      );

      // Assess
      for (const origin of origins) expect(origin).toEqual(distributionOrigin(stage));
    },
  );

  it("lets the portal read the gateway's own refusals (CORS headers on every gateway response)", () => {
    // Act
    const responses = ofType(prod, 'AWS::ApiGateway::GatewayResponse').map(
      (r) => r.Properties?.ResponseParameters as Record<string, unknown>,
    );

    // Assess
    expect(responses.length).toBeGreaterThan(0);
    for (const headers of responses) {
      expect(headers['gatewayresponse.header.Access-Control-Allow-Origin']).toEqual(quotedOrigin(prod));
    }
  });

  it('has no dependency cycle between the API, its functions and the portal', () => {
    // Prepare
    const references = (value: unknown, into: Set<string>): Set<string> => {
      if (Array.isArray(value)) for (const v of value) references(v, into);
      else if (value && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if (typeof object.Ref === 'string') into.add(object.Ref);
        const getAtt = object['Fn::GetAtt'] as string[] | undefined;
        if (getAtt?.[0]) into.add(getAtt[0]);
        for (const v of Object.values(object)) references(v, into);
      }
      return into;
    };

    // Act
    const cycles = [dev, prod].map((stage) => {
      const all = resources(stage.template) as Record<
        string,
        CfnResource & { DependsOn?: string | string[] }
      >;
      const edges = new Map(
        Object.entries(all).map(([id, r]) => {
          const to = references(r.Properties, new Set([r.DependsOn ?? []].flat()));
          return [id, [...to].filter((target) => target in all)];
        }),
      );
      const state = new Map<string, 'visiting' | 'done'>();
      const cycleFrom = (id: string, trail: string[]): string[] | undefined => {
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) {
          if (state.get(next) === 'visiting') return [...trail, id, next];
          const found = state.get(next) ? undefined : cycleFrom(next, [...trail, id]);
          if (found) return found;
        }
        state.set(id, 'done');
        return undefined;
      };
      for (const id of edges.keys()) {
        const found = state.get(id) ? undefined : cycleFrom(id, []);
        if (found) return found;
      }
      return undefined;
    });

    // Assess
    expect(cycles).toEqual([undefined, undefined]);
  });
});

describe('Stack: custom domain', () => {
  const apiDomain = {
    name: 'api.banking.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'banking.example.com' },
  };
  const portalDomain = {
    name: 'banking.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111',
  };
  let withDomain: SynthesizedStage;
  beforeAll(() => {
    withDomain = synthesizeStage('prod', {
      bundle: false,
      config: { apiDomain, portal: { domain: portalDomain } },
    });
  });

  it("allows by CORS exactly the portal's configured domain, on preflights and in the functions", () => {
    // Act
    const methods = ofType(withDomain, 'AWS::ApiGateway::Method').filter(
      (m) => m.Properties?.HttpMethod === 'OPTIONS',
    );
    const allowed = methods.map(
      (m) =>
        (
          m.Properties?.Integration as
            | { IntegrationResponses: { ResponseParameters: Record<string, unknown> }[] }
            | undefined
        )?.IntegrationResponses[0]?.ResponseParameters?.[
          'method.response.header.Access-Control-Allow-Origin'
        ],
    );
    const variables = allRoutes.map(
      (r) =>
        (functionProperties(withDomain, r).Environment as { Variables: Record<string, unknown> }).Variables
          .ALLOWED_ORIGINS,
    );

    // Assess
    expect(new Set(allowed)).toEqual(new Set([`'https://${portalDomain.name}'`]));
    expect(new Set(variables)).toEqual(new Set([`https://${portalDomain.name}`]));
  });

  it('serves the API on the configured domain, regional, TLS 1.2 or later', () => {
    // Act
    const [domain] = ofType(withDomain, 'AWS::ApiGateway::DomainName');

    // Assess
    expect(domain?.Properties).toEqual(
      expect.objectContaining({
        DomainName: apiDomain.name,
        RegionalCertificateArn: apiDomain.certificateArn,
        EndpointConfiguration: { Types: ['REGIONAL'] },
        SecurityPolicy: 'TLS_1_2',
      }),
    );
  });

  it('writes the alias record of the domain in the configured hosted zone', () => {
    // Act
    const records = ofType(withDomain, 'AWS::Route53::RecordSet').filter(
      (r) => (r.Properties?.AliasTarget as { DNSName?: unknown } | undefined)?.DNSName !== undefined,
    );

    // Assess
    expect(
      records.map((r) => [r.Properties?.Name, r.Properties?.Type, r.Properties?.HostedZoneId]),
    ).toContainEqual([`${apiDomain.name}.`, 'A', apiDomain.hostedZone.id]);
  });

  it('adds nothing cdk-nag reports', () => {
    // Act
    const violations = nagFindings(withDomain.stack);

    // Assess
    expect(violations).toEqual([]);
  });
});

describe('Stack: cdk-nag', () => {
  const findings = (stage: SynthesizedStage) => [...nagFindings(stage.stack), ...nagFindings(stage.pipeline)];

  it.each(['dev', 'prod'] as const)(
    'has no unacknowledged AwsSolutions or Serverless error or warning in %s',
    (name) => {
      // Prepare
      const stage = name === 'dev' ? dev : prod;

      // Act
      const unacknowledged = findings(stage);

      // Assess
      expect(unacknowledged.filter((f) => f.severity === 'error')).toEqual([]);
      expect(unacknowledged.filter((f) => f.severity === 'warning')).toEqual([]);
    },
  );

  it('leaves no CDK error or warning annotation on the stacks', () => {
    // Act: from the assembly the hook synthesized (Annotations.fromStack would synthesize again)
    const annotations = [dev, prod].flatMap(({ stack }) =>
      (Stage.of(stack) as Stage)
        .synth()
        .getStackArtifact(stack.artifactId)
        .messages.filter((m) => m.level === 'error' || m.level === 'warning'),
    );

    // Assess
    expect(annotations).toEqual([]);
  });
});

describe('Stack: template shape', () => {
  // What each resource is for is asserted above; this fixes how many of each kind prod has, so
  // that a resource added or dropped by a refactor is seen and reviewed here. Kinds that come one
  // per route are written relative to the route table ("routes + 2": two more than routes).
  it('has, in prod, one function, role, policy, permission and log group per route, and these resources', () => {
    // Act
    const counts: Record<string, number | string> = {};
    for (const { Type } of Object.values(resources(prod.template)))
      counts[Type] = ((counts[Type] as number | undefined) ?? 0) + 1;
    const perRoute = [
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
      'AWS::Logs::LogGroup',
    ];
    for (const type of perRoute) {
      const more = (counts[type] as number) - allRoutes.length;
      counts[type] = more === 0 ? 'routes' : `routes ${more > 0 ? '+' : '-'} ${Math.abs(more)}`;
    }

    // Assess
    expect(
      Object.fromEntries(Object.entries(counts).sort(([x], [y]) => x.localeCompare(y))),
    ).toMatchInlineSnapshot(`
      {
        "AWS::ApiGateway::Deployment": 1,
        "AWS::ApiGateway::GatewayResponse": 17,
        "AWS::ApiGateway::Method": 101,
        "AWS::ApiGateway::RequestValidator": 1,
        "AWS::ApiGateway::Resource": 66,
        "AWS::ApiGateway::RestApi": 1,
        "AWS::ApiGateway::Stage": 1,
        "AWS::CloudFront::Distribution": 1,
        "AWS::CloudFront::Function": 1,
        "AWS::CloudFront::OriginAccessControl": 1,
        "AWS::CloudFront::ResponseHeadersPolicy": 1,
        "AWS::CloudWatch::Alarm": 23,
        "AWS::CloudWatch::Dashboard": 1,
        "AWS::DynamoDB::GlobalTable": 1,
        "AWS::Events::EventBus": 1,
        "AWS::Events::Rule": 1,
        "AWS::IAM::Policy": "routes + 3",
        "AWS::IAM::Role": "routes + 3",
        "AWS::KMS::Key": 3,
        "AWS::Lambda::Alias": 2,
        "AWS::Lambda::EventSourceMapping": 1,
        "AWS::Lambda::Function": "routes + 3",
        "AWS::Lambda::Permission": "routes + 1",
        "AWS::Lambda::Version": 2,
        "AWS::Logs::LogGroup": "routes + 5",
        "AWS::Logs::MetricFilter": 138,
        "AWS::S3::Bucket": 2,
        "AWS::S3::BucketPolicy": 2,
        "AWS::SES::ConfigurationSet": 1,
        "AWS::SES::ConfigurationSetEventDestination": 1,
        "AWS::SES::EmailIdentity": 1,
        "AWS::SNS::Subscription": 1,
        "AWS::SNS::Topic": 1,
        "AWS::SNS::TopicPolicy": 1,
        "AWS::SQS::Queue": 1,
        "AWS::SQS::QueuePolicy": 1,
        "AWS::SecretsManager::Secret": 1,
        "AWS::WAFv2::LoggingConfiguration": 1,
        "AWS::WAFv2::WebACL": 1,
        "AWS::WAFv2::WebACLAssociation": 1,
        "Custom::BankIpSet": 4,
      }
    `);
  });
});
