import * as z from 'zod/mini';

const positiveInt = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

/** `name|id|scope`: the `Ref` of an `AWS::WAFv2::IPSet` (`CfnIPSet.ref` in CDK); see `shared/data/waf-ip-sets.ts`. */
export const WAF_IP_SET_REF = /^([A-Za-z0-9_-]{1,128})\|([A-Za-z0-9-]{1,128})\|(REGIONAL|CLOUDFRONT)$/;
const wafIpSetRef = () => z.string().check(z.regex(WAF_IP_SET_REF));

/** Built by {@link readConfig}, once per cold start, not when the module loads. */
const environmentSchema = () =>
  z.object({
    TABLE_NAME: z.string().check(z.minLength(3)),
    AWS_REGION: z._default(z.string(), 'us-east-1'),
    /** Local stack only: DynamoDB Local's endpoint. */
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    /** Local stack only: the local SES v2 endpoint. */
    SES_ENDPOINT: z.optional(z.url()),
    MAIL_FROM: z.optional(z.string().check(z.minLength(3))),
    SES_CONFIGURATION_SET: z.optional(z.string()),
    /** The bank's facts (JSON of `ServerTenant`, shared/tenant.ts), read by `tenant()`; the guide's bank when unset. */
    TENANT: z.optional(z.string().check(z.startsWith('{'))),
    PASSWORD_PROFILE: z._default(z.enum(['bank', 'hardened']), 'bank'),
    LOCKOUT_THRESHOLD: positiveInt(1, 10, 3),
    /** How long a temporary password lock lasts (PCI DSS 8.3.4: at least 30 minutes is the default). */
    LOCKOUT_MINUTES: positiveInt(15, 1440, 30),
    /** The n-th password lock within 24 hours is permanent (1: every lock is). */
    LOCKOUT_PERMANENT_AFTER: positiveInt(1, 10, 3),
    GENERIC_PASSWORD_TTL_HOURS: positiveInt(1, 720, 72),
    /** Comma-separated origins allowed by CORS; empty means same-site only (no CORS headers). */
    ALLOWED_ORIGINS: z._default(z.string(), ''),
    LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
    /** AWS: the Secrets Manager secret holding the master key (read through the Lambda extension). */
    SECRETS_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    /** Local stack only: a git-ignored file holding the master key. */
    LOCAL_SECRETS_FILE: z.optional(z.string()),
    /** Days without activity after which the dormancy job disables an end user (PCI DSS 8.2.6). */
    DORMANT_DAYS: positiveInt(1, 3650, 90),
    SESSION_IDLE_MINUTES: positiveInt(1, 60, 15),
    SESSION_MAX_HOURS: positiveInt(1, 12, 8),
    CHALLENGE_MINUTES: positiveInt(1, 30, 5),
    TOKEN_ISSUER: z._default(z.string(), 'urn:bank:corporate-banking-admin'),
    TOKEN_AUDIENCE: z._default(z.string(), 'urn:bank:corporate-banking-api'),
    /**
     * AWS: the bank-wide WAF IP sets, each the CloudFormation Ref of an AWS::WAFv2::IPSet
     * (`name|id|scope`; `CfnIPSet.ref`). A WAF IP set holds one address family, so each list is
     * a pair. The IP-set routes need all four (or LOCAL_IP_SETS_FILE).
     */
    WAF_BLOCKED_IPV4_SET: z.optional(wafIpSetRef()),
    WAF_BLOCKED_IPV6_SET: z.optional(wafIpSetRef()),
    WAF_ALLOWED_IPV4_SET: z.optional(wafIpSetRef()),
    WAF_ALLOWED_IPV6_SET: z.optional(wafIpSetRef()),
    /** Local stack only: the file of bank-wide IP sets that the local server enforces. */
    LOCAL_IP_SETS_FILE: z.optional(z.string()),
  });

export type Config = z.infer<ReturnType<typeof environmentSchema>> & { allowedOrigins: string[] };

/**
 * Reads the function's configuration once, at cold start, and fails fast with the names of
 * the missing or invalid variables.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema().safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return {
    ...parsed.data,
    allowedOrigins: parsed.data.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}
