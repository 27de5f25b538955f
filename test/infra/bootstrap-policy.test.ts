import { beforeAll, describe, expect, it } from 'vitest';
import { executionPolicyDocument, executionServices, serviceOfType } from '../../infra/bootstrap-policy.ts';
import { type SynthesizedStage, synthesizeStage } from './synth.ts';

let prod: SynthesizedStage;
beforeAll(() => {
  prod = synthesizeStage('prod', { bundle: false });
}, 600_000);

const typesOf = (stage: SynthesizedStage) =>
  new Set(
    [stage.stackTemplate, ...stage.nestedTemplates.values(), stage.pipelineTemplate].flatMap((t) =>
      Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type),
    ),
  );

describe('Bootstrap: the scoped CloudFormation execution policy', () => {
  it('covers the service of every resource type the stage and baseline stacks create', () => {
    // Act
    const uncovered = [...typesOf(prod)]
      .filter((type) => type !== 'AWS::CDK::Metadata')
      .filter((type) => type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::Policy')
      .filter((type) => type !== 'AWS::IAM::OIDCProvider')
      .filter((type) => !(executionServices as readonly string[]).includes(serviceOfType(type)));

    // Assess
    expect(uncovered).toEqual([]);
  });

  it("allows IAM only on the stacks' roles and the GitHub OIDC provider, and never users or keys", () => {
    // Act
    const statements = executionPolicyDocument().Statement as {
      Effect: string;
      Action: string[];
      Resource: string;
    }[];
    const iamAllows = statements.filter(
      (s) => s.Effect === 'Allow' && s.Action.some((a) => a.startsWith('iam:')),
    );
    const denies = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => s.Action);

    // Assess
    expect(statements.flatMap((s) => s.Action)).not.toContain('iam:*');
    expect(statements.flatMap((s) => s.Action)).not.toContain('*');
    expect(iamAllows.map((s) => s.Resource)).toEqual([
      'arn:aws:iam::*:role/CorporateBankingAdmin-*',
      'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com',
    ]);
    expect(denies).toEqual(expect.arrayContaining(['iam:CreateUser', 'iam:CreateAccessKey']));
  });
});
