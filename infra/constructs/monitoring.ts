import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { otpBody } from '../../shared/contracts/tokens.ts';
import { confirmsWithOtp, type RouteDefinition } from '../../shared/routes.ts';
import type { RouteFunction } from './route-function.ts';

/**
 * A security metric counted from the functions' JSON log lines (shared/core/logger.ts) by
 * CloudWatch Logs metric filters: no code publishes metrics, and no log line is stored twice.
 */
export interface LogMetric {
  readonly name: string;
  readonly description: string;
  /** A CloudWatch Logs JSON filter pattern over one log line. */
  readonly pattern: string;
  /** The routes whose functions can write such a line (a filter belongs to one log group). */
  readonly routes: (route: RouteDefinition) => boolean;
}

/** Routes that check a password or an OTP, so count failed attempts toward the lockout. */
export const checksCredentials = (route: RouteDefinition) =>
  ['login', 'loginOtp', 'changeInitialPassword', 'changeMyPassword'].includes(route.id) || checksOtp(route);

/** Routes that verify a BOP Token code: the OTP-confirmed routes and those whose body is a code. */
const checksOtp = (route: RouteDefinition) => confirmsWithOtp(route) || route.request.body === otpBody;

/**
 * Routes whose functions send e-mail: those that report a change (`sendsMail`), and those whose
 * failed attempt can lock a password or a token, which tells the user and their administrator.
 */
export const sendsMail = (route: RouteDefinition) =>
  route.sendsMail === true || route.dualControl === true || checksCredentials(route);

/** Routes where the bank or a company administrator changes something. */
const isAdministrativeWrite = (route: RouteDefinition) =>
  (route.access === 'companyAdmin' || route.access === 'bank') && route.table === 'write';

/**
 * The security metrics. Lines the middleware writes today (`request refused` with the error
 * `code`, `request done` with the `status`) count failures and admin actions; logins and
 * lockouts count `audit` lines, one per audit entry with its `action` and `outcome` (the
 * field contract is in the report of this change: shared code writes them).
 */
export const logMetrics: readonly LogMetric[] = [
  {
    name: 'LoginsSucceeded',
    description: 'Sessions started (password, OTP or first image choice completed the login)',
    pattern: '{ $.message = "audit" && $.action = "LOGIN_SUCCEEDED" }',
    routes: (route) => ['login', 'loginOtp', 'chooseImage'].includes(route.id),
  },
  {
    name: 'LoginFailures',
    description: 'Refused logins (same answer for every reason; the reason is in the audit log)',
    pattern: '{ $.message = "request refused" && $.code = "LOGIN_FAILED" }',
    routes: (route) => ['login', 'loginOtp'].includes(route.id),
  },
  {
    name: 'Lockouts',
    description: 'Credentials locked by a failed password or OTP attempt',
    // One structured event per lock, password or token (shared/services/lockout.ts).
    pattern: '{ $.event = "CREDENTIAL_LOCKED" }',
    routes: checksCredentials,
  },
  {
    name: 'OtpFailures',
    description: 'Wrong or replayed soft-token codes',
    pattern: '{ ($.event = "OTP_REFUSED") || ($.message = "request refused" && $.code = "OTP_INVALID") }',
    routes: checksOtp,
  },
  {
    name: 'NotificationFailures',
    description: 'Security notifications not sent (the change they report stands; shared/services/notify.ts)',
    pattern: '{ $.event = "NOTIFICATION_FAILED" }',
    routes: sendsMail,
  },
  {
    name: 'AdminActions',
    description: 'Changes made by company administrators and the bank back office',
    pattern: '{ $.message = "request done" && $.status < 400 }',
    routes: isAdministrativeWrite,
  },
];

/**
 * Refused privileged requests: end users on administrator routes or beyond
 * their options, users of another company named, actions on the administrator. The middleware
 * writes one `privileged request refused` line per refusal (and audits it, counted per actor,
 * route and minute); any route a session reaches can write one.
 */
export const privilegedRefusalMetric: LogMetric = {
  name: 'PrivilegedRefusals',
  description: 'Refused privileged requests (403/404 to a session: administrator routes, options, tenants)',
  pattern: '{ $.message = "privileged request refused" }',
  routes: (route) => route.access === 'session' || route.access === 'companyAdmin',
};

/** Refusals in 5 minutes that page on-call: more than a user exploring a screen they lack, less than a probe. */
export const privilegedRefusalThreshold = 10;

/** Props of the monitoring construct. */
export interface MonitoringProps {
  readonly stage: string;
  readonly api: apigateway.RestApi;
  readonly accessLogs: logs.ILogGroup;
  readonly functions: ReadonlyMap<string, RouteFunction>;
  readonly routes: readonly RouteDefinition[];
  readonly tableMetric: (metricName: string) => cloudwatch.Metric;
  readonly mailConfigurationSetName: string;
  readonly alarmEmails: readonly string[];
  readonly serverErrorRatePercent: number;
  readonly removalPolicy: RemovalPolicy;
  /** Ends the dashboard's name, unique to one creation of the stack. */
  readonly nameSuffix: string;
}

/**
 * Security alarms on the log metrics and the WAF, each a count over 5 minutes at or above which
 * the on-call is told: a burst, not the odd locked user or mistyped code.
 */
export const securityAlarmThresholds = {
  Lockouts: 3,
  OtpFailures: 10,
  WafBlockedRequests: 100,
} as const;

const fiveMinutes = Duration.minutes(5);

/** Functions watched by one alarm: two metrics each, and CloudWatch allows ten in an alarm. */
export const functionsPerAlarm = 5;

/**
 * Observability of one stage: the security metrics from log lines, alarms on the API, the
 * functions, the table and SES, all routed to one KMS-encrypted SNS topic, and a dashboard.
 */
export class Monitoring extends Construct {
  /** Encrypts the alarm topic and the WAF logs. */
  readonly key: kms.Key;
  /** Every alarm notifies this topic; subscribe the on-call channel to it. */
  readonly topic: sns.Topic;
  /** The metric namespace of the security metrics. */
  readonly namespace: string;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.namespace = `CorporateBankingAdmin/${props.stage}`;

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the corporate banking administration alarm topic and WAF logs',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch alarms publish to the encrypted topic through SNS.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `Corporate banking administration alarms (${props.stage})`,
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.alarmEmails) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(email));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription of the alarm topic: a notification SNS cannot deliver is not worth a queue, ' +
          'since the alarm keeps its state in CloudWatch (dashboard and console) until it recovers.',
      });
    }

    this.addLogMetrics();
    this.addAlarms();
    this.addPrivilegedRefusalAlarm();
    this.dashboard = this.addDashboard();
  }

  /** The security metric of this stage by name. */
  metric(name: string, statistic = 'Sum'): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName: name,
      statistic,
      period: fiveMinutes,
    });
  }

  /** One metric filter per log group of the functions whose routes can write the metric's line. */
  private addLogMetric(metric: LogMetric): void {
    const { routes, functions } = this.props;
    for (const route of routes.filter(metric.routes)) {
      const routeFunction = functions.get(route.id);
      if (!routeFunction) continue;
      // Beside the log group, in the route area's nested stack (infra/constructs/api.ts).
      new logs.MetricFilter(routeFunction.logGroup, `${metric.name}Filter`, {
        logGroup: routeFunction.logGroup,
        filterPattern: logs.FilterPattern.literal(metric.pattern),
        metricNamespace: this.namespace,
        metricName: metric.name,
        metricValue: '1',
        // No line, no datapoint: the alarms below treat missing data as fine.
      });
    }
  }

  private addLogMetrics(): void {
    for (const metric of logMetrics) this.addLogMetric(metric);
    // API Gateway's own throttling (the stage's rate and burst) shows only in its access log.
    new logs.MetricFilter(this, 'ApiThrottled', {
      logGroup: this.props.accessLogs,
      filterPattern: logs.FilterPattern.literal('{ $.status = "429" }'),
      metricNamespace: this.namespace,
      metricName: 'ApiThrottled',
      metricValue: '1',
    });
  }

  /** The PrivilegedRefusals metric, from each session function's log lines, and its alarm. */
  private addPrivilegedRefusalAlarm(): void {
    const metric = privilegedRefusalMetric;
    this.addLogMetric(metric);
    this.alarm('PrivilegedRefusalsAlarm', {
      metric: this.metric(metric.name),
      threshold: privilegedRefusalThreshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `${privilegedRefusalThreshold} or more privileged requests refused in 5 minutes (end users on ` +
        'administrator routes or beyond their options, other companies’ users, the administrator): ' +
        'see the REQUEST_REFUSED entries of the audit log for actor, company, IP and route.',
    });
  }

  private alarm(id: string, props: cloudwatch.AlarmProps): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private addAlarms(): void {
    const { api, functions, serverErrorRatePercent } = this.props;
    const apiMetric = (metricName: string) =>
      api.deploymentStage.metric(metricName, { statistic: 'Sum', period: fiveMinutes });

    // A rate needs some traffic behind it: one failed request out of three is not an outage.
    this.alarm('ApiServerErrorRate', {
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { errors: apiMetric('5XXError'), requests: apiMetric('Count') },
        period: fiveMinutes,
        label: 'API 5xx responses (% of requests)',
      }),
      threshold: serverErrorRatePercent,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `More than ${serverErrorRatePercent}% of API requests answered 5xx over 5 minutes.`,
    });
    this.alarm('ApiThrottledAlarm', {
      metric: this.metric('ApiThrottled'),
      threshold: 10,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'API Gateway stage throttling answered 429 to 10 or more requests in 5 minutes.',
    });
    // Errors and throttles of every function, five functions to an alarm (CloudWatch allows ten
    // metrics in one alarm's math): one alarm resource per function would spend a tenth of the
    // stack's 500-resource limit. The dashboard shows each function's errors.
    const entries = [...functions.entries()];
    for (let start = 0; start < entries.length; start += functionsPerAlarm) {
      const group = entries.slice(start, start + functionsPerAlarm);
      const usingMetrics: Record<string, cloudwatch.IMetric> = {};
      for (const [index, [, routeFunction]] of group.entries()) {
        usingMetrics[`errors${index}`] = routeFunction.function.metricErrors({
          period: fiveMinutes,
          statistic: 'Sum',
        });
        usingMetrics[`throttles${index}`] = routeFunction.function.metricThrottles({
          period: fiveMinutes,
          statistic: 'Sum',
        });
      }
      const routeIds = group.map(([routeId]) => routeId);
      this.alarm(`FunctionFailures${start / functionsPerAlarm + 1}`, {
        metric: new cloudwatch.MathExpression({
          expression: Object.keys(usingMetrics).join(' + '),
          usingMetrics,
          period: fiveMinutes,
          label: 'Invocation errors and throttles',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription:
          `A function of ${routeIds.join(', ')} failed (crash, timeout) or was throttled. Handlers answer ` +
          'every expected error themselves, so any invocation error is a defect or an outage.',
      });
    }
    this.alarm('TableThrottles', {
      metric: new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: this.props.tableMetric('ReadThrottleEvents'),
          writes: this.props.tableMetric('WriteThrottleEvents'),
        },
        period: fiveMinutes,
        label: 'DynamoDB throttle events',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'The on-demand table throttled reads or writes (a hot partition or an account limit).',
    });
    this.alarm('LockoutsAlarm', {
      metric: this.metric('Lockouts'),
      threshold: securityAlarmThresholds.Lockouts,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `${securityAlarmThresholds.Lockouts} or more credentials locked in 5 minutes ` +
        '(password or soft token): a guessing attack, or users locked out by a fault.',
    });
    this.alarm('OtpFailuresAlarm', {
      metric: this.metric('OtpFailures'),
      threshold: securityAlarmThresholds.OtpFailures,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `${securityAlarmThresholds.OtpFailures} or more wrong or replayed soft-token codes in 5 minutes.`,
    });
    for (const [event, description] of [
      ['Bounce', 'A generic-password e-mail bounced: the administrator did not get it.'],
      ['Complaint', 'A recipient marked a generic-password e-mail as spam.'],
    ] as const) {
      this.alarm(`Ses${event}s`, {
        metric: this.sesMetric(event),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: description,
      });
    }
  }

  /** An SES event count of this stage's configuration set (its CloudWatch event destination). */
  private sesMetric(event: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/SES',
      metricName: event,
      dimensionsMap: { 'ses:configuration-set': this.props.mailConfigurationSetName },
      statistic: 'Sum',
      period: fiveMinutes,
    });
  }

  private addDashboard(): cloudwatch.Dashboard {
    const { api, functions, stage } = this.props;
    const apiMetric = (metricName: string, statistic = 'Sum') =>
      api.deploymentStage.metric(metricName, { statistic, period: fiveMinutes });
    const graph = (title: string, left: cloudwatch.IMetric[], width = 12) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `corporate-banking-admin-${stage}-${this.props.nameSuffix}`,
      defaultInterval: Duration.hours(24),
    });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      graph('API requests and errors', [apiMetric('Count'), apiMetric('4XXError'), apiMetric('5XXError')]),
      graph('API latency (p99)', [apiMetric('Latency', 'p99'), apiMetric('IntegrationLatency', 'p99')]),
    );
    dashboard.addWidgets(
      graph(
        'Logins',
        ['LoginsSucceeded', 'LoginFailures', 'Lockouts'].map((name) => this.metric(name)),
      ),
      graph(
        'OTP failures, admin actions, API throttling',
        ['OtpFailures', 'AdminActions', 'ApiThrottled'].map((name) => this.metric(name)),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Function errors',
        [...functions.values()].map((f) =>
          f.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        ),
      ),
      graph(
        'Function duration (p99)',
        [...functions.values()].map((f) =>
          f.function.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
        ),
      ),
    );
    dashboard.addWidgets(
      graph(
        'DynamoDB throttles and consumed capacity',
        [
          'ReadThrottleEvents',
          'WriteThrottleEvents',
          'ConsumedReadCapacityUnits',
          'ConsumedWriteCapacityUnits',
        ].map((name) => this.props.tableMetric(name)),
      ),
      graph(
        'SES (generic-password e-mails)',
        ['Send', 'Delivery', 'Bounce', 'Complaint', 'Reject'].map((event) => this.sesMetric(event)),
      ),
    );
    return dashboard;
  }

  /**
   * The alarm on operation events not published on the bus (infra/constructs/operation-events.ts):
   * the transactional modules miss an approval or a rejection until someone republishes it.
   */
  addOperationEventsAlarm(metric: cloudwatch.IMetric): void {
    this.alarm('OperationEventsUndelivered', {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'Operation events (approved, rejected, withdrawn, expired) were not published on the bus after the ' +
        'retries (a batch in the on-failure queue), or publication is more than 15 minutes behind the table.',
    });
  }

  /**
   * Adds the web ACL's allowed, blocked and counted requests to the dashboard, and an alarm on
   * its blocks (blocked addresses, rate limits, managed rules).
   */
  addWafWidget(webAcl: wafv2.CfnWebACL): void {
    const waf = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: webAcl.name ?? '', Region: Stack.of(this).region, Rule: 'ALL' },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    this.alarm('WafBlockedRequests', {
      metric: waf('BlockedRequests'),
      threshold: securityAlarmThresholds.WafBlockedRequests,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `The web ACL blocked ${securityAlarmThresholds.WafBlockedRequests} or more requests in 5 minutes ` +
        '(blocked addresses, rate limits, managed rules): an attack, or a legitimate client locked out.',
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WAF requests',
        left: ['AllowedRequests', 'BlockedRequests', 'CountedRequests'].map(waf),
        width: 24,
        height: 6,
      }),
    );
  }
}
