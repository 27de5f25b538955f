/**
 * Target 5: what the API costs per million administrative requests and per
 * thousand monthly active users, from the measured warm durations, DynamoDB round trips and
 * request units, and each function's memory, compared with Amazon Cognito's price per MAU.
 *
 * Prices: us-east-1, as published by AWS when this was written (2026), without free tiers;
 * check them before quoting. Every other number below is an assumption, named and printed.
 */
import type { WarmResult } from './warm.ts';

export const PRICES = {
  region: 'us-east-1',
  /** Lambda on Arm (Graviton): per GB-second (first 7.5 billion GB-s a month) and per request. */
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  /** API Gateway REST API, per million requests (first 333 million a month). */
  apiGatewayRestPerMillion: 3.5,
  /** DynamoDB on-demand, per million read / write request units (standard table class). */
  dynamoDbPerMillionReadUnits: 0.125,
  dynamoDbPerMillionWriteUnits: 0.625,
  /** AWS WAF: per million requests inspected, per web ACL a month, per rule or managed rule group a month. */
  wafPerMillionRequests: 0.6,
  wafPerWebAclMonth: 5,
  wafPerRuleMonth: 1,
  /** Amazon Cognito user pools, per MAU beyond the free 10,000: Lite and Essentials tiers. */
  cognitoLitePerMau: 0.0055,
  cognitoEssentialsPerMau: 0.015,
} as const;

export const ASSUMPTIONS = {
  /** Memory of the administrative functions (the CDK default) and of login (route table). */
  adminMemoryMb: 512,
  /** One full vCPU for the Argon2id hash (route table; docs/security.md, "Password hashing"). */
  loginMemoryMb: 1769,
  /** Lambda gives 1 vCPU at 1,769 MB, proportionally less below: 512 MB ≈ 0.29 vCPU, 1 GB ≈ 0.58 vCPU. */
  mbPerVcpu: 1769,
  /** One in-region DynamoDB round trip from Lambda (p50, single-digit ms as AWS documents). */
  dynamoDbRoundTripMs: 5,
  /** Lambda's fixed per-invocation overhead beyond our code (runtime, logging, tracing). */
  invocationOverheadMs: 2,
  /** Per MAU a month: logins, and administrative requests in session. */
  loginsPerMau: 20,
  adminRequestsPerMau: 200,
  /** WAF rules of the web ACL (rate limits, IP sets, managed groups: 11 in infra/constructs/firewall.ts today). */
  wafRules: 11,
  /** Monthly administrative requests over which the web ACL's fixed charge is spread. */
  monthlyRequestsForFixedCharges: 10_000_000,
} as const;

export interface CostLine {
  item: string;
  perMillionRequests: number;
}

export interface CostEstimate {
  /** Per million requests of each kind, by service. */
  admin: CostLine[];
  login: CostLine[];
  adminPerMillion: number;
  loginPerMillion: number;
  per1000Mau: number;
  cognitoLitePer1000Mau: number;
  cognitoEssentialsPer1000Mau: number;
  /** The billed duration assumed per request, ms (measured local time scaled to the Lambda's CPU share). */
  adminDurationMs: number;
  loginDurationMs: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function perMillion(durationMs: number, memoryMb: number, readUnits: number, writeUnits: number): CostLine[] {
  const billedMs = Math.ceil(durationMs); // Lambda bills per 1 ms
  const fixedWaf =
    (PRICES.wafPerWebAclMonth + ASSUMPTIONS.wafRules * PRICES.wafPerRuleMonth) /
    (ASSUMPTIONS.monthlyRequestsForFixedCharges / 1e6);
  return [
    {
      item: 'Lambda (Arm) compute',
      perMillionRequests: 1e6 * (billedMs / 1000) * (memoryMb / 1024) * PRICES.lambdaArmPerGbSecond,
    },
    { item: 'Lambda requests', perMillionRequests: PRICES.lambdaPerMillionRequests },
    { item: 'API Gateway REST', perMillionRequests: PRICES.apiGatewayRestPerMillion },
    {
      item: 'DynamoDB on-demand',
      perMillionRequests:
        readUnits * PRICES.dynamoDbPerMillionReadUnits + writeUnits * PRICES.dynamoDbPerMillionWriteUnits,
    },
    { item: 'WAF requests', perMillionRequests: PRICES.wafPerMillionRequests },
    { item: 'WAF web ACL and rules (spread)', perMillionRequests: fixedWaf },
  ];
}

const total = (lines: CostLine[]) => lines.reduce((sum, l) => sum + l.perMillionRequests, 0);

/**
 * The estimate from the warm results: administrative requests are the mean of the measured
 * administrative use cases; login is the scrypt verification (scaled to 1 GB) plus the rest.
 */
export function estimateCost(warm: readonly WarmResult[]): CostEstimate {
  const adminCases = warm.filter((r) => !r.id.startsWith('login') && r.id !== 'identify');
  const cpuScale = (memoryMb: number) => ASSUMPTIONS.mbPerVcpu / memoryMb;
  const adminDurationMs =
    mean(adminCases.map((r) => r.p50Ms)) * cpuScale(ASSUMPTIONS.adminMemoryMb) +
    mean(adminCases.map((r) => r.roundTrips)) * ASSUMPTIONS.dynamoDbRoundTripMs +
    ASSUMPTIONS.invocationOverheadMs;
  const login = warm.find((r) => r.id.startsWith('login ('));
  const hash = warm.find((r) => r.id.startsWith('login: password hash'));
  const loginDurationMs =
    (login?.p50Ms ?? hash?.p50Ms ?? 0) * cpuScale(ASSUMPTIONS.loginMemoryMb) +
    (login?.roundTrips ?? 3) * ASSUMPTIONS.dynamoDbRoundTripMs +
    ASSUMPTIONS.invocationOverheadMs;
  const admin = perMillion(
    adminDurationMs,
    ASSUMPTIONS.adminMemoryMb,
    mean(adminCases.map((r) => r.readUnits)),
    mean(adminCases.map((r) => r.writeUnits)),
  );
  const loginLines = perMillion(
    loginDurationMs,
    ASSUMPTIONS.loginMemoryMb,
    login?.readUnits ?? 0,
    login?.writeUnits ?? 0,
  );
  const adminPerMillion = total(admin);
  const loginPerMillion = total(loginLines);
  const per1000Mau =
    (1000 *
      (ASSUMPTIONS.adminRequestsPerMau * adminPerMillion + ASSUMPTIONS.loginsPerMau * loginPerMillion)) /
    1e6;
  return {
    admin,
    login: loginLines,
    adminPerMillion,
    loginPerMillion,
    per1000Mau,
    cognitoLitePer1000Mau: 1000 * PRICES.cognitoLitePerMau,
    cognitoEssentialsPer1000Mau: 1000 * PRICES.cognitoEssentialsPerMau,
    adminDurationMs,
    loginDurationMs,
  };
}

const usd = (v: number) => `$${v.toFixed(v < 1 ? 3 : 2)}`;

/** The estimate as Markdown, with its assumptions. */
export function costTable(c: CostEstimate): string {
  const lines = [
    '| per million requests (USD) | administrative | login |',
    '| --- | ---: | ---: |',
    ...c.admin.map(
      (l, i) => `| ${l.item} | ${usd(l.perMillionRequests)} | ${usd(c.login[i]?.perMillionRequests ?? 0)} |`,
    ),
    `| **total** | **${usd(c.adminPerMillion)}** | **${usd(c.loginPerMillion)}** |`,
    '',
    `| per 1,000 monthly active users (USD / month) | |`,
    '| --- | ---: |',
    `| this API (${ASSUMPTIONS.loginsPerMau} logins + ${ASSUMPTIONS.adminRequestsPerMau} administrative requests per MAU) | ${usd(c.per1000Mau)} |`,
    `| Amazon Cognito Lite, sign-in only (beyond 10,000 free MAU) | ${usd(c.cognitoLitePer1000Mau)} |`,
    `| Amazon Cognito Essentials, sign-in only (beyond 10,000 free MAU) | ${usd(c.cognitoEssentialsPer1000Mau)} |`,
    '',
    `Assumptions: ${PRICES.region} prices as published (no free tiers; check before quoting). Billed ` +
      `duration = measured local p50 × (${ASSUMPTIONS.mbPerVcpu} MB per vCPU / memory) + ` +
      `${ASSUMPTIONS.dynamoDbRoundTripMs} ms per DynamoDB round trip + ${ASSUMPTIONS.invocationOverheadMs} ms ` +
      `invocation overhead: administrative ${c.adminDurationMs.toFixed(1)} ms at ${ASSUMPTIONS.adminMemoryMb} MB, ` +
      `login ${c.loginDurationMs.toFixed(1)} ms at ${ASSUMPTIONS.loginMemoryMb} MB. Request units from item sizes ` +
      `(bench/warm.ts). WAF: one web ACL with ${ASSUMPTIONS.wafRules} rules spread over ` +
      `${(ASSUMPTIONS.monthlyRequestsForFixedCharges / 1e6).toFixed(0)} million requests a month. ` +
      'Cognito would replace only the sign-in (login, OTP step, sessions); every administrative request ' +
      'would still cost its API Gateway, Lambda and DynamoDB share.',
  ];
  return lines.join('\n');
}
