import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type StageConfig, stageConfig } from './config/stages.ts';
import { CorporateBankingAdminStack, stackName } from './stack.ts';

/**
 * Adds the named stage's stack to the app, with the cdk-nag checks. An invalid or unknown
 * stage throws before anything is built.
 */
export function defineApp(
  app: App,
  stage: string,
  env: NodeJS.ProcessEnv = process.env,
): CorporateBankingAdminStack {
  return defineStack(app, stageConfig(stage, env));
}

/**
 * Adds the stack of a validated stage configuration and registers the AwsSolutions and
 * Serverless rule packs, which check it on every synth: an unacknowledged finding fails it.
 */
export function defineStack(app: App, config: StageConfig): CorporateBankingAdminStack {
  const stack = new CorporateBankingAdminStack(app, stackName(config), { config });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return stack;
}
