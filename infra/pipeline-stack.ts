import {
  Aws,
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { resourceQualifier, type StageConfig } from './config/stages.ts';
import { stackName } from './stack.ts';

/** GitHub Actions' OIDC issuer; the audience its tokens carry for AWS. */
export const githubOidcHost = 'token.actions.githubusercontent.com';
export const githubOidcAudience = 'sts.amazonaws.com';

/**
 * The stage's baseline stack: deployed once per account, by hand, before the pipeline runs. It
 * holds the pipeline's OIDC roles and the account's API Gateway CloudWatch role.
 */
export const pipelineStackName = (config: StageConfig) =>
  `CorporateBankingAdmin-${resourceQualifier(config)}-ci`;

/**
 * The GitHub environment whose jobs deploy a tenant's stage (`bop-prod`, with its own account,
 * region and reviewers), and the one whose job shows the diff before approval (`bop-prod-diff`).
 */
export const deployEnvironment = (config: StageConfig) => resourceQualifier(config);
export const diffEnvironment = (config: StageConfig) => `${resourceQualifier(config)}-diff`;

/** What the diff role may do on the stage's stacks: read their templates and state, nothing else. */
export const diffRoleActions = [
  'cloudformation:DescribeStacks',
  'cloudformation:GetTemplate',
  'cloudformation:GetTemplateSummary',
  'cloudformation:DescribeStackResources',
  'cloudformation:ListStackResources',
] as const;

/** Props of the pipeline stack. */
export interface PipelineStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
}

/**
 * What the CI pipeline of one stage may do in its account, and nothing else: GitHub Actions
 * jobs of the configured repository, running in the stage's GitHub environment, exchange their
 * OIDC token for a one-hour session of a role that may only assume the CDK bootstrap roles of
 * this account and region (deploy, file publishing, lookup). Those roles, created by
 * `cdk bootstrap`, do the deployment through CloudFormation; there are no long-lived keys.
 */
export class PipelineStack extends Stack {
  /** The role the deploy jobs assume (`role-to-assume`). */
  readonly deployRole: iam.Role;
  /** The role the diff job assumes before the approval: reads the stage stack's templates only. */
  readonly diffRole?: iam.Role;
  /** The account's API Gateway CloudWatch role (execution logging), when this stack sets it. */
  readonly apiGatewayLogsRole?: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `CI deployment roles of the corporate banking administration module (${resourceQualifier(config)})`,
      terminationProtection: config.terminationProtection,
    });

    const providerArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:oidc-provider/${githubOidcHost}`;
    const provider = config.pipeline.createOidcProvider
      ? new iam.OidcProviderNative(this, 'GitHubOidc', {
          url: `https://${githubOidcHost}`,
          clientIds: [githubOidcAudience],
        })
      : iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', providerArn);

    const bootstrapRole = (kind: 'deploy' | 'file-publishing' | 'lookup') =>
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-${kind}-role-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

    const githubRole = (roleId: string, environment: string) => {
      const role = new iam.Role(this, roleId, {
        description: `GitHub Actions (${config.pipeline.githubRepository}, environment ${environment})`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new iam.FederatedPrincipal(
          provider.oidcProviderArn,
          {
            StringEquals: {
              [`${githubOidcHost}:aud`]: githubOidcAudience,
              // Only jobs that run in this GitHub environment: its protection rules (required
              // reviewers, allowed branches) are the gate, and no other workflow or fork qualifies.
              [`${githubOidcHost}:sub`]: `repo:${config.pipeline.githubRepository}:environment:${environment}`,
            },
          },
          'sts:AssumeRoleWithWebIdentity',
        ),
      });
      return role;
    };

    this.deployRole = githubRole('DeployRole', deployEnvironment(config));
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: (['deploy', 'file-publishing', 'lookup'] as const).map(bootstrapRole),
      }),
    );
    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: `AWS_DEPLOY_ROLE_ARN of the GitHub environment "${deployEnvironment(config)}"`,
    });
    if (config.pipeline.approval) {
      // Not the CDK lookup role (ReadOnlyAccess: every log, every table's metadata): only the
      // templates of the stage's stack and its nested stacks, which `cdk diff --no-change-set`
      // compares with the cloud assembly, and the bootstrap version it checks.
      this.diffRole = githubRole('DiffRole', diffEnvironment(config));
      this.diffRole.addToPolicy(
        new iam.PolicyStatement({
          actions: [...diffRoleActions],
          resources: [
            `arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:${Aws.ACCOUNT_ID}:stack/${stackName(config)}/*`,
            // Nested stacks are named `<parent>-<nested stack's logical id>-<random>`.
            `arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:${Aws.ACCOUNT_ID}:stack/${stackName(config)}-Api*/*`,
          ],
        }),
      );
      this.diffRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ssm:GetParameter'],
          resources: [
            `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter/cdk-bootstrap/${DefaultStackSynthesizer.DEFAULT_QUALIFIER}/version`,
          ],
        }),
      );
      const stackArn = (name: string) =>
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/${name}/*]`;
      Validations.of(this.diffRole).acknowledge(
        ...[stackArn(stackName(config)), stackArn(`${stackName(config)}-Api*`)].map((id) => ({
          id,
          reason:
            "A stack ARN ends with its unique id, unknown before the stack exists (and a nested stack's name " +
            'with a random suffix): the stack names are fixed, only the ids are wildcards.',
        })),
      );
      new CfnOutput(this, 'DiffRoleArn', {
        value: this.diffRole.roleArn,
        description: `AWS_DEPLOY_ROLE_ARN of the GitHub environment "${diffEnvironment(config)}"`,
      });
    }

    if (config.pipeline.apiGatewayAccount) {
      // API Gateway writes execution logs with one role per account and region (the stage's
      // stack turns execution logging on, so a fresh account needs this before the first deploy).
      this.apiGatewayLogsRole = new iam.Role(this, 'ApiGatewayLogsRole', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        description: 'API Gateway execution logging of this account and region',
      });
      const logGroups = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_*`;
      this.apiGatewayLogsRole.addToPolicy(
        new iam.PolicyStatement({
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'logs:DescribeLogStreams',
          ],
          resources: [logGroups, `${logGroups}:log-stream:*`],
        }),
      );
      this.apiGatewayLogsRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`],
        }),
      );
      const logsArn = 'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group';
      Validations.of(this.apiGatewayLogsRole).acknowledge(
        ...[
          `${logsArn}:API-Gateway-Execution-Logs_*`,
          `${logsArn}:API-Gateway-Execution-Logs_*:log-stream:*`,
          `${logsArn}:*`,
        ].map((resource) => ({
          id: `AwsSolutions-IAM5[Resource::${resource}]`,
          reason:
            'API Gateway names each execution log group API-Gateway-Execution-Logs_<api id>/<stage> when it ' +
            'first writes: the prefix is the narrowest resource; DescribeLogGroups takes no narrower resource.',
        })),
      );
      const account = new apigateway.CfnAccount(this, 'ApiGatewayAccount', {
        cloudWatchRoleArn: this.apiGatewayLogsRole.roleArn,
      });
      account.node.addDependency(this.apiGatewayLogsRole);
    }
  }
}
