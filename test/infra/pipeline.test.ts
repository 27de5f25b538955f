import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseStageConfig, type StageName, stageInputs } from '../../infra/config/stages.ts';
import { PipelineStack } from '../../infra/pipeline-stack.ts';
import { projectRoot } from '../../infra/stack.ts';
import { nagFindings, ofType } from './synth.ts';

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = {
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
};
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

const workflowText = readFileSync(path.join(projectRoot, '.github', 'workflows', 'deploy.yml'), 'utf8');
const workflow = parse(workflowText) as Workflow;
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`No job ${name}`);
  return found;
};
const runs = (name: string) => job(name).steps.flatMap((s) => (s.run ? [s.run] : []));
const environmentOf = (j: Job) => (typeof j.environment === 'string' ? j.environment : j.environment?.name);
const deployJobs = ['deploy-dev', 'diff-prod', 'deploy-prod'];

describe('Pipeline: workflow', () => {
  it('checks every push: npm ci, lint, typecheck, tests, and synth of both stages with cdk-nag', () => {
    // Act
    const commands = runs('check');

    // Assess
    expect(Object.keys(workflow.on)).toContain('push');
    expect(commands).toEqual([
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npx cdk synth --quiet -c stage=dev',
      'npx cdk synth --quiet -c stage=prod',
    ]);
  });

  it('on main, deploys dev, then shows the prod diff, then waits for the prod approval to deploy prod', () => {
    // Act
    const chain = deployJobs.map((name) => [name, job(name).needs, environmentOf(job(name))]);

    // Assess
    expect(chain).toEqual([
      ['deploy-dev', 'check', 'dev'],
      ['diff-prod', 'deploy-dev', 'prod-diff'],
      ['deploy-prod', 'diff-prod', 'prod'],
    ]);
    expect(job('deploy-dev').if).toBe("github.ref == 'refs/heads/main'");
    expect(runs('deploy-dev')).toContain(
      'npx cdk deploy CorporateBankingAdmin-dev -c stage=dev --require-approval never --ci',
    );
    expect(runs('deploy-prod')).toContain(
      'npx cdk deploy CorporateBankingAdmin-prod -c stage=prod --require-approval never --ci',
    );
  });

  it('attaches the cdk diff of prod to the run the reviewers approve', () => {
    // Act
    const commands = runs('diff-prod').join('\n');
    const uploads = job('diff-prod').steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));

    // Assess
    expect(commands).toContain('npx cdk diff CorporateBankingAdmin-prod -c stage=prod');
    expect(commands).toContain('GITHUB_STEP_SUMMARY');
    expect(uploads).toHaveLength(1);
  });

  it('gets AWS credentials only through OIDC (id-token: write, role-to-assume), never long-lived keys', () => {
    // Act
    const credentialSteps = deployJobs.map((name) =>
      job(name).steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials')),
    );

    // Assess
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job('check').permissions).toBeUndefined();
    for (const [index, name] of deployJobs.entries()) {
      expect(job(name).permissions, name).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(credentialSteps[index], name).toHaveLength(1);
      expect(credentialSteps[index]?.[0]?.with?.['role-to-assume'], name).toBe(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
        '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      );
    }
    expect(workflowText).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./i,
    );
  });
});

const pipelineStack = (stage: StageName, overrides: Record<string, unknown> = {}) => {
  const input = stageInputs({})[stage];
  const config = parseStageConfig({ ...input, pipeline: { ...input.pipeline, ...overrides } });
  const stack = new PipelineStack(new App(), `ci-${stage}`, { config });
  return { stack, template: Template.fromStack(stack), config };
};

describe('Pipeline: OIDC roles', () => {
  const prod = pipelineStack('prod');
  const roles = () => ofType(prod.template, 'AWS::IAM::Role');
  const trust = (role: ReturnType<typeof roles>[number]) =>
    (role.Properties?.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
      ?.Statement ?? [];

  it("creates GitHub's OIDC provider for the sts.amazonaws.com audience", () => {
    // Act
    const [provider] = ofType(prod.template, 'AWS::IAM::OIDCProvider');

    // Assess
    expect(provider?.Properties?.Url).toBe('https://token.actions.githubusercontent.com');
    expect(provider?.Properties?.ClientIdList).toEqual(['sts.amazonaws.com']);
  });

  it("trusts only this repository's jobs in the stage's GitHub environment, for one hour", () => {
    // Act
    const conditions = roles().map((r) => [
      trust(r)[0]?.Action,
      trust(r)[0]?.Condition,
      r.Properties?.MaxSessionDuration,
    ]);

    // Assess
    expect(conditions).toEqual(
      ['prod', 'prod-diff'].map((environment) => [
        'sts:AssumeRoleWithWebIdentity',
        {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': `repo:${prod.config.pipeline.githubRepository}:environment:${environment}`,
          },
        },
        3600,
      ]),
    );
  });

  it('lets the deploy role assume only the CDK bootstrap roles, and the diff role only the lookup role', () => {
    // Act
    const policies = ofType(prod.template, 'AWS::IAM::Policy').map((p) =>
      JSON.stringify((p.Properties?.PolicyDocument as { Statement: unknown[] } | undefined)?.Statement),
    );

    // Assess
    expect(policies).toHaveLength(2);
    const [deploy, diff] = policies;
    for (const kind of ['deploy', 'file-publishing', 'lookup'])
      expect(deploy).toContain(`:role/cdk-hnb659fds-${kind}-role-`);
    expect(diff).toContain(':role/cdk-hnb659fds-lookup-role-');
    expect(diff).not.toContain('deploy-role');
    for (const policy of policies) {
      expect(policy).toContain('"Action":["sts:AssumeRole","sts:TagSession"]');
      expect(policy).not.toContain('"Resource":"*"');
    }
    expect(roles().every((r) => r.Properties?.ManagedPolicyArns === undefined)).toBe(true);
  });

  it('needs no diff role where no approval gates the stage (dev), and reuses an existing provider when told', () => {
    // Act
    const dev = pipelineStack('dev', { createOidcProvider: false });

    // Assess
    expect(ofType(dev.template, 'AWS::IAM::Role')).toHaveLength(1);
    expect(ofType(dev.template, 'AWS::IAM::OIDCProvider')).toEqual([]);
  });

  it('adds nothing cdk-nag reports', () => {
    // Act
    const findings = nagFindings(prod.stack);

    // Assess
    expect(findings).toEqual([]);
  });
});
