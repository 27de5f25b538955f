import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config/stages.ts';
import {
  functionsPerAlarm,
  logMetrics,
  privilegedRefusalMetric,
  privilegedRefusalThreshold,
} from '../../infra/constructs/monitoring.ts';
import { routes } from '../../shared/routes.ts';
import { ofType, type SynthesizedStage, synthesizeStage } from './synth.ts';

const oncall = 'oncall@banking.example.com';

// Prod with an on-call address subscribed, synthesized once without bundling.
let prod: SynthesizedStage;
beforeAll(() => {
  prod = synthesizeStage('prod', {
    bundle: false,
    config: { alarms: { ...stageConfig('prod', {}).alarms, emails: [oncall] } },
  });
});

const logicalId = (element: unknown) => prod.stack.getLogicalId(element as CfnElement);
const alarms = () => ofType(prod.template, 'AWS::CloudWatch::Alarm');

describe('Monitoring: alarm topic', () => {
  it('encrypts the topic with a rotating customer-managed key, refuses plain HTTP, and mails on-call', () => {
    // Prepare
    const { monitoring } = prod.stack;
    const keyId = logicalId(monitoring.key.node.defaultChild);

    // Act
    const [topic] = ofType(prod.template, 'AWS::SNS::Topic');
    const [policy] = ofType(prod.template, 'AWS::SNS::TopicPolicy');
    const [subscription] = ofType(prod.template, 'AWS::SNS::Subscription');

    // Assess
    expect(topic?.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(prod.template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    expect([subscription?.Properties?.Protocol, subscription?.Properties?.Endpoint]).toEqual([
      'email',
      oncall,
    ]);
  });

  it('sends every alarm, and its recovery, to the topic', () => {
    // Prepare
    const topic = { Ref: logicalId(prod.stack.monitoring.topic.node.defaultChild) };

    // Act
    const actions = alarms().map((a) => [a.Properties?.AlarmActions, a.Properties?.OKActions]);

    // Assess
    expect(actions.length).toBeGreaterThan(5);
    for (const action of actions) expect(action).toEqual([[topic], [topic]]);
  });
});

describe('Monitoring: alarms', () => {
  const alarmOn = (fragment: string) =>
    alarms().filter((a) =>
      JSON.stringify(a.Properties?.Metrics ?? a.Properties?.MetricName).includes(fragment),
    );

  it("raises the API 5xx rate alarm at the stage's percentage, only with enough traffic", () => {
    // Act
    const [alarm] = alarmOn('5XXError');

    // Assess
    expect(alarm?.Properties?.Threshold).toBe(stageConfig('prod', {}).alarms.serverErrorRatePercent);
    expect(JSON.stringify(alarm?.Properties?.Metrics)).toContain(
      'IF(requests >= 20, 100 * errors / requests, 0)',
    );
  });

  it('watches errors and throttles of every function', () => {
    // Prepare
    const functionIds = [...prod.stack.api.functions.values()].map((f) =>
      logicalId(f.function.node.defaultChild),
    );

    // Act
    const watched = alarmOn('"MetricName":"Errors"').map((a) => JSON.stringify(a.Properties?.Metrics));

    // Assess
    expect(watched).toHaveLength(Math.ceil(functionIds.length / functionsPerAlarm));
    for (const id of functionIds) {
      const alarm = watched.find((metrics) => metrics.includes(`"Ref":"${id}"`));
      expect(alarm, id).toBeDefined();
      expect(alarm).toContain('"MetricName":"Throttles"');
    }
  });

  it('watches DynamoDB throttling, API Gateway throttling, and SES bounces and complaints', () => {
    // Act
    const names = [
      'ReadThrottleEvents',
      'WriteThrottleEvents',
      'ApiThrottled',
      '"Bounce"',
      '"Complaint"',
    ].map((fragment) => [fragment, alarmOn(fragment).length]);

    // Assess
    for (const [fragment, count] of names) expect(count, String(fragment)).toBeGreaterThanOrEqual(1);
  });
});

describe('Monitoring: security metrics', () => {
  it('counts logins, failures, lockouts, OTP failures and admin actions from the functions log lines', () => {
    // Prepare
    const expected = logMetrics.flatMap((metric) =>
      routes.filter(metric.routes).map((route) => {
        const fn = prod.stack.api.functions.get(route.id);
        return [metric.name, { Ref: logicalId(fn?.logGroup.node.defaultChild) }, metric.pattern];
      }),
    );

    // Act
    const filters = ofType(prod.template, 'AWS::Logs::MetricFilter').map((f) => [
      (f.Properties?.MetricTransformations as { MetricName: string }[] | undefined)?.[0]?.MetricName,
      f.Properties?.LogGroupName,
      f.Properties?.FilterPattern,
    ]);

    // Assess
    expect(logMetrics.map((m) => m.name)).toEqual([
      'LoginsSucceeded',
      'LoginFailures',
      'Lockouts',
      'OtpFailures',
      'NotificationFailures',
      'AdminActions',
    ]);
    expect(filters).toEqual(expect.arrayContaining(expected));
    for (const metric of logMetrics)
      expect(routes.filter(metric.routes).length, metric.name).toBeGreaterThan(0);
  });

  it('sends SES sending events of the configuration set to CloudWatch', () => {
    // Act
    const [destination] = ofType(prod.template, 'AWS::SES::ConfigurationSetEventDestination');
    const config = destination?.Properties?.EventDestination as Record<string, unknown>;

    // Assess
    expect(config.MatchingEventTypes).toEqual(expect.arrayContaining(['bounce', 'complaint', 'send']));
    expect(JSON.stringify(config.CloudWatchDestination)).toContain('ses:configuration-set');
  });

  it('draws a dashboard of the API, logins, functions, table, SES and WAF', () => {
    // Act
    const [dashboard] = ofType(prod.template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);

    // Assess
    for (const title of ['API requests and errors', 'Logins', 'Function errors', 'DynamoDB', 'SES', 'WAF']) {
      expect(body).toContain(title);
    }
  });
});

describe('Monitoring: refused privileged requests (issue 16, point 5)', () => {
  it('counts the middleware’s refusal lines in every session function and alarms at the threshold', () => {
    // Prepare
    const sessionRoutes = routes.filter((r) => r.access === 'session' || r.access === 'companyAdmin');
    const expected = sessionRoutes.map((route) => [
      'PrivilegedRefusals',
      { Ref: logicalId(prod.stack.api.functions.get(route.id)?.logGroup.node.defaultChild) },
      '{ $.message = "privileged request refused" }',
    ]);

    // Act
    const filters = ofType(prod.template, 'AWS::Logs::MetricFilter').map((f) => [
      (f.Properties?.MetricTransformations as { MetricName: string }[] | undefined)?.[0]?.MetricName,
      f.Properties?.LogGroupName,
      f.Properties?.FilterPattern,
    ]);
    const [alarm, ...others] = alarms().filter(
      (a) => a.Properties?.MetricName === privilegedRefusalMetric.name,
    );

    // Assess
    expect(sessionRoutes.length).toBeGreaterThan(20);
    expect(filters).toEqual(expect.arrayContaining(expected));
    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({
      Namespace: prod.stack.monitoring.namespace,
      Statistic: 'Sum',
      Period: 300,
      Threshold: privilegedRefusalThreshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
