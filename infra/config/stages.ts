import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod/mini';
import { describeIssue } from './issues.ts';
import { loadTenant, type TenantConfig, tenantCrossFieldProblems, tenantSchema } from './tenant.ts';

/** The deployable stages; `cdk synth -c stage=<name> -c tenant=<id>` picks one (default `dev` of `bop`). */
export const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** CloudWatch Logs accepts only these retention periods; anything else fails at deploy time, so fail at synth. */
const retentionDays = z.number().check(
  z.refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
    message: `not a CloudWatch Logs retention period (${Object.values(RetentionDays)
      .filter((v) => typeof v === 'number')
      .join(', ')})`,
  }),
);

const hostname = z
  .string()
  .check(
    z.regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a lower-case DNS name'),
  );

const certificateArn = z
  .string()
  .check(z.regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'not an ACM certificate ARN'));

/** A Route 53 public hosted zone the stack writes alias records into (no lookup at synth time). */
const hostedZone = z.strictObject({
  id: z.string().check(z.regex(/^Z[A-Z0-9]{1,31}$/, 'not a Route 53 hosted zone id')),
  name: hostname,
});

/** IAM role or user ARNs, or role names of the stage's own account. */
const invokerList = z.array(
  z
    .string()
    .check(
      z.regex(
        /^(arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}|[\w+=,.@-]{1,64})$/,
        'not an IAM role or user ARN, nor a role name',
      ),
    ),
);

const stageConfigSchema = z.strictObject({
  stage: z.enum(stageNames),
  /** The bank this stage serves (tenants/<id>.json): its names, brand, contact, mail, token, formats. */
  tenant: tenantSchema,
  /** Target account; undefined synthesizes an account-agnostic template (CI without credentials). */
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'not a 12-digit AWS account id'))),
  region: z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'not an AWS region name')),
  /** Keep the table, its key, the master-key secret and the logs when the stack is deleted (RETAIN + deletion protection). */
  retainData: z.boolean(),
  /**
   * CloudFormation termination protection of the stage's stacks. Off until the first deploy has
   * succeeded: a protected stack whose first create failed cannot be deleted, so every retry
   * fails. The operator turns it on once, after the first successful deploy (docs/deploy.md).
   */
  terminationProtection: z.boolean(),
  /**
   * The account's Lambda concurrent-executions quota in the stage's region (Service Quotas
   * L-B99A9384), as the operator has checked or raised it: new accounts often have 10. Lambda
   * keeps 100 unreserved, so reserved concurrency must fit under quota − 100 (checked at synth).
   */
  lambdaConcurrencyQuota: int(10, 1_000_000),
  /**
   * Custom domain of the API, served by API Gateway with a TLS 1.2 security policy. The
   * certificate must be an ACM certificate in the stage's region; with a hosted zone, the stack
   * also writes the alias record. The portal's browser calls the API here (same site as the
   * portal domain, e.g. `api.banca.example.com` next to `banca.example.com`); without it, on the
   * stage's execute-api URL.
   */
  apiDomain: z.optional(
    z.strictObject({
      name: hostname,
      certificateArn,
      hostedZone: z.optional(hostedZone),
    }),
  ),
  /**
   * The portal: a private S3 bucket behind CloudFront, static files only. The browser calls the
   * API directly on its own regional endpoint (`apiDomain`, else execute-api), never through
   * CloudFront, so API Gateway sees the user's address as the request's source; the API allows
   * CORS for exactly the portal's origin (`https://<domain.name>`, else the distribution's
   * `*.cloudfront.net` domain). Undefined deploys no portal and no CORS. A custom domain needs a
   * certificate in us-east-1 (CloudFront's).
   */
  portal: z.optional(
    z.strictObject({
      domain: z.optional(
        z.strictObject({
          name: hostname,
          certificateArn: certificateArn.check(
            z.regex(/^arn:aws[a-z-]*:acm:us-east-1:/, 'CloudFront needs an ACM certificate in us-east-1'),
          ),
          hostedZone: z.optional(hostedZone),
        }),
      ),
    }),
  ),
  mail: z.strictObject({
    /** The SES identity: a domain, so DKIM covers every sender address in it. */
    identityDomain: hostname,
    /** The From address of generic-password e-mails; must belong to `identityDomain`. */
    fromAddress: z.email(),
    /**
     * The Route 53 public zone of `identityDomain`, when the stack may write the three DKIM CNAME
     * records there; without it, the stack outputs them for the operator to publish.
     */
    hostedZone: z.optional(hostedZone),
  }),
  /**
   * Who may invoke the bank back-office routes (`/bank/*`: onboarding, administrator passwords,
   * the bank's IP sets): IAM role or user ARNs, or role names of the stage's own account. The
   * API's resource policy denies them to every other principal, even one whose own policy allows
   * `execute-api:Invoke`.
   */
  bankInvokers: invokerList,
  /**
   * Who may invoke the service routes of the bank's transactional modules (`/service/*`:
   * entitlement decisions, operation capture, state and events), in the same forms. A list of
   * its own, with no principal of `bankInvokers` (checked at synth): the back office cannot
   * capture operations, and a transactional module cannot onboard companies.
   */
  serviceInvokers: invokerList,
  /**
   * WAF rate-based rules, requests per 5 minutes per client IP (WAF's minimum is 10): the
   * authentication routes (`/auth/*`), and the whole API, which must be looser.
   */
  waf: z.strictObject({
    authRateLimit: int(10, 2_000_000_000),
    apiRateLimit: int(10, 2_000_000_000),
  }),
  passwordProfile: z.enum(['bank', 'hardened']),
  /** Wrong passwords (and, apart, wrong BOP Token codes) in a row that lock the credential. */
  lockoutThreshold: int(1, 10),
  /** How long a temporary password lock lasts, in minutes (PCI DSS 8.3.4: at least 30 by default). */
  lockoutMinutes: int(15, 1440),
  /** The n-th password lock within 24 hours is permanent (1: every lock is); see docs/security.md. */
  lockoutPermanentAfter: int(1, 10),
  genericPasswordTtlHours: int(1, 720),
  /** Days without activity after which the dormancy job disables an end user (PCI DSS 8.2.6); 90 when absent. */
  dormantDays: z.optional(int(1, 3650)),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  logRetentionDays: retentionDays,
  /** API Gateway stage-wide throttling (requests per second, and the token bucket's burst). */
  throttling: z.strictObject({ rateLimit: int(1, 10_000), burstLimit: int(1, 5_000) }),
  /**
   * Reserved concurrency of the login function: caps what a credential-stuffing flood can take
   * from the account's concurrency pool, and keeps that much for logins when other functions
   * spike. Undefined where the account's concurrency quota is too small to reserve any.
   */
  loginReservedConcurrency: z.optional(int(1, 1000)),
  /**
   * Provisioned concurrency of the login function (a `live` alias that API Gateway invokes): no
   * cold start on the route users wait on first. Costs money while idle, so off in dev.
   */
  loginProvisionedConcurrency: z.optional(int(1, 100)),
  /** CloudWatch Contributor Insights on the table (most-accessed and most-throttled keys); billed per event. */
  contributorInsights: z.boolean(),
  /** Where CloudWatch alarms go: an SNS topic (KMS-encrypted) with these e-mail subscriptions. */
  alarms: z.strictObject({
    emails: z.array(z.email()),
    /** API 5xx responses, as a percentage of requests over 5 minutes, that raise the alarm. */
    serverErrorRatePercent: z.number().check(z.gt(0), z.lte(100)),
  }),
  /** The CI pipeline's OIDC trust (GitHub Actions): the repository and whether this account needs the provider. */
  pipeline: z.strictObject({
    /** `owner/name` of the GitHub repository whose workflow deploys this stage. */
    githubRepository: z.string().check(z.regex(/^[\w.-]+\/[\w.-]+$/, 'not an owner/name GitHub repository')),
    /** False when the account already has the token.actions.githubusercontent.com provider (one per account). */
    createOidcProvider: z.boolean(),
    /** A manual approval gates the deployment: a read-only diff role for the job that shows `cdk diff` first. */
    approval: z.boolean(),
    /**
     * Whether this stage's baseline stack sets the account's API Gateway CloudWatch role (one per
     * account and region, needed by execution logging): false when another stack already does.
     */
    apiGatewayAccount: z.boolean(),
  }),
});

/**
 * What happens to the stage's logs, log key and other kept-but-replaceable resources when the
 * stack deletes them: a stage that keeps data keeps them on update and delete, but a failed first
 * create removes them (CloudFormation's RetainExceptOnCreate), so nothing of a failed create
 * survives to block the retry. The table, its key and the master-key secret keep RETAIN.
 */
export const keptResourcePolicy = (config: Pick<StageConfig, 'retainData'>): RemovalPolicy =>
  config.retainData ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY;

/** The concurrent executions Lambda keeps unreserved in every account and region. */
export const unreservedConcurrencyFloor = 100;

/** A comma-separated list from the environment; unset or empty gives the fallback. */
const listFrom = (value: string | undefined, fallback: string[]): string[] => {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : fallback;
};

/**
 * What every name of a stage's resources carries: the tenant and the stage (`bop-prod`), so two
 * banks' stages, or two stages of one bank, in one account never collide.
 */
export const resourceQualifier = (config: Pick<StageConfig, 'stage' | 'tenant'>): string =>
  `${config.tenant.id}-${config.stage}`;

/** A validated stage configuration. */
export type StageConfig = z.infer<typeof stageConfigSchema>;

/** Stage settings as written below, before validation. */
export type StageInput = z.input<typeof stageConfigSchema>;

/** An account id from the environment; unset or empty means an account-agnostic synth. */
const accountFrom = (value: string | undefined) => (value === '' ? undefined : value);

/**
 * Each stage's settings. Accounts come from DEV_ACCOUNT_ID / PROD_ACCOUNT_ID (CI sets them);
 * nothing secret lives here. The example.com domains are placeholders for the bank's own.
 */
export function stageInputs(
  env: NodeJS.ProcessEnv = process.env,
  tenant: TenantConfig = loadTenant(),
): Record<StageName, StageInput> {
  const shared: Pick<
    StageInput,
    | 'region'
    | 'passwordProfile'
    | 'lockoutThreshold'
    | 'lockoutMinutes'
    | 'lockoutPermanentAfter'
    | 'genericPasswordTtlHours'
    | 'portal'
    | 'tenant'
  > = {
    tenant,
    // The bank's region, password profile and lockout settings are the tenant's.
    region: tenant.region,
    ...tenant.security,
    // The portal's origin is the only CORS origin of the API (derived, see `portal`).
    portal: {},
  };
  // The bank's fork of this repository; OIDC tokens of any other repository are refused.
  const githubRepository = env.GITHUB_REPOSITORY || 'bank/corporate-banking-admin';
  return {
    dev: {
      ...shared,
      stage: 'dev',
      account: accountFrom(env.DEV_ACCOUNT_ID),
      retainData: false,
      terminationProtection: false,
      // A new account's quota: dev reserves nothing, so it deploys anywhere.
      lambdaConcurrencyQuota: 10,
      bankInvokers: listFrom(env.DEV_BANK_INVOKERS, ['corporate-banking-bank-operator']),
      serviceInvokers: listFrom(env.DEV_SERVICE_INVOKERS, ['corporate-banking-transactional-modules']),
      mail: {
        identityDomain: `dev.${tenant.mail.identityDomain}`,
        fromAddress: tenant.mail.fromAddress.replace(/@.*$/, `@dev.${tenant.mail.identityDomain}`),
      },
      waf: { authRateLimit: 100, apiRateLimit: 2000 },
      logLevel: 'debug',
      logRetentionDays: RetentionDays.ONE_MONTH,
      throttling: { rateLimit: 50, burstLimit: 100 },
      contributorInsights: false,
      alarms: { emails: [], serverErrorRatePercent: 5 },
      pipeline: { githubRepository, createOidcProvider: true, approval: false, apiGatewayAccount: true },
    },
    prod: {
      ...shared,
      stage: 'prod',
      account: accountFrom(env.PROD_ACCOUNT_ID),
      retainData: true,
      // Set PROD_TERMINATION_PROTECTION=true (a variable of the prod GitHub environments) once
      // the first deploy has succeeded (docs/deploy.md, step 7).
      terminationProtection: env.PROD_TERMINATION_PROTECTION === 'true',
      // A prerequisite the operator raises before the first deploy (docs/deploy.md, step 3).
      lambdaConcurrencyQuota: 1000,
      bankInvokers: listFrom(env.PROD_BANK_INVOKERS, ['corporate-banking-bank-operator']),
      serviceInvokers: listFrom(env.PROD_SERVICE_INVOKERS, ['corporate-banking-transactional-modules']),
      mail: { identityDomain: tenant.mail.identityDomain, fromAddress: tenant.mail.fromAddress },
      waf: { authRateLimit: 100, apiRateLimit: 5000 },
      logLevel: 'info',
      // PCI DSS 10.5.1 asks for at least twelve months of audit log history; the bank's own
      // retention rules may ask for more.
      logRetentionDays: RetentionDays.THIRTEEN_MONTHS,
      throttling: { rateLimit: 200, burstLimit: 400 },
      loginReservedConcurrency: 50,
      loginProvisionedConcurrency: 2,
      contributorInsights: true,
      alarms: {
        emails: listFrom(env.PROD_ALARM_EMAILS, [`security-operations@${tenant.mail.identityDomain}`]),
        serverErrorRatePercent: 1,
      },
      pipeline: { githubRepository, createOidcProvider: true, approval: true, apiGatewayAccount: true },
    },
  };
}

/** Rules that relate two fields, each reported as `field: problem` like the schema's own. */
function crossFieldProblems(config: StageConfig): string[] {
  const problems: string[] = tenantCrossFieldProblems(config.tenant).map((problem) => `tenant.${problem}`);
  if (!config.mail.fromAddress.endsWith(`@${config.mail.identityDomain}`)) {
    problems.push(`mail.fromAddress: must be an address of ${config.mail.identityDomain}`);
  }
  if (config.waf.apiRateLimit < config.waf.authRateLimit) {
    problems.push('waf.apiRateLimit: must be at least waf.authRateLimit (the whole API includes /auth/*)');
  }
  // Lambda refuses a reservation that leaves fewer than 100 unreserved executions in the account.
  const reserved = config.loginReservedConcurrency ?? 0;
  if (reserved > 0 && reserved > config.lambdaConcurrencyQuota - unreservedConcurrencyFloor) {
    problems.push(
      `loginReservedConcurrency: ${reserved} does not fit the account's concurrency quota ` +
        `(lambdaConcurrencyQuota ${config.lambdaConcurrencyQuota} − ${unreservedConcurrencyFloor} Lambda keeps unreserved): ` +
        'raise the quota first (docs/deploy.md) or reserve less',
    );
  }
  if (config.retainData && config.alarms.emails.length === 0) {
    problems.push('alarms.emails: a stage that keeps data needs at least one alarm subscriber');
  }
  if (
    config.mail.hostedZone &&
    !`.${config.mail.identityDomain}`.endsWith(`.${config.mail.hostedZone.name}`)
  ) {
    problems.push(
      `mail.hostedZone.name: ${config.mail.identityDomain} is not in zone ${config.mail.hostedZone.name}`,
    );
  }
  const provisioned = config.loginProvisionedConcurrency;
  if (
    provisioned !== undefined &&
    provisioned > (config.loginReservedConcurrency ?? Number.POSITIVE_INFINITY)
  ) {
    problems.push('loginProvisionedConcurrency: must not exceed loginReservedConcurrency');
  }
  for (const [field, domain] of [
    ['apiDomain', config.apiDomain],
    ['portal.domain', config.portal?.domain],
  ] as const) {
    if (domain?.hostedZone && !`.${domain.name}`.endsWith(`.${domain.hostedZone.name}`)) {
      problems.push(`${field}.hostedZone.name: ${domain.name} is not in zone ${domain.hostedZone.name}`);
    }
  }
  const shared = config.serviceInvokers.filter((invoker) => config.bankInvokers.includes(invoker));
  if (shared.length > 0) {
    problems.push(
      `serviceInvokers: ${shared.join(', ')} also in bankInvokers (the back office must not capture ` +
        'operations, nor a transactional module onboard companies: give each its own role)',
    );
  }
  if (config.apiDomain && config.apiDomain.name === config.portal?.domain?.name) {
    problems.push('portal.domain.name: must differ from apiDomain.name');
  }
  return problems;
}

/**
 * Validates one stage's settings; throws an error naming every invalid field, so a bad
 * value stops `cdk synth` before anything is built.
 */
export function parseStageConfig(input: unknown): StageConfig {
  const parsed = stageConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`Invalid stage configuration: ${parsed.error.issues.map(describeIssue).join('; ')}`);
  }
  const config = parsed.data;
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new Error(`Invalid stage configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * The validated configuration of the named stage of a tenant (the guide's bank by default); an
 * unknown name is an error naming `stage`.
 */
export function stageConfig(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  tenant: TenantConfig = loadTenant(),
): StageConfig {
  if (!(stageNames as readonly string[]).includes(name)) {
    throw new Error(
      `Invalid stage configuration: stage: unknown stage "${name}" (expected ${stageNames.join(', ')})`,
    );
  }
  return parseStageConfig(stageInputs(env, tenant)[name as StageName]);
}
