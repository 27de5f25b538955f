import type { Config } from '../../shared/config.ts';
import type { StageConfig } from './stages.ts';
import { serverTenant } from './tenant.ts';

/** Every variable that `readConfig` (shared/config.ts) reads, i.e. its keys minus the derived ones. */
type ConfigVariable = Exclude<keyof Config, 'allowedOrigins'>;

/**
 * How CDK sets each configuration variable in AWS: a value, or `undefined` to leave it unset.
 * The type lists every variable of shared/config.ts, so a variable added there is a compile
 * error here until someone decides how AWS sets it. Values are never secrets: the master key
 * is referenced by its secret's ARN and fetched at run time.
 */
export type ConfigVariables = { readonly [K in ConfigVariable]: string | undefined };

/** The per-function resources a function's configuration points at. */
export interface FunctionResources {
  readonly tableName: string;
  /**
   * The portal's origin (`https://<host>`, possibly a deploy-time token), the one origin the
   * functions answer CORS headers for; undefined (no portal) answers none.
   */
  readonly portalOrigin?: string;
  /** Only for functions that send e-mail. */
  readonly mail?: { readonly fromAddress: string; readonly configurationSetName: string };
  /** Only for functions that use the derived keys (sessions, challenges, anti-phishing decoys). */
  readonly secretsArn?: string;
  /** Only for functions that read or replace the bank-wide WAF IP sets: each set's `name|id|scope`. */
  readonly wafIpSets?: {
    readonly blocked: { readonly IPV4: string; readonly IPV6: string };
    readonly allowed: { readonly IPV4: string; readonly IPV6: string };
  };
}

/** The Lambda environment of one function: the stage's settings plus the resources it uses. */
export function functionEnvironment(
  config: StageConfig,
  resources: FunctionResources,
): Record<string, string> {
  const variables: ConfigVariables = {
    TABLE_NAME: resources.tableName,
    // Reserved: the Lambda runtime sets it.
    AWS_REGION: undefined,
    // Local stack only: AWS uses the regional service endpoints.
    DYNAMODB_ENDPOINT: undefined,
    SES_ENDPOINT: undefined,
    LOCAL_SECRETS_FILE: undefined,
    MAIL_FROM: resources.mail?.fromAddress,
    SES_CONFIGURATION_SET: resources.mail?.configurationSetName,
    PASSWORD_PROFILE: config.passwordProfile,
    LOCKOUT_THRESHOLD: String(config.lockoutThreshold),
    LOCKOUT_MINUTES: String(config.lockoutMinutes),
    LOCKOUT_PERMANENT_AFTER: String(config.lockoutPermanentAfter),
    GENERIC_PASSWORD_TTL_HOURS: String(config.genericPasswordTtlHours),
    DORMANT_DAYS: config.dormantDays === undefined ? undefined : String(config.dormantDays),
    ALLOWED_ORIGINS: resources.portalOrigin,
    LOG_LEVEL: config.logLevel,
    SECRETS_ARN: resources.secretsArn,
    WAF_BLOCKED_IPV4_SET: resources.wafIpSets?.blocked.IPV4,
    WAF_BLOCKED_IPV6_SET: resources.wafIpSets?.blocked.IPV6,
    WAF_ALLOWED_IPV4_SET: resources.wafIpSets?.allowed.IPV4,
    WAF_ALLOWED_IPV6_SET: resources.wafIpSets?.allowed.IPV6,
    LOCAL_IP_SETS_FILE: undefined,
    // The bank's names, contact, token and formats, from its tenant file (never secrets).
    TENANT: JSON.stringify(serverTenant(config.tenant)),
    // The defaults in shared/config.ts are the product's rules (PCI DSS 8.2.8 idle
    // timeout, session and challenge lifetimes, token issuer and audience); no stage overrides them.

    SESSION_IDLE_MINUTES: undefined,
    SESSION_MAX_HOURS: undefined,
    CHALLENGE_MINUTES: undefined,
    TOKEN_ISSUER: undefined,
    TOKEN_AUDIENCE: undefined,
  };
  // No NODE_OPTIONS=--enable-source-maps: it costs every cold start ~20 ms (`npm run
  // bench`'s source-map row). Stack traces are resolved against the source maps when the logs
  // are read instead (`npm run stack`, docs/performance.md).
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}
