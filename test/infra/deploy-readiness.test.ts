import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStageConfig, stageConfig, stageInputs } from '../../infra/config/stages.ts';
import { defineStack } from '../../infra/define-app.ts';
import { pipelineStackName } from '../../infra/pipeline-stack.ts';
import type { RouteDefinition } from '../../shared/routes.ts';
import { routes } from '../../shared/routes.ts';
import {
  functionDenies,
  functionStatements,
  nestedStacksOf,
  ofType,
  resources,
  type SynthesizedStage,
  synthesizeStage,
} from './synth.ts';

/**
 * The logical ids of the stateful resources, as deployed before the stack was split into nested
 * stacks (the prod template snapshot of commit f371d28). A changed id would make CloudFormation
 * create a new table, key or secret and delete (or, in prod, orphan) the old one: never change
 * them, and never move these constructs.
 */
const statefulLogicalIds = {
  DataTableFDBAD0F2: 'AWS::DynamoDB::GlobalTable',
  DataKey5F086070: 'AWS::KMS::Key',
  MasterKeyB07C9BD3: 'AWS::KMS::Key',
  MasterKeySecret07C2BB8E: 'AWS::SecretsManager::Secret',
} as const;

/** CloudFormation's per-template limits. */
const maxResources = 500;
const maxOutputs = 200;
const maxParameters = 200;

/** 60 more routes, all in the largest route area (auth), each on a new path (a resource, a method, a preflight). */
const extraRoutes = (count: number): RouteDefinition[] => {
  const auth = routes.filter((r) => r.handler.startsWith('functions/auth/') && r.id !== 'login');
  return Array.from({ length: count }, (_, n) => {
    const base = auth[n % auth.length] as RouteDefinition;
    return { ...base, id: `headroom${n}`, path: `/headroom/r${n}` } as RouteDefinition;
  });
};

/** App context that skips esbuild (the stacks are inspected, not deployed). */
const noBundling = { 'aws:cdk:bundling-stacks': [] };

let dev: SynthesizedStage;
let prod: SynthesizedStage;
let grown: SynthesizedStage;
beforeAll(() => {
  dev = synthesizeStage('dev', { bundle: false });
  prod = synthesizeStage('prod', { bundle: false });
  grown = synthesizeStage('prod', { bundle: false, stack: { routes: [...routes, ...extraRoutes(60)] } });
}, 900_000);

const templateSizes = (stage: SynthesizedStage) => {
  const templates = [
    ['stage', stage.stackTemplate] as const,
    ...[...stage.nestedTemplates].map(([id, t]) => [id, t] as const),
  ];
  return templates.map(([id, template]) => {
    const json = template.toJSON() as Record<string, Record<string, unknown> | undefined>;
    return {
      id,
      resources: Object.keys(json.Resources ?? {}).length,
      outputs: Object.keys(json.Outputs ?? {}).length,
      parameters: Object.keys(json.Parameters ?? {}).length,
    };
  });
};

describe('Deploy readiness: the stateful resources survive the stack split', () => {
  it.each([
    ['prod', 'Retain'],
    ['dev', 'Delete'],
  ] as const)('keeps the logical ids and policies of the table, keys and secret in %s', (name, policy) => {
    // Arrange
    const stage = name === 'prod' ? prod : dev;
    const own = resources(stage.stackTemplate);

    // Act
    const found = Object.fromEntries(
      Object.keys(statefulLogicalIds).map((id) => [
        id,
        [own[id]?.Type, own[id]?.DeletionPolicy, own[id]?.UpdateReplacePolicy],
      ]),
    );

    // Assess
    expect(found).toEqual(
      Object.fromEntries(
        Object.entries(statefulLogicalIds).map(([id, type]) => [id, [type, policy, policy]]),
      ),
    );
    // The stage stack itself holds them (not a nested stack), as it did.
    expect(stage.stack.getLogicalId(stage.stack.table.table.node.defaultChild as CfnElement)).toBe(
      'DataTableFDBAD0F2',
    );
    for (const [, nested] of stage.nestedTemplates) {
      for (const id of Object.keys(statefulLogicalIds)) expect(resources(nested)[id]).toBeUndefined();
    }
  });

  it('deletion-protects the prod table, and retains nothing else with a fixed name (a failed create leaves nothing in the way)', () => {
    // Act
    const retained = Object.entries(resources(prod.template))
      .filter(([, r]) => r.DeletionPolicy === 'Retain')
      .filter(([, r]) => r.Type !== 'AWS::S3::Bucket')
      .map(([id]) => id)
      .sort();
    const buckets = ofType(prod.template, 'AWS::S3::Bucket');
    const table = resources(prod.template).DataTableFDBAD0F2;
    const logGroups = ofType(prod.template, 'AWS::Logs::LogGroup');

    // Assess
    expect(retained).toEqual(Object.keys(statefulLogicalIds).sort());
    // The portal's buckets are kept (CloudFormation cannot delete a bucket holding objects), but
    // CloudFormation names them: a kept bucket of a failed create never blocks the retry.
    for (const bucket of buckets) expect(bucket.Properties?.BucketName).toBeUndefined();
    expect(table?.Properties?.Replicas).toEqual([
      expect.objectContaining({ DeletionProtectionEnabled: true }),
    ]);
    // Logs are kept on update and delete, but removed when the first create fails.
    expect(logGroups.length).toBeGreaterThan(routes.length);
    for (const group of logGroups) expect(group.DeletionPolicy).toBe('RetainExceptOnCreate');
  });
});

describe('Deploy readiness: resource headroom', () => {
  it('moves the route functions into one nested stack per route area', () => {
    // Act
    const areas = nestedStacksOf(prod.stack).map((n) => n.node.id);
    const functionsInStage = ofType(prod.stackTemplate, 'AWS::Lambda::Function');

    // Assess
    expect(areas.sort()).toEqual(
      [...new Set(routes.map((r) => r.handler.split('/')[1] as string))]
        .map((area) => `${area.charAt(0).toUpperCase()}${area.slice(1)}Routes`)
        .sort(),
    );
    // Only the IP sets' custom-resource handler, the operation-event publisher (beside the table
    // whose stream it reads) and the dormancy job stay in the stage stack.
    expect(functionsInStage).toHaveLength(3);
  });

  it('fits 60 more routes in one area within every template limit', () => {
    // Act
    const sizes = templateSizes(grown);
    const today = templateSizes(prod);

    // Assess
    expect(ofType(grown.template, 'AWS::Lambda::Function')).toHaveLength(routes.length + 60 + 3);
    for (const size of sizes) {
      expect(size.resources, size.id).toBeLessThan(maxResources);
      expect(size.outputs, size.id).toBeLessThan(maxOutputs);
      expect(size.parameters, size.id).toBeLessThan(maxParameters);
    }
    // The stage stack today (the API's paths and methods live in it) stays well under the limit:
    // under 60 % with issue 22's administrator and pending-change routes.
    expect(today.find((s) => s.id === 'stage')?.resources).toBeLessThan(maxResources * 0.6);
  });
});

describe('Deploy readiness: a fresh account', () => {
  it('turns termination protection on only when told the first deploy succeeded', () => {
    // Act
    const first = new App({ context: noBundling });
    const firstStack = defineStack(first, stageConfig('prod', {}), { portalAssets: null });
    const later = new App({ context: noBundling });
    const laterStack = defineStack(later, stageConfig('prod', { PROD_TERMINATION_PROTECTION: 'true' }), {
      portalAssets: null,
    });

    // Assess
    expect(firstStack.terminationProtection).toBe(false);
    expect(laterStack.terminationProtection).toBe(true);
    const laterCi = later.node.findChild(pipelineStackName(stageConfig('prod', {}))) as Stack;
    expect(laterCi.terminationProtection).toBe(true);
  });

  it('refuses at synth a reserved concurrency that the declared account quota cannot hold', () => {
    // Arrange
    const input = stageInputs({}).prod;

    // Act
    const tooSmall = () => parseStageConfig({ ...input, lambdaConcurrencyQuota: 149 });
    const fits = parseStageConfig({ ...input, lambdaConcurrencyQuota: 150 });
    const freshAccount = parseStageConfig({
      ...input,
      lambdaConcurrencyQuota: 10,
      loginReservedConcurrency: undefined,
      loginProvisionedConcurrency: undefined,
    });

    // Assess
    expect(tooSmall).toThrow(/loginReservedConcurrency: 50 does not fit the account's concurrency quota/);
    expect(fits.loginReservedConcurrency).toBe(50);
    expect(freshAccount.loginReservedConcurrency).toBeUndefined();
    expect(stageConfig('dev', {}).lambdaConcurrencyQuota).toBe(10);
  });

  it('gives fixed names a suffix unique to the stack, so a kept resource of a failed create never collides', () => {
    // Arrange
    const suffix = {
      'Fn::Select': [
        0,
        { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] },
      ],
    };
    const named = [
      ...ofType(prod.template, 'AWS::WAFv2::WebACL').map((r) => r.Properties?.Name),
      ...ofType(prod.template, 'AWS::CloudWatch::Dashboard').map((r) => r.Properties?.DashboardName),
      ...ofType(prod.template, 'AWS::Logs::LogGroup').flatMap((r) =>
        r.Properties?.LogGroupName ? [r.Properties.LogGroupName] : [],
      ),
      ...ofType(prod.template, 'Custom::BankIpSet').map((r) => r.Properties?.Name),
    ];

    // Assess
    expect(named).toHaveLength(1 + 1 + 1 + 4);
    for (const name of named) expect(JSON.stringify(name)).toContain(JSON.stringify(suffix));
  });

  it('names the API after its bank and stage', () => {
    // Act
    const names = [dev, prod].map((s) => ofType(s.template, 'AWS::ApiGateway::RestApi')[0]?.Properties?.Name);

    // Assess
    expect(names).toEqual(['corporate-banking-admin-bop-dev', 'corporate-banking-admin-bop-prod']);
  });

  it("turns on execution logging (errors, no bodies), relying on the baseline stack's account role", () => {
    // Act
    const [stage] = ofType(prod.template, 'AWS::ApiGateway::Stage');
    const [settings] = (stage?.Properties?.MethodSettings ?? []) as Record<string, unknown>[];

    // Assess
    expect(settings).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false });
    expect(ofType(prod.template, 'AWS::ApiGateway::Account')).toEqual([]);
    expect(ofType(prod.pipelineTemplate, 'AWS::ApiGateway::Account')).toHaveLength(1);
  });

  it('refuses to synthesize a stage with a portal whose files are not built', () => {
    // Arrange
    const empty = mkdtempSync(path.join(tmpdir(), 'portal-empty-'));
    const built = mkdtempSync(path.join(tmpdir(), 'portal-built-'));
    writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Portal</title>');
    const build = (portalAssets: string | null) =>
      defineStack(new App({ context: noBundling }), stageConfig('dev', {}), {
        portalAssets,
      });

    // Act, Assess
    expect(() => build(empty)).toThrow(/holds no built portal .*npm run web:build/);
    expect(build(built).portal).toBeDefined();
    // Tests that build stacks without the portal's files say so.
    expect(build(null).portal).toBeDefined();
  });

  it('publishes the DKIM records as outputs, or writes them in the domain zone when given', () => {
    // Arrange
    const zone = { id: 'Z0123456789ABCDEFGHIJ', name: 'banking.example.com' };
    const withZone = new App({ context: noBundling });
    const config = stageConfig('dev', {});
    const stack = defineStack(
      withZone,
      parseStageConfig({ ...stageInputs({}).dev, mail: { ...config.mail, hostedZone: zone } }),
      { portalAssets: null },
    );
    const zoned = Template.fromStack(stack);

    // Act
    const outputs = Object.entries(prod.stackTemplate.toJSON().Outputs as Record<string, { Value: unknown }>)
      .filter(([id]) => id.startsWith('MailDkim'))
      .map(([, o]) => JSON.stringify(o.Value));
    const records = ofType(zoned, 'AWS::Route53::RecordSet');

    // Assess
    expect(outputs).toHaveLength(3);
    for (const value of outputs) expect(value).toContain('DkimDNSTokenName');
    expect(ofType(prod.template, 'AWS::Route53::RecordSet')).toEqual([]);
    expect(records.map((r) => [r.Properties?.Type, r.Properties?.HostedZoneId])).toEqual(
      Array.from({ length: 3 }, () => ['CNAME', zone.id]),
    );
    expect(() =>
      parseStageConfig({
        ...stageInputs({}).dev,
        mail: { ...config.mail, hostedZone: { ...zone, name: 'other.example' } },
      }),
    ).toThrow(/mail.hostedZone.name: dev.banking.example.com is not in zone other.example/);
  });
});

describe('Deploy readiness: risks removed', () => {
  it('keeps the WAF IP sets out of CloudFormation: a custom resource creates them and never writes addresses', () => {
    // Act
    const sets = ofType(prod.template, 'Custom::BankIpSet');

    // Assess
    expect(ofType(prod.template, 'AWS::WAFv2::IPSet')).toEqual([]);
    expect(sets).toHaveLength(4);
    for (const set of sets) {
      expect(set.Properties).not.toHaveProperty('Addresses');
      expect(set.Properties).toHaveProperty('InitialAddresses');
    }
  });

  it('lets only the bank invokers call the bank routes, and only the service invokers the service routes', () => {
    // Prepare
    const roleArn = (name: string) => ({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/${name}`],
      ],
    });
    const policyOf = (stage: { template: typeof prod.template }) => {
      const [api] = ofType(stage.template, 'AWS::ApiGateway::RestApi');
      return (api?.Properties?.Policy as { Statement: Record<string, unknown>[] } | undefined)?.Statement;
    };
    const separate = synthesizeStage('prod', {
      bundle: false,
      config: {
        bankInvokers: ['arn:aws:iam::111122223333:role/back-office'],
        serviceInvokers: ['transfers-module', 'arn:aws:iam::111122223333:role/payments-module'],
      },
    });

    // Act
    const defaults = policyOf(prod);
    const configured = policyOf(separate);

    // Assess: whatever the caller's own IAM policy allows, an explicit deny wins
    expect(defaults).toEqual([
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: '*' }, Resource: 'execute-api:/*' }),
      expect.objectContaining({
        Sid: 'BankRoutesOnlyBankInvokers',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*/*/bank/*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [roleArn('corporate-banking-bank-operator')] } },
      }),
      expect.objectContaining({
        Sid: 'ServiceRoutesOnlyServiceInvokers',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*/*/service/*',
        Condition: {
          ArnNotLike: { 'aws:PrincipalArn': [roleArn('corporate-banking-transactional-modules')] },
        },
      }),
    ]);
    // The back office's role is not among the service route's invokers, nor the modules' among the bank's.
    expect(configured?.[1]).toMatchObject({
      Resource: 'execute-api:/*/*/bank/*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/back-office'] } },
    });
    expect(configured?.[2]).toMatchObject({
      Resource: 'execute-api:/*/*/service/*',
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': [roleArn('transfers-module'), 'arn:aws:iam::111122223333:role/payments-module'],
        },
      },
    });
  });

  it('denies every application role changing or deleting audit entries (AUDIT# leading keys)', () => {
    // Act
    const roles = routes.map((route) => {
      const fn = prod.stack.api.functions.get(route.id);
      const id = prod.stack.getLogicalId(fn?.function.node.defaultChild as CfnElement);
      return [route.id, functionStatements(prod.template, id), functionDenies(prod.template, id)] as const;
    });
    const changers = roles.filter(([, allowed]) =>
      allowed.some(
        (s) => s.actions.includes('dynamodb:UpdateItem') || s.actions.includes('dynamodb:DeleteItem'),
      ),
    );

    // Assess: every role that may update or delete items (writers, and the session touch of
    // read-only session routes) is denied it on AUDIT# partitions.
    expect(changers.length).toBeGreaterThan(routes.length / 2);
    for (const [routeId, , denied] of changers) {
      expect(denied, routeId).toEqual([
        {
          actions: ['dynamodb:DeleteItem'],
          resources: [{ 'Fn::GetAtt': ['DataTableFDBAD0F2', 'Arn'] }],
          condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        },
        {
          // Any update that names more than a refused request's counter (shared/data/audit.ts).
          actions: ['dynamodb:UpdateItem'],
          resources: [{ 'Fn::GetAtt': ['DataTableFDBAD0F2', 'Arn'] }],
          condition: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] },
            'ForAnyValue:StringNotEquals': {
              'dynamodb:Attributes': ['pk', 'sk', 'count', 'lastAt', 'lastSourceIp', 'lastCorrelationId'],
            },
          },
        },
      ]);
    }
  });

  it('mails the prod alarms to a subscriber and alarms on lockouts, OTP failures and WAF blocks', () => {
    // Act
    const subscriptions = ofType(prod.template, 'AWS::SNS::Subscription');
    const alarms = ofType(prod.template, 'AWS::CloudWatch::Alarm').map((a) => a.Properties ?? {});
    const named = (metricName: string) => alarms.find((a) => a.MetricName === metricName);
    const patterns = ofType(prod.template, 'AWS::Logs::MetricFilter').map((f) => f.Properties?.FilterPattern);

    // Assess
    expect(subscriptions.map((s) => s.Properties?.Protocol)).toEqual(['email']);
    expect(named('Lockouts')).toMatchObject({ Threshold: 3 });
    expect(named('OtpFailures')).toMatchObject({ Threshold: 10 });
    expect(named('BlockedRequests')).toMatchObject({ Namespace: 'AWS/WAFV2', Threshold: 100 });
    for (const metric of ['Lockouts', 'OtpFailures', 'BlockedRequests']) {
      expect(named(metric)?.AlarmActions, metric).toHaveLength(1);
    }
    expect(patterns).toContain('{ $.event = "CREDENTIAL_LOCKED" }');
    expect(patterns).toContain(
      '{ ($.event = "OTP_REFUSED") || ($.message = "request refused" && $.code = "OTP_INVALID") }',
    );
    expect(() =>
      parseStageConfig({ ...stageInputs({}).prod, alarms: { emails: [], serverErrorRatePercent: 1 } }),
    ).toThrow(/alarms.emails: a stage that keeps data needs at least one alarm subscriber/);
  });
});
