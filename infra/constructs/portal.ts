import {
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '../config/stages.ts';
import { type PortalTenant, portalTenant } from '../config/tenant.ts';

/**
 * The portal's Content-Security-Policy: its own origin only, images also as data: URLs
 * (anti-phishing images), and the API's origin for fetch (the browser calls the API directly on
 * its regional endpoint). `apiOrigin` may be a deploy-time token (execute-api host).
 */
export const portalContentSecurityPolicy = (apiOrigin: string): string =>
  [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

/** Where the portal reads, at run time, the API's base URL (`{ "apiBaseUrl": "https://…" }`). */
export const portalConfigKey = 'config.json';

/** The runtime configuration of the portal, deployed as {@link portalConfigKey}. */
export interface PortalRuntimeConfig {
  /** The API's base URL, without a trailing slash (route paths are appended to it). */
  readonly apiBaseUrl: string;
  /** The bank's brand and texts (tenants/<id>.json): one built portal serves every bank. */
  readonly tenant: PortalTenant;
}

/** Props of the portal. */
export interface PortalProps {
  readonly config: StageConfig;
  readonly portal: NonNullable<StageConfig['portal']>;
  /** The API's base URL (may be a token), written to the portal's `config.json`. */
  readonly apiBaseUrl: string;
  /** The API's origin (may be a token), allowed by the CSP's `connect-src`. */
  readonly apiOrigin: string;
  /** The built portal (`web/dist`), or undefined to deploy no files. */
  readonly assetsPath?: string;
}

/**
 * The portal's hosting: a private, versioned, encrypted S3 bucket read by CloudFront through
 * Origin Access Control, HTTPS only with TLS 1.2 (2021) on a custom domain, strict security
 * headers. Static files only: the browser calls the API on the API's own regional endpoint
 * (CORS allows exactly this portal's origin), so API Gateway, the web ACL and the handlers see
 * the user's own address as the request's source, never a CloudFront edge's.
 */
export class Portal extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headersPolicy: cloudfront.ResponseHeadersPolicy;
  /**
   * The portal's origin, `https://<portal.domain.name>`, else `https://<distribution domain>` (a
   * token): the one origin the API allows by CORS.
   */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    const { config, portal } = props;

    // CloudFront standard logs need ACLs (the log-delivery account writes objects); nothing else does.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      // Kept when the stack is deleted (CloudFormation cannot delete a bucket that holds objects,
      // and emptying it needs a custom-resource function): delete by hand if not needed.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the portal bucket and distribution access logs; logging its own ' +
        'access would log into itself. Its contents expire with the stage log retention.',
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // The site is rebuilt from the repository; old versions expire.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.headersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Corporate banking portal: strict CSP, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: portalContentSecurityPolicy(props.apiOrigin),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    // Client-side routes (no file extension) load the single page; files are served as they are.
    const singlePage = new cloudfront.Function(this, 'SinglePage', {
      comment: 'Serves index.html for the portal routes',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`,
      ),
    });

    const domain = portal.domain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Corporate banking portal (${config.tenant.id}-${config.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Applies to a custom domain's certificate; the default *.cloudfront.net one has a fixed policy.
      minimumProtocolVersion: domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      domainNames: domain ? [domain.name] : undefined,
      certificate: domain
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn)
        : undefined,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headersPolicy,
        functionAssociations: [
          { function: singlePage, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    });
    this.origin = `https://${domain ? domain.name : this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the bank serves companies whose administrators travel; access is restricted ' +
          'by the bank-wide and per-company IP rules instead.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only the static files of the portal (public by nature, no credentials, no ' +
          'API path) from a private bucket through origin access control. The API, which the browser calls on ' +
          'its own regional endpoint, is protected by the regional web ACL of the API stage.',
      },
      ...(domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose ' +
                'security policy cannot be chosen; with one (portal.domain) TLSv1.2_2021 applies.',
            },
          ]),
    );

    if (domain?.hostedZone) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: domain.hostedZone.id,
        zoneName: domain.hostedZone.name,
      });
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      new route53.ARecord(this, 'Record', { zone, recordName: domain.name, target });
      new route53.AaaaRecord(this, 'RecordIpv6', { zone, recordName: domain.name, target });
    }

    if (props.assetsPath) {
      const deployment = new s3deploy.BucketDeployment(this, 'Files', {
        // The API's base URL is known only at deploy time (execute-api id): the portal reads it from
        // /config.json at run time instead of having it built in.
        sources: [
          s3deploy.Source.asset(props.assetsPath),
          s3deploy.Source.jsonData(portalConfigKey, {
            apiBaseUrl: props.apiBaseUrl,
            tenant: portalTenant(config.tenant),
          } satisfies PortalRuntimeConfig),
        ],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      acknowledgeBucketDeployment(deployment, this.bucket);
    }
  }
}

/**
 * The BucketDeployment's copying function is CDK's own singleton (a custom resource provider):
 * its runtime, role and policies are set by aws-cdk-lib, not by this project.
 */
function acknowledgeBucketDeployment(deployment: s3deploy.BucketDeployment, bucket: s3.Bucket): void {
  const stack = Stack.of(deployment);
  const handlers = stack.node.children.filter((child: IConstruct) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  for (const handler of handlers) {
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "aws-cdk-lib's BucketDeployment function uses AWSLambdaBasicExecutionRole for its logs; it runs only " +
          'during deployments, copying the built portal into the site bucket.',
      },
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::arn:aws:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}/*`,
        `Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/*`,
        'Resource::*',
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "aws-cdk-lib's BucketDeployment function reads the portal's asset from the CDK assets bucket and " +
          'replaces the objects of the site bucket (object and action wildcards of those two buckets only), and ' +
          'invalidates the distribution (cloudfront:CreateInvalidation has no resource-level permission).',
      })),
      {
        id: 'AwsSolutions-L1',
        reason: "The BucketDeployment function's runtime is chosen and upgraded by aws-cdk-lib.",
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: "The BucketDeployment function's runtime is chosen and upgraded by aws-cdk-lib.",
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'CloudFormation invokes the custom resource synchronously and fails the deployment on error.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'A deployment-time copy job of aws-cdk-lib; CloudFormation events record its outcome.',
      },
      {
        id: 'Serverless-LambdaDefaultMemorySize',
        reason: 'Sized by memoryLimit on the BucketDeployment.',
      },
    );
  }
}
