/**
 * The CloudFormation execution policy to bootstrap the stage accounts with, instead of the
 * default AdministratorAccess (`cdk bootstrap --cloudformation-execution-policies <its ARN>`):
 * the services the stage's stacks use and nothing else; IAM only on the roles and OIDC provider
 * these stacks name; never IAM users, access keys or account-level settings.
 * `npm run bootstrap-policy` prints it; docs/deploy.md, step 1, creates it.
 */

/** The services whose resources the stacks create (test/infra/bootstrap-policy.test.ts checks every type). */
export const executionServices = [
  'apigateway',
  'cloudformation',
  'cloudfront',
  'cloudwatch',
  'dynamodb',
  // The scheduled jobs' rules (the daily dormancy job).
  'events',
  'kms',
  'lambda',
  'logs',
  'route53',
  's3',
  'secretsmanager',
  'ses',
  'sns',
  'sqs',
  'wafv2',
] as const;

/** The service of a CloudFormation resource type (`AWS::ApiGateway::Method` → `apigateway`). */
export const serviceOfType = (type: string): string => {
  if (type.startsWith('Custom::')) return 'lambda';
  return (type.split('::')[1] ?? '').toLowerCase();
};

/** The policy document, for one account (`account`, `region`: literal values or `*`). */
export function executionPolicyDocument(partition = 'aws'): Record<string, unknown> {
  const iamArn = (resource: string) => `arn:${partition}:iam::*:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StackServices',
        Effect: 'Allow',
        Action: executionServices.map((service) => `${service}:*`),
        Resource: '*',
      },
      {
        Sid: 'StackRolesOnly',
        Effect: 'Allow',
        Action: [
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:UpdateRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:PutRolePolicy',
          'iam:GetRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PassRole',
        ],
        // CloudFormation names roles `<stack name>-<logical id>-<random>`; every stack of the
        // module is named CorporateBankingAdmin-<stage>[-…].
        Resource: iamArn('role/CorporateBankingAdmin-*'),
      },
      {
        Sid: 'GitHubOidcProvider',
        Effect: 'Allow',
        Action: [
          'iam:CreateOpenIDConnectProvider',
          'iam:DeleteOpenIDConnectProvider',
          'iam:GetOpenIDConnectProvider',
          'iam:UpdateOpenIDConnectProviderThumbprint',
          'iam:AddClientIDToOpenIDConnectProvider',
          'iam:RemoveClientIDFromOpenIDConnectProvider',
          'iam:TagOpenIDConnectProvider',
        ],
        Resource: iamArn('oidc-provider/token.actions.githubusercontent.com'),
      },
      {
        Sid: 'BootstrapVersion',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: `arn:${partition}:ssm:*:*:parameter/cdk-bootstrap/*`,
      },
      {
        Sid: 'NeverPeopleOrKeys',
        Effect: 'Deny',
        Action: [
          'iam:CreateUser',
          'iam:CreateAccessKey',
          'iam:CreateLoginProfile',
          'iam:AttachUserPolicy',
          'iam:PutUserPolicy',
          'iam:CreateGroup',
          'organizations:*',
          'account:*',
        ],
        Resource: '*',
      },
    ],
  };
}
