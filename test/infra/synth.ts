import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseStageConfig, type StageInput, type StageName, stageInputs } from '../../infra/config/stages.ts';
import type { TenantConfig } from '../../infra/config/tenant.ts';
import { defineStack } from '../../infra/define-app.ts';
import { type PipelineStack, pipelineStackName } from '../../infra/pipeline-stack.ts';
import type { CorporateBankingAdminStack, CorporateBankingAdminStackProps } from '../../infra/stack.ts';
import { projectRoot } from '../../infra/stack.ts';

/** A synthesized stage: the stack (for logical ids) and its template, and the stage's CI stack. */
export interface SynthesizedStage {
  readonly stack: CorporateBankingAdminStack;
  /**
   * The stage as one template: the stack's own resources and those of its nested stacks (the
   * route areas' functions), references across them resolved (see {@link flattenNestedStacks}).
   */
  readonly template: Template;
  /** The stage stack's own template, the nested stacks as `AWS::CloudFormation::Stack` resources. */
  readonly stackTemplate: Template;
  /** Each nested stack's own template, by the nested stack's construct id. */
  readonly nestedTemplates: ReadonlyMap<string, Template>;
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
    /** The bank (tenants/<id>.json); the guide's by default. */
    tenant?: TenantConfig;
  },
): SynthesizedStage {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    context: { ...cdkJson.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const config = parseStageConfig({ ...stageInputs({}, options.tenant)[stage], ...options.config });
  const stack = defineStack(app, config, { portalAssets: null, ...options.stack });
  const pipeline = app.node.findChild(pipelineStackName(config)) as PipelineStack;
  const nestedTemplates = new Map(
    nestedStacksOf(stack).map((nested) => [nested.node.id, Template.fromStack(nested)] as const),
  );
  return {
    stack,
    template: flattenNestedStacks(stack),
    stackTemplate: Template.fromStack(stack),
    nestedTemplates,
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

/**
 * Every Allow statement of the identity policies attached to a function's role: what the role may
 * do. Its Deny statements (audit immutability) are {@link functionDenies}.
 */
export function functionStatements(template: Template, functionLogicalId: string): Statement[] {
  return roleStatements(template, functionLogicalId, 'Allow');
}

/** Every Deny statement of the identity policies attached to a function's role. */
export function functionDenies(template: Template, functionLogicalId: string): Statement[] {
  return roleStatements(template, functionLogicalId, 'Deny');
}

function roleStatements(
  template: Template,
  functionLogicalId: string,
  effect: 'Allow' | 'Deny',
): Statement[] {
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
    .filter((s) => (s.Effect ?? 'Allow') === effect)
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

/** The nested stacks of a stack (not of its nested stacks: the stage has one level). */
export function nestedStacksOf(stack: Stack): NestedStack[] {
  return stack.node
    .findAll()
    .filter((c): c is NestedStack => c instanceof NestedStack && c.nestedStackParent === stack);
}

type Json = unknown;

/** Replaces every value `replace` maps (by identity of its JSON), deeply. */
function substitute(value: Json, replace: (value: Json) => Json | undefined): Json {
  const replaced = replace(value);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((v) => substitute(v, replace));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, replace)]));
  }
  return value;
}

/**
 * The stage as one template, as if it had no nested stacks: each nested stack's resources join
 * the stack's, a nested stack's `Ref` to a parameter becomes the value the parent passes, and the
 * parent's `Fn::GetAtt` of a nested stack's output becomes the output's value. So assertions
 * about functions, their roles and their references to the table read as before the split;
 * logical ids stay those of each template (a collision throws).
 */
export function flattenNestedStacks(stack: Stack): Template {
  const parent = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
  };
  const merged: Record<string, unknown> = {};
  const outputs = new Map<string, Json>();
  const nestedIds = new Set<string>();
  const nestedResources: [string, Json][] = [];
  for (const nested of nestedStacksOf(stack)) {
    const nestedId = stack.getLogicalId(nested.nestedStackResource as never);
    nestedIds.add(nestedId);
    const parameters = ((parent.Resources[nestedId]?.Properties as Record<string, unknown> | undefined)
      ?.Parameters ?? {}) as Record<string, Json>;
    const template = Template.fromStack(nested).toJSON() as {
      Resources: Record<string, Json>;
      Outputs?: Record<string, { Value: Json }>;
    };
    const resolve = (value: Json) =>
      substitute(value, (v) => {
        const ref = (v as { Ref?: unknown } | null)?.Ref;
        return typeof ref === 'string' && ref in parameters && Object.keys(v as object).length === 1
          ? parameters[ref]
          : undefined;
      });
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      outputs.set(`${nestedId}.Outputs.${name}`, resolve(output.Value));
    }
    for (const [id, resource] of Object.entries(template.Resources))
      nestedResources.push([id, resolve(resource)]);
  }
  const resolveOutputs = (value: Json) =>
    substitute(value, (v) => {
      const getAtt = (v as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
      if (!Array.isArray(getAtt) || Object.keys(v as object).length !== 1) return undefined;
      const key = `${getAtt[0]}.${getAtt[1]}`;
      return outputs.has(key) ? outputs.get(key) : undefined;
    });
  for (const [id, resource] of Object.entries(parent.Resources)) {
    if (nestedIds.has(id)) continue;
    const { DependsOn, ...rest } = resource as { DependsOn?: string | string[] };
    const dependsOn = (Array.isArray(DependsOn) ? DependsOn : DependsOn ? [DependsOn] : []).filter(
      (d) => !nestedIds.has(d),
    );
    merged[id] = resolveOutputs(dependsOn.length > 0 ? { ...rest, DependsOn: dependsOn } : rest);
  }
  for (const [id, resource] of nestedResources) {
    if (id in merged) throw new Error(`Logical id ${id} is in two templates of the stage`);
    merged[id] = resource;
  }
  return Template.fromJSON(
    { ...parent, Resources: merged, Outputs: resolveOutputs(parent.Outputs ?? {}) },
    { skipCyclicalDependenciesCheck: true },
  );
}
