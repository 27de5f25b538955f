import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStageConfig, stageInputs } from '../../infra/config/stages.ts';
import { tenantByName } from '../../infra/config/tenant.ts';
import { defineStack } from '../../infra/define-app.ts';
import { type PipelineStack, pipelineStackName } from '../../infra/pipeline-stack.ts';
import { type CorporateBankingAdminStack, projectRoot, stackName } from '../../infra/stack.ts';
import { flattenNestedStacks, nagFindings, nestedStacksOf, resources } from './synth.ts';

/*
 * Two banks in one account: the guide's bank (tenants/bop.json) and the fictitious second one
 * (tenants/cbs.json), each prod stage synthesized in one app with the cdk-nag packs, as the
 * pipeline synthesizes each. Nothing with a fixed name may be shared: stacks, exports, log groups,
 * alarms, WAF names, the API's name, the dashboard, the metric namespace.
 */

type Named = { where: string; name: string };

/**
 * Every physical name a template fixes: each resource's own `*Name` / `Name` property (table, API,
 * log groups, alarms, dashboard, WAF web ACL and IP sets, topics, roles, configuration set), the
 * metric filters' namespaces, and the outputs' export names.
 */
function fixedNames(template: Template, label: string): Named[] {
  const names: Named[] = [];
  for (const [id, resource] of Object.entries(resources(template))) {
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      // A reference names a resource of the same stack; a policy's or an alias's name is scoped to its role or function.
      const reference =
        typeof value === 'object' && value !== null && ('Ref' in value || 'Fn::GetAtt' in value);
      const scoped = ['AWS::IAM::Policy', 'AWS::Lambda::Alias', 'AWS::Lambda::Permission'].includes(
        resource.Type,
      );
      if (
        /Name$/.test(key) &&
        !reference &&
        !scoped &&
        typeof value !== 'boolean' &&
        !/^(Metric|Attribute|Index|Stage|Domain|Operation)Name$/.test(key)
      ) {
        names.push({ where: `${label} ${id}.${key}`, name: JSON.stringify(value) });
      }
    }
    if (resource.Type === 'AWS::Logs::MetricFilter') {
      const transformations = (resource.Properties?.MetricTransformations ?? []) as {
        MetricNamespace?: string;
      }[];
      for (const t of transformations)
        names.push({ where: `${label} ${id} namespace`, name: JSON.stringify(t.MetricNamespace) });
    }
  }
  const outputs =
    (template.toJSON() as { Outputs?: Record<string, { Export?: { Name?: unknown } }> }).Outputs ?? {};
  for (const [id, output] of Object.entries(outputs)) {
    if (output.Export?.Name)
      names.push({ where: `${label} output ${id}`, name: JSON.stringify(output.Export.Name) });
  }
  return names;
}

/** Names built from the stack's own id or name differ by construction; only literal-derived names can collide. */
const literalPart = (name: string) =>
  name.replace(/\{"Ref":"AWS::StackName"\}|\{"Ref":"AWS::StackId"\}|"AWS::StackId"/g, '<stack>');

describe('Tenants: two banks in one account', () => {
  const bop = tenantByName('bop');
  const cbs = tenantByName('cbs');
  let app: App;
  let stacks: { tenant: string; stack: CorporateBankingAdminStack; pipeline: PipelineStack }[];

  beforeAll(() => {
    const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    // No bundling: tests/infra/stack.test.ts bundles the handlers; names do not depend on bundles.
    app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    stacks = [bop, cbs].map((tenant) => {
      const config = parseStageConfig({ ...stageInputs({}, tenant).prod, region: 'us-east-1' });
      const stack = defineStack(app, config, { portalAssets: null });
      return {
        tenant: tenant.id,
        stack,
        pipeline: app.node.findChild(pipelineStackName(config)) as PipelineStack,
      };
    });
  });

  it('names each bank’s stacks after it', () => {
    // Assess
    expect(stacks.map((s) => [s.stack.stackName, s.pipeline.stackName])).toEqual([
      ['CorporateBankingAdmin-bop-prod', 'CorporateBankingAdmin-bop-prod-ci'],
      ['CorporateBankingAdmin-cbs-prod', 'CorporateBankingAdmin-cbs-prod-ci'],
    ]);
  });

  it('has no unacknowledged cdk-nag finding for either bank', () => {
    // Act
    const findings = stacks.flatMap((s) => [...nagFindings(s.stack), ...nagFindings(s.pipeline)]);

    // Assess
    expect(findings).toEqual([]);
  });

  it('shares no resource, physical or export name between the two banks', () => {
    // Arrange
    const namesOf = (s: (typeof stacks)[number]) => [
      ...fixedNames(flattenNestedStacks(s.stack), s.tenant),
      ...nestedStacksOf(s.stack).flatMap((nested: Stack) => fixedNames(Template.fromStack(nested), s.tenant)),
      ...fixedNames(Template.fromStack(s.pipeline), `${s.tenant}-ci`),
    ];
    const [first, second] = stacks.map(namesOf) as [Named[], Named[]];

    // Act
    const secondNames = new Set(second.map((n) => literalPart(n.name)));
    const shared = first.filter((n) => secondNames.has(literalPart(n.name)));

    // Assess: something was compared, the names that must carry the bank do, and none is shared
    expect(first.length).toBeGreaterThan(5);
    const all = first.map((n) => n.name).join('\n');
    expect(all).toContain('corporate-banking-admin-bop-prod');
    expect(all).toContain('aws-waf-logs-corporate-banking-admin-bop-prod');
    expect(all).toContain('CorporateBankingAdmin/bop-prod');
    expect(shared).toEqual([]);
  });

  it('gives each bank’s functions its own tenant, never the other’s', () => {
    // Act
    const tenantsOf = (s: (typeof stacks)[number]) =>
      new Set(
        Object.values(resources(flattenNestedStacks(s.stack)))
          .filter((r) => r.Type === 'AWS::Lambda::Function')
          .map(
            (r) =>
              (r.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables
                ?.TENANT,
          )
          .filter((v): v is string => typeof v === 'string')
          .map((v) => (JSON.parse(v) as { id: string }).id),
      );

    // Assess
    expect([...tenantsOf(stacks[0] as (typeof stacks)[number])]).toEqual(['bop']);
    expect([...tenantsOf(stacks[1] as (typeof stacks)[number])]).toEqual(['cbs']);
  });

  it('keeps every stack name distinct from the other bank’s', () => {
    // Assess
    const names = app.node.children.filter((c): c is Stack => 'stackName' in c).map((s) => s.stackName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(stackName({ stage: 'prod', tenant: cbs }));
  });
});
