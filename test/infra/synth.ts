import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseStageConfig, type StageInput, type StageName, stageInputs } from '../../infra/config/stages.ts';
import { defineApp, defineStack } from '../../infra/define-app.ts';
import type { CorporateBankingAdminStack } from '../../infra/stack.ts';
import { projectRoot } from '../../infra/stack.ts';

/** A synthesized stage: the stack (for logical ids) and its template. */
export interface SynthesizedStage {
  readonly stack: CorporateBankingAdminStack;
  readonly template: Template;
}

/**
 * Synthesizes a stage the way `cdk synth` does: with cdk.json's feature flags (the CLI passes
 * them; an in-process App would not see them), the nag packs registered, and no account from
 * the environment, so the template does not depend on the machine.
 *
 * `config` overrides settings of the stage as written (validated like them).
 * `bundle: false` skips esbuild (CDK's `aws:cdk:bundling-stacks`): every stage bundles the
 * same handlers with the same options, so one bundled stage proves they build; entries are
 * still checked to exist, and asset hashes are redacted from snapshots anyway.
 */
export function synthesizeStage(
  stage: StageName,
  options: { bundle: boolean; config?: Partial<StageInput> },
): SynthesizedStage {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    context: { ...cdkJson.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = options.config
    ? defineStack(app, parseStageConfig({ ...stageInputs({})[stage], ...options.config }))
    : defineApp(app, stage, {});
  return { stack, template: Template.fromStack(stack) };
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
