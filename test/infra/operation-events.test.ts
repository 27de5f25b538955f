import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { operationEventBusName, publisherHandler } from '../../infra/constructs/operation-events.ts';
import { outboxStreamFilter } from '../../shared/services/operation-event-bus.ts';
import {
  functionStatements,
  nagFindings,
  ofType,
  resources,
  type SynthesizedStage,
  synthesizeStage,
} from './synth.ts';

// Prod and dev, synthesized once each without bundling.
let prod: SynthesizedStage;
let dev: SynthesizedStage;
beforeAll(() => {
  prod = synthesizeStage('prod', { bundle: false });
  dev = synthesizeStage('dev', { bundle: false });
});

const logicalId = (stage: SynthesizedStage, element: unknown) =>
  stage.stack.getLogicalId(element as CfnElement);

describe('Operation events: bus, stream and publisher', () => {
  it('builds one custom bus per bank and stage, named with both', () => {
    // Act
    const names = [prod, dev].map((stage) =>
      ofType(stage.template, 'AWS::Events::EventBus').map((b) => b.Properties?.Name),
    );

    // Assess
    expect(names).toEqual([[operationEventBusName('bop-prod')], [operationEventBusName('bop-dev')]]);
    expect(operationEventBusName('bop-prod')).toBe('corporate-banking-admin-operations-bop-prod');
  });

  it('turns on the table stream with new images', () => {
    // Act
    const [table] = ofType(prod.template, 'AWS::DynamoDB::GlobalTable');

    // Assess
    expect(table?.Properties?.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('maps the stream to the publisher, filtered to outbox inserts, with retries, bisection and an on-failure queue', () => {
    // Prepare
    const { operationEvents, table } = prod.stack;
    const functionId = logicalId(prod, operationEvents.function.node.defaultChild);
    const queueId = logicalId(prod, operationEvents.failures.node.defaultChild);
    const tableId = logicalId(prod, table.table.node.defaultChild);

    // Act
    const mappings = ofType(prod.template, 'AWS::Lambda::EventSourceMapping');

    // Assess
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.Properties ?? {};
    expect(props.FunctionName).toEqual({ Ref: functionId });
    expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props.StartingPosition).toBe('TRIM_HORIZON');
    expect(props.BisectBatchOnFunctionError).toBe(true);
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(props.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    const patterns = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'EVENTS#' }] } } } },
    ]);
    expect(patterns[0]).toEqual(outboxStreamFilter);
  });

  it('runs the publisher bundle with the bus name, and nothing of the table or the master key', () => {
    // Prepare
    const functionId = logicalId(prod, prod.stack.operationEvents.function.node.defaultChild);
    const busId = logicalId(prod, prod.stack.operationEvents.bus.node.defaultChild);

    // Act
    const fn = resources(prod.template)[functionId];

    // Assess
    expect(fn?.Properties?.Environment).toEqual({ Variables: { EVENT_BUS_NAME: { Ref: busId } } });
    expect(fn?.Properties?.Runtime).toBe('nodejs24.x');
    expect(fn?.Properties?.TracingConfig).toEqual({ Mode: 'Active' });
    expect(publisherHandler).toBe('functions/events/publish-operation-events.ts');
  });

  it('grants the publisher PutEvents on its bus only, the stream reads, the queue send and its own logs', () => {
    // Prepare
    const { operationEvents, table } = prod.stack;
    const functionId = logicalId(prod, operationEvents.function.node.defaultChild);
    const busArn = { 'Fn::GetAtt': [logicalId(prod, operationEvents.bus.node.defaultChild), 'Arn'] };
    const streamArn = { 'Fn::GetAtt': [logicalId(prod, table.table.node.defaultChild), 'StreamArn'] };
    const queueArn = { 'Fn::GetAtt': [logicalId(prod, operationEvents.failures.node.defaultChild), 'Arn'] };
    const keyArn = { 'Fn::GetAtt': [logicalId(prod, table.key.node.defaultChild), 'Arn'] };

    // Act
    const statements = functionStatements(prod.template, functionId);
    const byAction = (action: string) => statements.filter((s) => s.actions.includes(action));

    // Assess
    expect(byAction('events:PutEvents').map((s) => s.resources)).toEqual([[busArn]]);
    for (const action of ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'])
      expect(byAction(action).map((s) => s.resources)).toEqual([[streamArn]]);
    expect(byAction('sqs:SendMessage').map((s) => s.resources)).toEqual([[queueArn]]);
    expect(byAction('kms:Decrypt').map((s) => s.resources)).toEqual([[keyArn]]);
    // No table item access, no wildcard action, and "*" only for X-Ray.
    const actions = statements.flatMap((s) => s.actions);
    expect(
      actions.filter((a) => /^dynamodb:(Get|Put|Update|Delete|Query|Scan|Batch|Transact)/.test(a)),
    ).toEqual(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
    for (const s of statements.filter((s) => s.resources.includes('*')))
      expect(s.actions.every((a) => a.startsWith('xray:'))).toBe(true);
  });

  it('encrypts the on-failure queue, refuses plain HTTP to it, and keeps its messages 14 days', () => {
    // Act
    const [queue] = ofType(prod.template, 'AWS::SQS::Queue');
    const [policy] = ofType(prod.template, 'AWS::SQS::QueuePolicy');

    // Assess
    expect(queue?.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(queue?.Properties?.MessageRetentionPeriod).toBe(14 * 86_400);
    expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('alarms on the on-failure queue and a stalled stream, to the alarm topic', () => {
    // Prepare
    const queueName = {
      'Fn::GetAtt': [logicalId(prod, prod.stack.operationEvents.failures.node.defaultChild), 'QueueName'],
    };
    const topic = { Ref: logicalId(prod, prod.stack.monitoring.topic.node.defaultChild) };

    // Act
    const alarm = ofType(prod.template, 'AWS::CloudWatch::Alarm').find((a) =>
      String(a.Properties?.AlarmDescription).startsWith('Operation events'),
    );
    const metrics = (alarm?.Properties?.Metrics ?? []) as {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } };
    }[];

    // Assess
    expect(prod.stack.monitoring.alarms.map((a) => a.node.id)).toContain('OperationEventsUndelivered');
    expect(alarm?.Properties?.Threshold).toBe(1);
    expect(alarm?.Properties?.AlarmActions).toEqual([topic]);
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('undelivered + IF(age >= 900000, 1, 0)');
    const undelivered = metrics.find((m) => m.Id === 'undelivered')?.MetricStat?.Metric;
    expect(undelivered?.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(undelivered?.Dimensions[0]?.Value).toEqual(queueName);
    expect(metrics.find((m) => m.Id === 'age')?.MetricStat?.Metric.MetricName).toBe('IteratorAge');
  });

  it('adds nothing cdk-nag reports', () => {
    // Act
    const findings = nagFindings(prod.stack).filter((f) =>
      f.resources.some((path) => path?.includes('/OperationEvents/')),
    );

    // Assess
    expect(findings).toEqual([]);
  });
});
