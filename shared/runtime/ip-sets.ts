import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { auditPut } from '../data/audit.ts';
import type { BankIpSetStore } from '../data/bank-ip-sets.ts';
import { localIpSetStore } from '../data/local-ip-sets.ts';
import { parseWafIpSetRef, wafIpSetStore } from '../data/waf-ip-sets.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { BankIpSetDeps } from '../services/bank-ip-sets.ts';
import { type CoreRuntime, clockOf } from './core.ts';

const WAF_VARIABLES = [
  'WAF_BLOCKED_IPV4_SET',
  'WAF_BLOCKED_IPV6_SET',
  'WAF_ALLOWED_IPV4_SET',
  'WAF_ALLOWED_IPV6_SET',
] as const;

/**
 * The bank-wide IP sets this deployment enforces: the AWS WAF IP sets when the four
 * `WAF_*_SET` variables name them, the local server's file on the local stack; anything
 * else fails at cold start.
 */
export function bankIpSetStore(config: Config): BankIpSetStore {
  const given = WAF_VARIABLES.filter((name) => config[name]);
  if (given.length === WAF_VARIABLES.length) {
    const ref = (name: (typeof WAF_VARIABLES)[number]) => parseWafIpSetRef(config[name] as string, name);
    const refs = {
      blocked: { IPV4: ref('WAF_BLOCKED_IPV4_SET'), IPV6: ref('WAF_BLOCKED_IPV6_SET') },
      allowed: { IPV4: ref('WAF_ALLOWED_IPV4_SET'), IPV6: ref('WAF_ALLOWED_IPV6_SET') },
    };
    // CloudFront-scoped sets are managed through us-east-1 only.
    const region = refs.blocked.IPV4.scope === 'CLOUDFRONT' ? 'us-east-1' : config.AWS_REGION;
    return wafIpSetStore(new WAFV2Client({ region, maxAttempts: 3 }), refs);
  }
  if (given.length === 0 && config.LOCAL_IP_SETS_FILE) return localIpSetStore(config.LOCAL_IP_SETS_FILE);
  const missing = WAF_VARIABLES.filter((name) => !config[name]);
  throw new Error(`Invalid configuration: ${missing.join(', ')} (or LOCAL_IP_SETS_FILE on the local stack)`);
}

/**
 * Dependencies of the bank's IP-set routes (IAM-authorized: no session authenticator, token
 * library or key loader; only the WAF client and the audit write).
 */
export function bankIpSetDeps(runtime: CoreRuntime): BankIpSetDeps & { http: HttpOptions } {
  const { config, doc, http } = runtime;
  return {
    ipSets: bankIpSetStore(config),
    audit: async (entry) => {
      await doc.send(new TransactWriteCommand({ TransactItems: [auditPut(config.TABLE_NAME, entry)] }));
    },
    http,
    ...clockOf(runtime),
  };
}
