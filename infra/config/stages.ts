import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod/mini';

/** The deployable stages; `cdk synth -c stage=<name>` picks one (default `dev`). */
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

const stageConfigSchema = z.strictObject({
  stage: z.enum(stageNames),
  /** Target account; undefined synthesizes an account-agnostic template (CI without credentials). */
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'not a 12-digit AWS account id'))),
  region: z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'not an AWS region name')),
  /** Keep the table, its key, the master-key secret and the logs when the stack is deleted (RETAIN + deletion protection). */
  retainData: z.boolean(),
  /** Custom domain of the API; the certificate must be an ACM certificate in the stage's region. */
  apiDomain: z.optional(
    z.strictObject({
      name: hostname,
      certificateArn: z.string().check(z.regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/)),
    }),
  ),
  mail: z.strictObject({
    /** The SES identity: a domain, so DKIM covers every sender address in it. */
    identityDomain: hostname,
    /** The From address of generic-password e-mails; must belong to `identityDomain`. */
    fromAddress: z.email(),
  }),
  /** WAF rate-based rules, requests per 5 minutes per client IP (WAF's minimum is 10). */
  waf: z.strictObject({
    authRateLimit: int(10, 2_000_000_000),
    apiRateLimit: int(10, 2_000_000_000),
  }),
  passwordProfile: z.enum(['bank', 'hardened']),
  lockoutThreshold: int(1, 10),
  genericPasswordTtlHours: int(1, 720),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  /** Browser origins allowed by CORS; empty keeps the API same-site only. */
  allowedOrigins: z.array(z.url({ protocol: /^https$/ })),
  logRetentionDays: retentionDays,
  /** API Gateway stage-wide throttling (requests per second, and the token bucket's burst). */
  throttling: z.strictObject({ rateLimit: int(1, 10_000), burstLimit: int(1, 5_000) }),
  /**
   * Reserved concurrency of the login function: caps what a credential-stuffing flood can take
   * from the account's concurrency pool, and keeps that much for logins when other functions
   * spike. Undefined where the account's concurrency quota is too small to reserve any.
   */
  loginReservedConcurrency: z.optional(int(1, 1000)),
});

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
export function stageInputs(env: NodeJS.ProcessEnv = process.env): Record<StageName, StageInput> {
  const shared: Pick<
    StageInput,
    'region' | 'passwordProfile' | 'lockoutThreshold' | 'genericPasswordTtlHours' | 'allowedOrigins'
  > = {
    region: 'us-east-1',
    passwordProfile: 'bank',
    lockoutThreshold: 3,
    genericPasswordTtlHours: 72,
    allowedOrigins: [],
  };
  return {
    dev: {
      ...shared,
      stage: 'dev',
      account: accountFrom(env.DEV_ACCOUNT_ID),
      retainData: false,
      mail: { identityDomain: 'dev.banking.example.com', fromAddress: 'no-reply@dev.banking.example.com' },
      waf: { authRateLimit: 100, apiRateLimit: 2000 },
      logLevel: 'debug',
      logRetentionDays: RetentionDays.ONE_MONTH,
      throttling: { rateLimit: 50, burstLimit: 100 },
    },
    prod: {
      ...shared,
      stage: 'prod',
      account: accountFrom(env.PROD_ACCOUNT_ID),
      retainData: true,
      mail: { identityDomain: 'banking.example.com', fromAddress: 'no-reply@banking.example.com' },
      waf: { authRateLimit: 100, apiRateLimit: 5000 },
      logLevel: 'info',
      // PCI DSS 10.5.1 asks for at least twelve months of audit log history; the bank's own
      // retention rules may ask for more.
      logRetentionDays: RetentionDays.THIRTEEN_MONTHS,
      throttling: { rateLimit: 200, burstLimit: 400 },
      loginReservedConcurrency: 50,
    },
  };
}

/** Describes one zod issue as `field: problem`, since zod/mini ships no messages of its own. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.') || '(root)';
  const detail = (() => {
    // A message given in the schema says it best; zod/mini's own is just "Invalid input".
    if (issue.message !== 'Invalid input') return issue.message;
    switch (issue.code) {
      case 'too_big':
        return `must be at most ${issue.maximum}`;
      case 'too_small':
        return `must be at least ${issue.minimum}`;
      case 'invalid_type':
        return `expected ${issue.expected}`;
      case 'invalid_value':
        return `expected one of ${issue.values.join(', ')}`;
      case 'unrecognized_keys':
        return `unknown field(s) ${issue.keys.join(', ')}`;
      case 'invalid_format':
        return `not a valid ${issue.format}`;
      default:
        return issue.code;
    }
  })();
  return `${field}: ${detail}`;
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
  if (!config.mail.fromAddress.endsWith(`@${config.mail.identityDomain}`)) {
    throw new Error(
      `Invalid stage configuration: mail.fromAddress: must be an address of ${config.mail.identityDomain}`,
    );
  }
  return config;
}

/** The validated configuration of the named stage; an unknown name is an error naming `stage`. */
export function stageConfig(name: string, env: NodeJS.ProcessEnv = process.env): StageConfig {
  if (!(stageNames as readonly string[]).includes(name)) {
    throw new Error(
      `Invalid stage configuration: stage: unknown stage "${name}" (expected ${stageNames.join(', ')})`,
    );
  }
  return parseStageConfig(stageInputs(env)[name as StageName]);
}
