import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { tableWriteActions } from '../../shared/data/table-access.ts';
import { functionEnvironment } from '../config/environment.ts';
import type { StageConfig } from '../config/stages.ts';
import type { Mail } from './mail.ts';
import { bundledCode, functionRuntime } from './route-function.ts';
import type { DataTable } from './table.ts';

/** The dormancy job's handler; `npm run bank -- disable-dormant` runs it locally. */
export const DORMANCY_JOB_HANDLER = 'functions/scheduled/disable-dormant.ts';

/** Props of the scheduled jobs. */
export interface ScheduledJobsProps {
  readonly config: StageConfig;
  readonly projectRoot: string;
  readonly table: DataTable;
  readonly mail: Mail;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The jobs EventBridge runs on a schedule: today the daily dormancy job, which disables end
 * users without activity for the stage's `dormantDays` (PCI DSS 8.2.6). Its own role, log group
 * and grants: the table (reads, and the audited writes of each disabled user) and SES (the notice).
 */
export class ScheduledJobs extends Construct {
  readonly dormancy: lambda.Function;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'DormancyLogs', {
      retention: props.config.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(this, 'DormancyRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the daily dormancy job',
    });
    logGroup.grantWrite(role);
    this.dormancy = new lambda.Function(this, 'Dormancy', {
      code: bundledCode(props.projectRoot, DORMANCY_JOB_HANDLER),
      handler: 'index.handler',
      description: 'Disables end users without activity for the stage’s dormantDays (issue 18)',
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(5),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: functionEnvironment(props.config, {
        tableName: props.table.table.tableName,
        mail: {
          fromAddress: props.mail.fromAddress,
          configurationSetName: props.mail.configurationSet.configurationSetName,
        },
      }),
    });
    props.table.grantRoute(this.dormancy, [
      { purpose: 'read and write', actions: tableWriteActions, indexes: true },
    ]);
    props.mail.grantSend(this.dormancy);
    const rule = new events.Rule(this, 'DormancyDaily', {
      description: 'Runs the dormancy job every day at 06:00 UTC (01:00 in Panama)',
      schedule: events.Schedule.cron({ minute: '0', hour: '6' }),
      targets: [new targets.LambdaFunction(this.dormancy, { retryAttempts: 2 })],
    });
    Validations.of(rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'The daily run is idempotent and covers every company: a lost invocation is made good by the next ' +
        "day's run (EventBridge retries twice first), so a dead-letter queue would keep nothing of use.",
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support ' +
        'resource-level permissions, so AWS requires Resource "*". Every other statement names its resource.',
    });
    Validations.of(this.dormancy).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 24 is the runtime chosen for this release, as for the route functions.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason:
          'Same as AwsSolutions-L1: Node.js 24 is the chosen runtime; an upgrade is a deliberate change.',
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'A failed run is retried by EventBridge (twice) and logged; the next day runs it again over every ' +
          'company, so a lost event loses nothing a dead-letter queue would keep.',
      },
    );
  }
}
