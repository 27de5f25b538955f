import * as path from 'node:path';
import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routes } from '../shared/routes.ts';
import type { StageConfig } from './config/stages.ts';
import { Api } from './constructs/api.ts';
import { Mail } from './constructs/mail.ts';
import { MasterKey } from './constructs/secrets.ts';
import { DataTable } from './constructs/table.ts';

/** The repository root, where route handlers and package-lock.json live. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

/** Props of the stack: a validated stage configuration. */
export interface CorporateBankingAdminStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
}

/** The stack's name for a stage. */
export const stackName = (config: StageConfig) => `CorporateBankingAdmin-${config.stage}`;

/**
 * The administration module of one stage, as a wiring diagram: the table, the mail sender
 * and the master key, and the API whose functions each get only what their route needs.
 */
export class CorporateBankingAdminStack extends Stack {
  /** The API and its per-route functions. */
  readonly api: Api;
  /** The single table. */
  readonly table: DataTable;
  /** The SES identity and configuration set. */
  readonly mail: Mail;
  /** The master-key secret. */
  readonly masterKey: MasterKey;

  constructor(scope: Construct, id: string, props: CorporateBankingAdminStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `Corporate online banking administration module (${config.stage})`,
      // A stage that keeps data cannot be deleted by a stray `cdk destroy`.
      terminationProtection: config.retainData,
    });
    Tags.of(this).add('application', 'corporate-banking-admin');
    Tags.of(this).add('stage', config.stage);

    this.table = new DataTable(this, 'Data', { retainData: config.retainData });
    this.mail = new Mail(this, 'Mail', config.mail);
    this.masterKey = new MasterKey(this, 'MasterKey', { retainData: config.retainData });
    this.api = new Api(this, 'Api', {
      config,
      routes,
      projectRoot,
      table: this.table,
      mail: this.mail,
      masterKey: this.masterKey,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
  }
}
