import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type StageConfig, stageConfig } from './config/stages.ts';
import { tenantByName } from './config/tenant.ts';
import { PipelineStack, pipelineStackName } from './pipeline-stack.ts';
import { CorporateBankingAdminStack, type CorporateBankingAdminStackProps, stackName } from './stack.ts';

/**
 * Adds the named stage's stack of a tenant (`bop`, or a tenant file's path) to the app, with the
 * cdk-nag checks. An invalid or unknown stage or tenant throws before anything is built.
 */
export function defineApp(
  app: App,
  stage: string,
  env: NodeJS.ProcessEnv = process.env,
  tenant = 'bop',
): CorporateBankingAdminStack {
  return defineStack(app, stageConfig(stage, env, tenantByName(tenant)));
}

const checkedApps = new WeakSet<App>();

/**
 * Adds the stack of a validated stage configuration, and the stage's CI stack (the OIDC roles
 * the pipeline assumes, deployed once by hand), and registers the AwsSolutions and Serverless
 * rule packs, which check both on every synth: an unacknowledged finding fails it.
 */
export function defineStack(
  app: App,
  config: StageConfig,
  options: Omit<CorporateBankingAdminStackProps, 'config'> = {},
): CorporateBankingAdminStack {
  const stack = new CorporateBankingAdminStack(app, stackName(config), { ...options, config });
  new PipelineStack(app, pipelineStackName(config), { config });
  // Once per app, however many tenants' stacks it holds.
  if (!checkedApps.has(app)) {
    checkedApps.add(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return stack;
}
