import * as path from 'node:path';
import {
  ArnFormat,
  AssetHashType,
  Aws,
  CustomResource,
  Duration,
  type RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { EVERY_ADDRESS } from '../../shared/data/waf-ip-sets.ts';
import { problemBody } from '../../shared/http/problem.ts';
import type { IpSetProperties } from '../custom-resources/ip-set.ts';
import { rateLimitedCode } from './problems.ts';
import { functionRuntime } from './route-function.ts';

/** The bank-wide lists, each a pair of WAF IP sets (one per address family). */
export type BankIpSetName = 'blocked' | 'allowed';
export type AddressFamily = 'IPV4' | 'IPV6';
const families: readonly AddressFamily[] = ['IPV4', 'IPV6'];

/**
 * Request headers whose values never reach the WAF logs: credentials (session and challenge
 * tokens, SigV4 signatures and session tokens), the OTP and cookies.
 */
export const redactedHeaders = ['authorization', 'x-amz-security-token', 'x-otp', 'cookie'] as const;

/** One bank-wide WAF IP set: its ARN, and its `name|id|scope` reference. */
export interface BankIpSet {
  readonly resource: CustomResource;
  readonly arn: string;
  readonly ref: string;
}

/** The custom resource type of a bank-wide IP set (infra/custom-resources/ip-set.ts). */
export const ipSetResourceType = 'Custom::BankIpSet';

/** Props of the bank-wide IP sets. */
export interface BankIpSetsProps {
  readonly stage: string;
  /** Ends the sets' names, unique to one creation of the stack. */
  readonly nameSuffix: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The handler of the IP-set custom resource, bundled by esbuild (the AWS SDK is in the Lambda runtime). */
function ipSetHandlerCode(): lambda.Code {
  const entry = path.join(import.meta.dirname, '..', 'custom-resources', 'ip-set.ts');
  return lambda.Code.fromAsset(path.dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: functionRuntime.bundlingImage,
      command: [
        'sh',
        '-c',
        'echo "bundle infra/custom-resources/ip-set.ts with esbuild locally" >&2; exit 1',
      ],
      local: {
        tryBundle(outputDir) {
          buildSync({
            entryPoints: [entry],
            bundle: true,
            platform: 'node',
            format: 'esm',
            target: 'node22',
            minify: true,
            external: ['@aws-sdk/*'],
            outfile: path.join(outputDir, 'ip-set.mjs'),
            logLevel: 'error',
          });
          return true;
        },
      },
    },
  });
}

/**
 * The bank-wide IP sets: blocked and allowed, each a pair of WAF IP sets (IPv4 and
 * IPv6). The bank back-office routes replace their contents at run time; the web ACL reads them.
 * CloudFormation owns the sets but not their addresses: a custom resource creates each set with
 * its initial addresses and never writes them again, so no stack update can reset the bank's
 * lists (an `AWS::WAFv2::IPSet` writes its template addresses back whenever it is updated).
 */
export class BankIpSets extends Construct {
  /** The IP sets, by list and address family. */
  readonly ipSets: Readonly<Record<BankIpSetName, Readonly<Record<AddressFamily, BankIpSet>>>>;
  /** The custom resource's handler. */
  readonly handler: lambda.Function;

  constructor(scope: Construct, id: string, props: BankIpSetsProps) {
    super(scope, id);
    const namePrefix = `corporate-banking-admin-${props.stage}-`;
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Creates and deletes the bank-wide WAF IP sets, never writes their addresses',
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['wafv2:CreateIPSet', 'wafv2:GetIPSet', 'wafv2:DeleteIPSet'],
        resources: [
          `arn:${Aws.PARTITION}:wafv2:${Aws.REGION}:${Aws.ACCOUNT_ID}:regional/ipset/${namePrefix}*/*`,
        ],
      }),
    );
    this.handler = new lambda.Function(this, 'Handler', {
      code: ipSetHandlerCode(),
      handler: 'ip-set.handler',
      description: 'CloudFormation custom resource: the bank-wide WAF IP sets',
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      logGroup,
      role,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:wafv2:<AWS::Region>:<AWS::AccountId>:regional/ipset/${namePrefix}*/*]`,
      reason: "A WAF IP set's ARN ends with its id, known only once created: the name prefix is fixed.",
    });
    Validations.of(this.handler).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'The runtime of every function of the stack (functionRuntime); upgraded with them.',
      },
      { id: 'Serverless-LambdaLatestVersion', reason: 'Same as AwsSolutions-L1.' },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'CloudFormation invokes it and waits for its answer on the pre-signed URL; a failure fails the ' +
          'stack operation, which is the signal. A queue would hold requests nobody replays.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'Runs only during stack operations, whose events CloudFormation records.',
      },
    );

    const ipSet = (list: BankIpSetName, family: AddressFamily): BankIpSet => {
      const properties: IpSetProperties = {
        Name: `${namePrefix}${list}-${family.toLowerCase()}-${props.nameSuffix}`,
        Scope: 'REGIONAL',
        IPAddressVersion: family,
        Description:
          list === 'blocked'
            ? `Bank-wide blocked ${family} addresses, managed by the bank back-office routes`
            : `Bank-wide allowed ${family} addresses, every address means no restriction`,
        // The allowed sets start as "every address" (the bank's empty list, shared/data/waf-ip-sets.ts),
        // so the allow rule is always on and an empty list restricts nothing. Written on creation only.
        InitialAddresses: list === 'allowed' ? [...EVERY_ADDRESS[family]] : [],
      };
      const resource = new CustomResource(this, `${list === 'blocked' ? 'Blocked' : 'Allowed'}${family}`, {
        serviceToken: this.handler.functionArn,
        resourceType: ipSetResourceType,
        properties: { ...properties },
        removalPolicy: props.removalPolicy,
      });
      return { resource, arn: resource.getAttString('Arn'), ref: resource.ref };
    };
    this.ipSets = {
      blocked: { IPV4: ipSet('blocked', 'IPV4'), IPV6: ipSet('blocked', 'IPV6') },
      allowed: { IPV4: ipSet('allowed', 'IPV4'), IPV6: ipSet('allowed', 'IPV6') },
    };
  }

  /** The four IP sets' ARNs. */
  get arns(): string[] {
    return Object.values(this.ipSets).flatMap((pair) => families.map((family) => pair[family].arn));
  }

  /**
   * `name|id|scope` of each IP set (its CloudFormation `Ref`), as the functions that use them
   * receive it in the `WAF_*_SET` variables (shared/data/waf-ip-sets.ts parses it).
   */
  get refs(): Record<BankIpSetName, Record<AddressFamily, string>> {
    const pair = (list: BankIpSetName) => ({
      IPV4: this.ipSets[list].IPV4.ref,
      IPV6: this.ipSets[list].IPV6.ref,
    });
    return { blocked: pair('blocked'), allowed: pair('allowed') };
  }

  /** Lets the function read (wafv2:GetIPSet) or also replace (wafv2:UpdateIPSet) these IP sets, and nothing else of WAF. */
  grant(fn: iam.IGrantable, access: 'read' | 'write'): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === 'write' ? ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'] : ['wafv2:GetIPSet'],
        resources: this.arns,
      }),
    );
  }
}

/** Props of the firewall. */
export interface FirewallProps {
  /** The API stage's name (its execute-api path prefix). */
  readonly stage: string;
  /** What the names carry (`bop-prod`, see resourceQualifier); the stage's name by default. */
  readonly qualifier?: string;
  /** The bank-wide IP sets its IP rules read. */
  readonly ipSets: BankIpSets;
  /** The stage the web ACL protects. */
  readonly apiStage: apigateway.Stage;
  /** Requests per 5 minutes per client IP on `/auth/*`, and on the whole API. */
  readonly authRateLimit: number;
  readonly apiRateLimit: number;
  /** The portal's origin, which the web ACL's own blocks allow by CORS; undefined without a portal. */
  readonly portalOrigin?: string;
  /** Encrypts the WAF log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Ends the fixed names (web ACL, log group), unique to one creation of the stack. */
  readonly nameSuffix: string;
}

type Statement = wafv2.CfnWebACL.StatementProperty;
type Rule = wafv2.CfnWebACL.RuleProperty;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const not = (statement: Statement): Statement => ({ notStatement: { statement } });
const or = (...statements: Statement[]): Statement =>
  statements.length === 1 ? (statements[0] as Statement) : { orStatement: { statements } };

/**
 * The URI path starts with `/auth/`, with or without the stage prefix of the execute-api URL
 * (`/prod/auth/login`), after URL-decoding and path normalization so `//auth/` or `%2Fauth/`
 * do not slip past the stricter limit.
 */
const authPath = (stage: string): Statement =>
  or(
    ...['/auth/', `/${stage}/auth/`].map(
      (prefix): Statement => ({
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: 'STARTS_WITH',
          searchString: prefix,
          textTransformations: [
            { priority: 0, type: 'URL_DECODE' },
            { priority: 1, type: 'NORMALIZE_PATH' },
          ],
        },
      }),
    ),
  );

/** Custom response bodies: WAF's own answers have the API's problem+json shape and a stable code. */
const customBodies = {
  ipBlocked: problemBody('IP_BLOCKED', 'es'),
  rateLimited: { ...problemBody(rateLimitedCode, 'es'), status: 429 },
} as const;

/**
 * A block with the API's problem body; with the portal's origin, the answer allows it by CORS, so
 * the portal can read the refusal (the browser calls the API cross-origin).
 */
const block = (key: keyof typeof customBodies, portalOrigin?: string): wafv2.CfnWebACL.RuleActionProperty => {
  const headers = [
    ...(key === 'rateLimited' ? [{ name: 'retry-after', value: '60' }] : []),
    ...(portalOrigin
      ? [
          { name: 'access-control-allow-origin', value: portalOrigin },
          { name: 'vary', value: 'Origin' },
        ]
      : []),
  ];
  return {
    block: {
      customResponse: {
        responseCode: customBodies[key].status,
        customResponseBodyKey: key,
        ...(headers.length > 0 ? { responseHeaders: headers } : {}),
      },
    },
  };
};

/** The managed rule groups, in evaluation order, with the rule overrides each needs. */
export const managedRuleGroups = [
  { name: 'AWSManagedRulesAmazonIpReputationList', overrides: [] },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    // Its SizeRestrictions_BODY blocks bodies over 8 KB; the API accepts JSON bodies up to 64 KB
    // (MAX_BODY_BYTES in shared/http/middleware.ts answers 413 above that) and a company's user
    // with its options, limits and accounts can exceed 8 KB. Counted, so it still shows in the
    // WAF metrics and logs, instead of blocking legitimate requests.
    overrides: ['SizeRestrictions_BODY'],
  },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', overrides: [] },
] as const;

/**
 * The regional AWS WAF web ACL in front of the API stage: bank-wide blocked and allowed IP
 * sets (IPv4 and IPv6 each), a strict rate limit on the authentication routes and a looser one
 * on the whole API, then the AWS managed rule groups; logs of blocked and counted requests go
 * to an encrypted CloudWatch Logs group with credentials redacted.
 */
export class Firewall extends Construct {
  /** The web ACL. */
  readonly webAcl: wafv2.CfnWebACL;
  /** The bank-wide IP sets, by list and address family. */
  private readonly ipSets: Readonly<Record<BankIpSetName, Readonly<Record<AddressFamily, BankIpSet>>>>;
  /** Where WAF writes its logs (the name must start with `aws-waf-logs-`). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    this.ipSets = props.ipSets.ipSets;
    const qualifier = props.qualifier ?? props.stage;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `corporate-banking-admin-${qualifier}-${props.nameSuffix}`,
      scope: 'REGIONAL',
      // WAF descriptions take no parentheses or semicolons.
      description: `Corporate banking administration API, stage ${qualifier}`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`corporate-banking-${qualifier}`),
      customResponseBodies: Object.fromEntries(
        Object.entries(customBodies).map(([key, body]) => [
          key,
          { contentType: 'APPLICATION_JSON', content: JSON.stringify(body) },
        ]),
      ),
      rules: this.rules(props),
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.apiStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    const logGroupName = `aws-waf-logs-corporate-banking-admin-${qualifier}-${props.nameSuffix}`;
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // CloudWatch Logs encrypts with the key only for this log group (the encryption context).
    props.logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group's ARN without the `:*` suffix CDK's logGroupArn carries.
      logDestinationConfigs: [logGroupArn],
      redactedFields: redactedHeaders.map((name) => ({ singleHeader: { Name: name } })),
      // Allowed requests are in the API access log already; WAF logs what it blocked or counted.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });
    logging.node.addDependency(this.logGroup);
  }

  private rules(props: FirewallProps): Rule[] {
    /**
     * The request's source address is in the list. Only the source address counts: browsers call
     * the API directly (never through a proxy or CloudFront), and no header a client can set is
     * trusted for an address, here or in the handlers.
     */
    const clientIn = (list: BankIpSetName): Statement =>
      or(
        ...families.map(
          (family): Statement => ({ ipSetReferenceStatement: { arn: this.ipSets[list][family].arn } }),
        ),
      );
    /** A rate-based rule counting per source address. */
    const rateLimit = (name: string, limit: number, scopeDown?: Statement): Rule => ({
      name,
      action: block('rateLimited', props.portalOrigin),
      visibilityConfig: visibility(name),
      priority: 0,
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
        },
      },
    });

    const rules: Rule[] = [
      {
        name: 'BankBlockedIps',
        priority: 0,
        action: block('ipBlocked', props.portalOrigin),
        visibilityConfig: visibility('BankBlockedIps'),
        statement: clientIn('blocked'),
      },
      {
        // The allowed sets hold every address while the bank's allowed list is empty.
        name: 'BankAllowedIpsOnly',
        priority: 0,
        action: block('ipBlocked', props.portalOrigin),
        visibilityConfig: visibility('BankAllowedIpsOnly'),
        statement: not(clientIn('allowed')),
      },
      rateLimit('AuthRateLimit', props.authRateLimit, authPath(props.stage)),
      rateLimit('ApiRateLimit', props.apiRateLimit),
      ...managedRuleGroups.map(
        (group): Rule => ({
          name: group.name,
          priority: 0,
          overrideAction: { none: {} },
          visibilityConfig: visibility(group.name),
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ...(group.overrides.length > 0
                ? {
                    ruleActionOverrides: group.overrides.map((name) => ({
                      name,
                      actionToUse: { count: {} },
                    })),
                  }
                : {}),
            },
          },
        }),
      ),
    ];
    // Priorities follow the order above: IP rules first (cheap, and a blocked address is never
    // counted against a rate), then the rate limits, then the managed rule groups.
    return rules.map((rule, index) => ({ ...rule, priority: index }));
  }
}
