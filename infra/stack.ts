import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Aws, CfnOutput, Fn, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type RouteDefinition, routes as routeTable } from '../shared/routes.ts';
import { keptResourcePolicy, resourceQualifier, type StageConfig } from './config/stages.ts';
import { Api } from './constructs/api.ts';
import { BankIpSets, Firewall } from './constructs/firewall.ts';
import { Mail } from './constructs/mail.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { OperationEvents } from './constructs/operation-events.ts';
import { Portal } from './constructs/portal.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import { MasterKey } from './constructs/secrets.ts';
import { DataTable } from './constructs/table.ts';

/** The repository root, where route handlers and package-lock.json live. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

/** The built portal, written by `vite build` in web/. */
export const portalDist = path.join(projectRoot, 'web', 'dist');

/** The built portal's folder when it has been built, else undefined (the stack then deploys no files). */
export const builtPortal = (dist = portalDist): string | undefined =>
  existsSync(path.join(dist, 'index.html')) ? dist : undefined;

/**
 * A suffix unique to one creation of the stack (the first block of its stack id's UUID), for the
 * few resources that need a fixed, readable name: a retained resource of an earlier stack, or
 * one of a failed create, never collides with the next create's.
 */
export const stackSuffix = (): string =>
  Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));

/** Props of the stack: a validated stage configuration. */
export interface CorporateBankingAdminStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
  /** The route table (tests may add routes); the shared one by default. */
  readonly routes?: readonly RouteDefinition[];
  /**
   * The built portal's folder; by default web/dist, which must then hold a built portal (synth
   * fails otherwise: a pipeline must never deploy an empty portal). `null` deploys no files
   * (tests that build stacks without a portal).
   */
  readonly portalAssets?: string | null;
}

/** The stack's name for a tenant's stage: `CorporateBankingAdmin-bop-prod`. */
export const stackName = (config: Pick<StageConfig, 'stage' | 'tenant'>) =>
  `CorporateBankingAdmin-${resourceQualifier(config)}`;

/**
 * The administration module of one stage, as a wiring diagram: the table, the mail sender
 * and the master key, and the API whose functions each get only what their route needs.
 */
export class CorporateBankingAdminStack extends Stack {
  /** The API and its per-route functions. */
  readonly api: Api;
  /** The scheduled jobs (the daily dormancy job). */
  readonly jobs: ScheduledJobs;
  /** The single table. */
  readonly table: DataTable;
  /** The SES identity and configuration set. */
  readonly mail: Mail;
  /** The master-key secret. */
  readonly masterKey: MasterKey;
  /** The bank-wide WAF IP sets. */
  readonly ipSets: BankIpSets;
  /** The regional web ACL of the API stage. */
  readonly firewall: Firewall;
  /** Metrics, alarms, their topic, the dashboard. */
  readonly monitoring: Monitoring;
  /** The portal's hosting, when the stage has one. */
  readonly portal?: Portal;
  /** The operation-event bus and its publisher (the table stream's outbox inserts). */
  readonly operationEvents: OperationEvents;

  constructor(scope: Construct, id: string, props: CorporateBankingAdminStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `Corporate online banking administration module (${config.tenant.shortName}, ${config.stage})`,
      // Off until the stage's first deploy has succeeded (a protected stack whose first create
      // failed blocks every retry), then on for a stage that keeps data (docs/deploy.md).
      terminationProtection: config.terminationProtection,
    });
    Tags.of(this).add('application', 'corporate-banking-admin');
    Tags.of(this).add('stage', config.stage);
    Tags.of(this).add('tenant', config.tenant.id);
    const qualifier = resourceQualifier(config);

    const routes = props.routes ?? routeTable;
    const removalPolicy = keptResourcePolicy(config);

    this.table = new DataTable(this, 'Data', {
      retainData: config.retainData,
      contributorInsights: config.contributorInsights,
    });
    this.mail = new Mail(this, 'Mail', config.mail);
    this.masterKey = new MasterKey(this, 'MasterKey', { retainData: config.retainData });
    this.ipSets = new BankIpSets(this, 'BankIpSets', {
      stage: qualifier,
      nameSuffix: stackSuffix(),
      logRetention: config.logRetentionDays,
      removalPolicy,
    });
    // The portal's origin is the API's only CORS origin, and the portal needs the API's URL: the
    // API is built first and reads the portal's origin lazily (at synthesis, once the portal
    // exists). No cycle in the template: the portal uses the REST API's id (not its stage), the
    // functions and preflights use the distribution's domain, and the stage depends on them.
    const portalOrigin = config.portal
      ? Lazy.string({
          produce: () => {
            if (!this.portal) throw new Error('The portal origin was read before the portal was built');
            return this.portal.origin;
          },
        })
      : undefined;
    this.api = new Api(this, 'Api', {
      config,
      routes,
      projectRoot,
      table: this.table,
      mail: this.mail,
      masterKey: this.masterKey,
      ipSets: this.ipSets,
      portalOrigin,
    });
    this.jobs = new ScheduledJobs(this, 'Jobs', {
      config,
      projectRoot,
      table: this.table,
      mail: this.mail,
      removalPolicy,
    });
    if (config.portal) {
      const folder = props.portalAssets === null ? undefined : (props.portalAssets ?? portalDist);
      const assets = folder === undefined ? undefined : builtPortal(folder);
      if (folder !== undefined && assets === undefined) {
        throw new Error(
          `The ${config.stage} stage has a portal but ${path.relative(projectRoot, folder)} holds no built ` +
            'portal (no index.html): run `npm run web:build` before `cdk synth`; the stack would deploy an ' +
            'empty portal.',
        );
      }
      this.portal = new Portal(this, 'Portal', {
        config,
        portal: config.portal,
        apiBaseUrl: this.api.baseUrl,
        apiOrigin: this.api.origin,
        assetsPath: assets,
      });
    }
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: qualifier,
      api: this.api.restApi,
      accessLogs: this.api.accessLogs,
      functions: this.api.functions,
      routes,
      tableMetric: (metricName) => this.table.table.metric(metricName, { statistic: 'Sum' }),
      mailConfigurationSetName: this.mail.configurationSet.configurationSetName,
      alarmEmails: config.alarms.emails,
      serverErrorRatePercent: config.alarms.serverErrorRatePercent,
      removalPolicy,
      nameSuffix: stackSuffix(),
    });
    this.firewall = new Firewall(this, 'Firewall', {
      stage: config.stage,
      qualifier,
      ipSets: this.ipSets,
      apiStage: this.api.restApi.deploymentStage,
      authRateLimit: config.waf.authRateLimit,
      apiRateLimit: config.waf.apiRateLimit,
      portalOrigin: this.portal?.origin,
      logKey: this.monitoring.key,
      logRetention: config.logRetentionDays,
      removalPolicy,
      nameSuffix: stackSuffix(),
    });
    this.monitoring.addWafWidget(this.firewall.webAcl);
    this.operationEvents = new OperationEvents(this, 'OperationEvents', {
      stage: qualifier,
      table: this.table,
      projectRoot,
      logRetention: config.logRetentionDays,
      removalPolicy,
    });
    this.monitoring.addOperationEventsAlarm(this.operationEvents.failureMetric());

    // Names and URLs only: no key, secret or secret ARN is ever an output.
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'OperationEventBusName', { value: this.operationEvents.bus.eventBusName });
    if (this.portal) {
      new CfnOutput(this, 'PortalUrl', {
        value: `https://${this.portal.distribution.distributionDomainName}`,
      });
      new CfnOutput(this, 'PortalBucketName', { value: this.portal.bucket.bucketName });
    }
  }
}
