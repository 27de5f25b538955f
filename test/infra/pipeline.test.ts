import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseStageConfig, type StageName, stageInputs } from '../../infra/config/stages.ts';
import { diffRoleActions, PipelineStack } from '../../infra/pipeline-stack.ts';
import { projectRoot } from '../../infra/stack.ts';
import { nagFindings, ofType, resources } from './synth.ts';

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
};
type Job = {
  needs?: string | string[];
  strategy?: unknown;
  if?: string;
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean };
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
};
type Workflow = {
  on: Record<string, unknown>;
  concurrency?: unknown;
  defaults?: { run?: { shell?: string } };
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
// biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JS templates
const tenant = '${{ matrix.tenant }}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
const tenantList = '${{ fromJSON(needs.tenants.outputs.ids) }}';

describe('Pipeline: workflow', () => {
  it('checks every push: npm ci, lint, typecheck, tests, and synth of every bank’s stages with cdk-nag', () => {
    // Act
    const commands = runs('check');

    // Assess
    expect(Object.keys(workflow.on)).toContain('push');
    expect(commands.slice(0, 5)).toEqual([
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run web:build',
    ]);
    const synth = commands[5] ?? '';
    expect(synth).toContain('for file in tenants/*.json; do');
    expect(synth).toContain('for stage in dev prod; do');
    expect(synth).toContain('npx cdk synth --quiet -c stage="$stage" -c tenant="$tenant"');
  });

  it('on main, deploys each listed bank’s dev, then shows its prod diff, then waits for its own prod approval', () => {
    // Act
    const chain = deployJobs.map((name) => [name, job(name).needs, environmentOf(job(name))]);

    // Assess
    expect(job('tenants').needs).toBe('check');
    expect(chain).toEqual([
      ['deploy-dev', 'tenants', `${tenant}-dev`],
      ['diff-prod', ['tenants', 'deploy-dev'], `${tenant}-prod-diff`],
      ['deploy-prod', ['tenants', 'diff-prod'], `${tenant}-prod`],
    ]);
    for (const name of ['tenants', ...deployJobs]) {
      expect(job(name).if, name).toBe(
        "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'",
      );
    }
    for (const name of deployJobs) {
      expect(job(name).strategy, name).toEqual({ 'fail-fast': false, matrix: { tenant: tenantList } });
    }
    expect(runs('deploy-dev')).toContain(
      `npx cdk deploy CorporateBankingAdmin-${tenant}-dev -c stage=dev -c tenant=${tenant} --require-approval never --ci`,
    );
    expect(runs('deploy-prod')).toContain(
      `npx cdk deploy CorporateBankingAdmin-${tenant}-prod --app cdk.out --require-approval never --ci`,
    );
  });

  it('deploys the banks of the TENANTS variable, each only with its tenant file (the guide’s bank by default)', () => {
    // Act
    const list = job('tenants').steps.find((s) => s.name === 'list the banks');

    // Assess
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion
    expect(list?.run).toContain('ids="${TENANTS:-bop}"');
    expect(list?.run).toContain(
      '[ -f "tenants/$id.json" ] || { echo "TENANTS: no tenants/$id.json"; exit 1; }',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    expect(list?.env).toEqual({ TENANTS: '${{ vars.TENANTS }}' });
  });

  it('attaches the cdk diff of each bank’s prod to the run its reviewers approve', () => {
    // Act
    const commands = runs('diff-prod').join('\n');
    const uploads = job('diff-prod').steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));

    // Assess
    expect(commands).toContain(
      `npx cdk diff CorporateBankingAdmin-${tenant}-prod --app cdk.out --no-change-set`,
    );
    expect(commands).toContain('GITHUB_STEP_SUMMARY');
    expect(uploads.map((s) => s.with?.name)).toEqual([
      `cdk-diff-${tenant}-prod`,
      `cloud-assembly-${tenant}-prod`,
    ]);
  });

  it('fails the diff step when cdk diff fails, though its output is piped to tee (pipefail)', () => {
    // Arrange
    const diffStep = job('diff-prod').steps.find((s) => s.name === 'cdk diff');

    // Assess
    expect(diffStep?.run).toMatch(/^set -o pipefail\n.*\| tee cdk-diff-prod\.txt/);
    // And every other step too: `shell: bash` runs bash -eo pipefail.
    expect(workflow.defaults?.run?.shell).toBe('bash');
  });

  it('deploys to each bank’s prod exactly the cloud assembly that was synthesized once and diffed', () => {
    // Arrange
    const diffSteps = job('diff-prod').steps;
    const synthIndex = diffSteps.findIndex((s) => s.run?.startsWith('npx cdk synth'));
    const diffIndex = diffSteps.findIndex((s) => s.name === 'cdk diff');
    const upload = diffSteps.find((s) => s.with?.name === `cloud-assembly-${tenant}-prod`);
    const download = job('deploy-prod').steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));

    // Assess
    expect(diffSteps[synthIndex]?.run).toBe(
      `npx cdk synth --quiet -c stage=prod -c tenant=${tenant} --output cdk.out`,
    );
    expect(synthIndex).toBeLessThan(diffIndex);
    expect(upload?.with?.path).toBe('cdk.out');
    expect(download?.with).toEqual({ name: `cloud-assembly-${tenant}-prod`, path: 'cdk.out' });
    // Nothing is built or synthesized again before the prod deploy.
    expect(runs('deploy-prod')).toEqual([
      'npm ci',
      `npx cdk deploy CorporateBankingAdmin-${tenant}-prod --app cdk.out --require-approval never --ci`,
    ]);
  });

  it('builds the portal before every synthesis, so no deploy ships an empty portal', () => {
    for (const name of ['check', 'deploy-dev', 'diff-prod']) {
      // Act
      const commands = runs(name);
      const build = commands.indexOf('npm run web:build');
      const firstCdk = commands.findIndex(
        (c) => c.includes('npx cdk synth') || c.startsWith('npx cdk deploy'),
      );

      // Assess
      expect(build, name).toBeGreaterThan(-1);
      expect(build, name).toBeLessThan(firstCdk);
    }
  });

  it('pins every third-party action by a full commit SHA', () => {
    // Act
    const uses = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    );

    // Assess
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('serialises each bank’s stage with job-level concurrency, so a pending prod approval never blocks dev or another bank', () => {
    // Act
    const groups = Object.fromEntries(
      deployJobs.map((name) => {
        const c = job(name).concurrency;
        return [name, typeof c === 'string' ? c : c?.group];
      }),
    );

    // Assess
    expect(workflow.concurrency).toBeUndefined();
    expect(groups).toEqual({
      'deploy-dev': `deploy-${tenant}-dev`,
      'diff-prod': `deploy-${tenant}-prod`,
      'deploy-prod': `deploy-${tenant}-prod`,
    });
  });

  it('runs the checks on pull requests without credentials, and deploys nothing from them', () => {
    // Assess
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(job('check').permissions).toBeUndefined();
    expect(job('check').environment).toBeUndefined();
    expect(job('check').steps.some((s) => s.uses?.startsWith('aws-actions/'))).toBe(false);
    for (const name of deployJobs)
      expect(job(name).if, name).toContain("github.event_name != 'pull_request'");
  });

  it('gets AWS credentials only through OIDC (id-token: write, role-to-assume), never long-lived keys', () => {
    // Act
    const credentialSteps = deployJobs.map((name) =>
      job(name).steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials')),
    );

    // Assess
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job('check').permissions).toBeUndefined();
    expect(job('tenants').permissions).toBeUndefined();
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
    const github = roles().filter((r) => trust(r)[0]?.Action === 'sts:AssumeRoleWithWebIdentity');
    const conditions = github.map((r) => [
      trust(r)[0]?.Action,
      trust(r)[0]?.Condition,
      r.Properties?.MaxSessionDuration,
    ]);

    // Assess
    expect(conditions).toEqual(
      ['bop-prod', 'bop-prod-diff'].map((environment) => [
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

  const policyOf = (role: iam.Role | undefined) => {
    const id = role && prod.stack.getLogicalId(role.node.defaultChild as CfnElement);
    const policy = ofType(prod.template, 'AWS::IAM::Policy').find((p) =>
      JSON.stringify(p.Properties?.Roles).includes(`"${id}"`),
    );
    const document = policy?.Properties?.PolicyDocument as
      | { Statement: Record<string, unknown>[] }
      | undefined;
    return document?.Statement ?? [];
  };

  it('lets the deploy role assume only the CDK bootstrap roles', () => {
    // Act
    const deploy = JSON.stringify(policyOf(prod.stack.deployRole));

    // Assess
    for (const kind of ['deploy', 'file-publishing', 'lookup'])
      expect(deploy).toContain(`:role/cdk-hnb659fds-${kind}-role-`);
    expect(deploy).toContain('"Action":["sts:AssumeRole","sts:TagSession"]');
    expect(deploy).not.toContain('"Resource":"*"');
    expect(roles().every((r) => r.Properties?.ManagedPolicyArns === undefined)).toBe(true);
  });

  it("lets the diff role read only the prod stack's templates (no lookup role, no logs, no other stack)", () => {
    // Act
    const statements = policyOf(prod.stack.diffRole);
    const text = JSON.stringify(statements);

    // Assess
    expect(statements.map((s) => s.Action)).toEqual([[...diffRoleActions], 'ssm:GetParameter']);
    expect(text).not.toContain('sts:');
    expect(text).not.toContain('logs:');
    expect(text).not.toContain('"Resource":"*"');
    expect(text).toContain(':stack/CorporateBankingAdmin-bop-prod/*');
    expect(text).toContain(':stack/CorporateBankingAdmin-bop-prod-Api*/*');
    expect(text).toContain(':parameter/cdk-bootstrap/hnb659fds/version');
  });

  it("sets the account's API Gateway CloudWatch role once, in the baseline stack, scoped to execution logs", () => {
    // Act
    const [account] = ofType(prod.template, 'AWS::ApiGateway::Account');
    const logsRoleId = prod.stack.getLogicalId(
      prod.stack.apiGatewayLogsRole?.node.defaultChild as CfnElement,
    );
    const logs = JSON.stringify(policyOf(prod.stack.apiGatewayLogsRole));
    const without = pipelineStack('prod', { apiGatewayAccount: false });

    // Assess
    expect(account?.Properties?.CloudWatchRoleArn).toEqual({ 'Fn::GetAtt': [logsRoleId, 'Arn'] });
    expect(
      JSON.stringify(resources(prod.template)[logsRoleId]?.Properties?.AssumeRolePolicyDocument),
    ).toContain('apigateway.amazonaws.com');
    expect(logs).toContain('log-group:API-Gateway-Execution-Logs_*');
    expect(ofType(without.template, 'AWS::ApiGateway::Account')).toEqual([]);
  });

  it('needs no diff role where no approval gates the stage (dev), and reuses an existing provider when told', () => {
    // Act
    const dev = pipelineStack('dev', { createOidcProvider: false });

    // Assess
    // The deploy role and the API Gateway logging role.
    expect(ofType(dev.template, 'AWS::IAM::Role')).toHaveLength(2);
    expect(dev.stack.diffRole).toBeUndefined();
    expect(ofType(dev.template, 'AWS::IAM::OIDCProvider')).toEqual([]);
  });

  it('adds nothing cdk-nag reports', () => {
    // Act
    const findings = nagFindings(prod.stack);

    // Assess
    expect(findings).toEqual([]);
  });
});
