import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { outboxStreamFilter } from '../../shared/services/operation-event-bus.ts';
import { acknowledgeFunction, bundledCode, functionRuntime } from './route-function.ts';
import type { DataTable } from './table.ts';

/** The publisher's handler, relative to the repository root. */
export const publisherHandler = 'functions/events/publish-operation-events.ts';

/** The operation-event bus name of a bank's stage (`bop-prod`, see resourceQualifier): one custom bus each. */
export const operationEventBusName = (stage: string) => `corporate-banking-admin-operations-${stage}`;

/**
 * How a failing batch is retried before it goes to the on-failure queue: the stream keeps records
 * 24 hours, so the retries (with bisection, which isolates one bad record) end well before.
 */
export const publisherRetries = { retryAttempts: 10, maxRecordAge: Duration.hours(6) } as const;

/** Props of the operation-event publication. */
export interface OperationEventsProps {
  /** The bank and stage the names carry (resourceQualifier). */
  readonly stage: string;
  /** The table, with its stream (NEW_IMAGE) on. */
  readonly table: DataTable;
  readonly projectRoot: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Publishes every approved, rejected, withdrawn and expired operation on the stage's EventBridge
 * bus (docs/entitlements.md, "Events"): the final transition writes its outbox item in its own
 * transaction, the table's stream carries the insert, the event source mapping's filter passes
 * only outbox inserts, and a small function maps each to a PutEvents entry. Nothing is put for a
 * change that did not commit (no item, no stream record), and nothing committed is lost (the
 * mapping retries failures, then records the batch on the on-failure queue, which alarms).
 */
export class OperationEvents extends Construct {
  readonly bus: events.EventBus;
  readonly function: lambda.Function;
  /** Where the stream's batches go after the retries (metadata: shard, sequence numbers). */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: OperationEventsProps) {
    super(scope, id);

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: operationEventBusName(props.stage),
      description: `Approved, rejected, withdrawn and expired operations (${props.stage})`,
    });

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: time for the on-call to republish (docs/runbook.md).
      retentionPeriod: Duration.days(14),
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Publishes the operation events of the table stream on the bus',
    });
    logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Publisher', {
      code: bundledCode(props.projectRoot, publisherHandler),
      handler: 'index.handler',
      description: 'Operation events: table stream (outbox inserts) to the EventBridge bus',
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    // PutEvents on this bus only.
    this.bus.grantPutEventsTo(this.function);

    // Also grants the function the stream's reads (and the table key's decrypt) and the queue's send.
    this.function.addEventSource(
      new sources.DynamoEventSource(props.table.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        ...publisherRetries,
        onFailure: new sources.SqsDlq(this.failures),
        filters: [{ pattern: JSON.stringify(outboxStreamFilter) }],
      }),
    );

    acknowledgeFunction(
      role,
      this.function,
      'The stream invokes the function synchronously through its event source mapping, whose on-failure ' +
        'destination (the Failures queue) receives the batches that exhausted their retries; a function ' +
        'dead-letter queue only receives failed asynchronous invocations, which this function never gets.',
    );
    const deadLetter =
      'This queue is itself the dead-letter (on-failure) destination of the stream mapping; an alarm ' +
      'watches it (docs/runbook.md, OperationEventsUndelivered).';
    Validations.of(this.failures).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: deadLetter },
      { id: 'Serverless-SQSRedrivePolicy', reason: deadLetter },
    );
  }

  /**
   * The failures to alarm on: batches in the on-failure queue (events not published after the
   * retries), and a stream iterator more than 15 minutes behind (publication stalled).
   */
  failureMetric(): cloudwatch.MathExpression {
    const period = Duration.minutes(5);
    return new cloudwatch.MathExpression({
      expression: 'undelivered + IF(age >= 900000, 1, 0)',
      usingMetrics: {
        undelivered: this.failures.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        age: this.function.metric('IteratorAge', { period, statistic: 'Maximum' }),
      },
      period,
      label: 'Operation events not published (on-failure queue, stalled stream)',
    });
  }
}
