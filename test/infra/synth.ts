import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseStageConfig, type StageInput, type StageName, stageInputs } from '../../infra/config/stages.ts';
import { defineStack } from '../../infra/define-app.ts';
import { type PipelineStack, pipelineStackName } from '../../infra/pipeline-stack.ts';
import type { CorporateBankingAdminStack, CorporateBankingAdminStackProps } from '../../infra/stack.ts';
import { projectRoot } from '../../infra/stack.ts';

/** A synthesized stage: the stack (for logical ids) and its template, and the stage's CI stack. */
export interface SynthesizedStage {
  readonly stack: CorporateBankingAdminStack;
  readonly template: Template;
  readonly pipeline: PipelineStack;
  readonly pipelineTemplate: Template;
}

/**
 * Synthesizes a stage the way `cdk synth` does: with cdk.json's feature flags (the CLI passes
 * them; an in-process App would not see them), the nag packs registered, and no account from
 * the environment, so the template does not depend on the machine.
 *
 * `config` overrides settings of the stage as written (validated like them); `stack` passes
 * props to the stack (extra routes, the portal's files: none unless given, so the result does not
 * depend on whether web/dist has been built).
 * `bundle: false` skips esbuild (CDK's `aws:cdk:bundling-stacks`): every stage bundles the
 * same handlers with the same options, so one bundled stage proves they build; entries are
 * still checked to exist, and asset hashes are redacted from snapshots anyway.
 */
export function synthesizeStage(
  stage: StageName,
  options: {
    bundle: boolean;
    config?: Partial<StageInput>;
    stack?: Omit<CorporateBankingAdminStackProps, 'config'>;
  },
): SynthesizedStage {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    context: { ...cdkJson.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const config = parseStageConfig({ ...stageInputs({})[stage], ...options.config });
  const stack = defineStack(app, config, { portalAssets: null, ...options.stack });
  const pipeline = app.node.findChild(pipelineStackName(config)) as PipelineStack;
  return {
    stack,
    template: Template.fromStack(stack),
    pipeline,
    pipelineTemplate: Template.fromStack(pipeline),
  };
}

/** A CloudFormation resource as the template has it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** One IAM policy statement, actions and resources normalized to arrays. */
export interface Statement {
  readonly actions: string[];
  readonly resources: unknown[];
  readonly condition?: unknown;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The resources of the template, by logical id. */
export function resources(template: Template): Record<string, CfnResource> {
  return template.toJSON().Resources as Record<string, CfnResource>;
}

/** Every statement of the identity policies attached to a function's role. */
export function functionStatements(template: Template, functionLogicalId: string): Statement[] {
  const all = resources(template);
  const role = all[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined;
  if (!role) throw new Error(`No function ${functionLogicalId} with a role`);
  const roleRef = role['Fn::GetAtt'][0];
  return Object.values(all)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      asArray(r.Properties?.Roles as unknown[]).some((ref) => (ref as { Ref?: string }).Ref === roleRef),
    )
    .flatMap(
      (r) =>
        (r.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)?.Statement ??
        [],
    )
    .map((s) => ({
      actions: asArray(s.Action as string | string[]),
      resources: asArray(s.Resource),
      condition: s.Condition,
    }));
}

/** The resources of one CloudFormation type. */
export function ofType(template: Template, type: string): CfnResource[] {
  return Object.values(resources(template)).filter((r) => r.Type === type);
}

/** The cdk-nag AwsSolutions and Serverless findings left unacknowledged in a stack. */
export function nagFindings(
  stack: Stack,
): { rule: string; severity?: string; resources: (string | undefined)[] }[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(stack).violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      resources: v.violatingResources.map((r) => r.constructPath),
    })),
  );
}

/** `METHOD /full/path` of every API Gateway method, with the method's authorization type. */
export function apiMethods(template: Template): Map<string, string> {
  const all = resources(template);
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string } | undefined)?.Ref;
    const resource = id ? all[id] : undefined;
    // The root resource is not an AWS::ApiGateway::Resource: the path ends there.
    if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
    return `${pathOf(resource.Properties?.ParentId)}/${resource.Properties?.PathPart as string}`;
  };
  const methods = new Map<string, string>();
  for (const r of Object.values(all)) {
    if (r.Type !== 'AWS::ApiGateway::Method') continue;
    const p = r.Properties ?? {};
    methods.set(`${p.HttpMethod as string} ${pathOf(p.ResourceId) || '/'}`, p.AuthorizationType as string);
  }
  return methods;
}
