import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { StageConfig } from './config/stages.ts';

/** GitHub Actions' OIDC issuer; the audience its tokens carry for AWS. */
export const githubOidcHost = 'token.actions.githubusercontent.com';
export const githubOidcAudience = 'sts.amazonaws.com';

/** The stack's name for a stage: deployed once per account, by hand, before the pipeline runs. */
export const pipelineStackName = (config: StageConfig) => `CorporateBankingAdmin-${config.stage}-ci`;

/** The GitHub environment whose jobs deploy a stage, and the one whose job shows the diff before approval. */
export const deployEnvironment = (config: StageConfig) => config.stage;
export const diffEnvironment = (config: StageConfig) => `${config.stage}-diff`;

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
  /** The role the diff job assumes before the approval: lookup (read-only) only. */
  readonly diffRole?: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `CI deployment roles of the corporate banking administration module (${config.stage})`,
      terminationProtection: config.retainData,
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

    const githubRole = (
      roleId: string,
      environment: string,
      kinds: ('deploy' | 'file-publishing' | 'lookup')[],
    ) => {
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
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: kinds.map(bootstrapRole),
        }),
      );
      return role;
    };

    this.deployRole = githubRole('DeployRole', deployEnvironment(config), [
      'deploy',
      'file-publishing',
      'lookup',
    ]);
    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: `AWS_DEPLOY_ROLE_ARN of the GitHub environment "${deployEnvironment(config)}"`,
    });
    if (config.pipeline.approval) {
      this.diffRole = githubRole('DiffRole', diffEnvironment(config), ['lookup']);
      new CfnOutput(this, 'DiffRoleArn', {
        value: this.diffRole.roleArn,
        description: `AWS_DEPLOY_ROLE_ARN of the GitHub environment "${diffEnvironment(config)}"`,
      });
    }
  }
}
