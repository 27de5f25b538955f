import * as z from 'zod/mini';
import type { FieldIssue } from '../core/errors.ts';
import { WEEKDAYS } from '../domain/bank-calendar.ts';
import { BANK_IP_SET_NAMES, MAX_BANK_IP_SET_ENTRIES, resolveBankIpSet } from '../domain/bank-ip-sets.ts';
import { MAX_ALLOWED_IPS, MAX_WINDOWS_PER_DAY } from '../domain/connection-rules.ts';
import { resolveConnectionRules } from '../domain/connection-rules-input.ts';
import { code, type Infer, lazy } from './common.ts';

/**
 * Reports the domain's checks (`resolveConnectionRules`, `resolveBankIpSet`) as schema issues,
 * so bad rules are refused in validation — before the OTP is spent or anything else happens —
 * each with its field rule and the rule's parameters.
 */
function reportIssues(issues: readonly FieldIssue[], ctx: z.core.$RefinementCtx) {
  for (const issue of issues) {
    ctx.issues.push({
      code: 'custom',
      message: issue.rule,
      ...(issue.params ? { params: issue.params } : {}),
      path: issue.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      input: undefined,
    });
  }
}

/** `HH:MM`, 00:00–23:59; an end may also be 24:00 (the end of the day). */
const startTime = () => z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'time_format'));
const endTime = () => z.string().check(z.regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'time_format'));

/** A window of one day; `crossesMidnight: true` is required when the end is not after the start. */
export const timeWindow = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    from: startTime(),
    to: endTime(),
    crossesMidnight: z.optional(z.boolean()),
  }),
);

/** Longest text of an address or range (a full IPv6 with an IPv4 tail and a prefix), with room to spare. */
const ipEntry = () => z.string().check(z.minLength(1), z.maxLength(64));

/**
 * Step 25, as the administrator sets it: allowed windows by weekday (`MON`…`SUN`, the bank's time;
 * `{}`: any time) and allowed IPv4/IPv6 addresses and CIDR ranges (`[]`: any address). Both
 * parts are given, so a PUT always says the whole rule. Weekday names, window order and the
 * addresses are checked by `resolveConnectionRules`, which names each broken rule.
 */
export const connectionRulesBody = /* @__PURE__ */ lazy(() =>
  z
    .strictObject({
      /** The version read (optimistic locking): the company's, or the user's. */
      version: z.number().check(z.int(), z.gte(1)),
      allowedHours: z.record(
        z.string().check(z.maxLength(16)),
        z.array(timeWindow()).check(z.minLength(1), z.maxLength(MAX_WINDOWS_PER_DAY)),
      ),
      allowedIps: z.array(ipEntry()).check(z.maxLength(MAX_ALLOWED_IPS)),
    })
    .check(z.superRefine((body, ctx) => reportIssues(resolveConnectionRules(body, '').issues, ctx))),
);
export type ConnectionRulesBody = Infer<typeof connectionRulesBody>;

export const connectionRulesView = /* @__PURE__ */ lazy(() =>
  z.object({
    allowedHours: z.partialRecord(
      z.enum(WEEKDAYS),
      z.array(z.object({ from: z.string(), to: z.string(), crossesMidnight: z.optional(z.boolean()) })),
    ),
    allowedIps: z.array(z.string()),
  }),
);

export const companyConnectionRulesResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    /** The bank's IANA time zone, in which the hours are read (the tenant's; America/Panama for the guide's bank). */
    timeZone: z.string(),
    /** The rules of every end user without rules of their own (both parts empty: no restriction). */
    rules: connectionRulesView(),
    version: z.number(),
  }),
);

export const userConnectionRulesResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    /** The bank's IANA time zone, in which the hours are read (the tenant's; America/Panama for the guide's bank). */
    timeZone: z.string(),
    /** The user's own rules, or null when the company's apply. */
    rules: z.nullable(connectionRulesView()),
    /** Which rules govern the user now. */
    source: z.enum(['user', 'company', 'none']),
    version: z.number(),
  }),
);

export const userRulesPath = /* @__PURE__ */ lazy(() => z.strictObject({ userCode: code() }));

/** Which bank-wide IP set: `blocked` (never reaches the API) or `allowed` (when not empty, only it does). */
export const ipSetPath = /* @__PURE__ */ lazy(() => z.strictObject({ ipSet: z.enum(BANK_IP_SET_NAMES) }));

/** The whole set, replacing what it held (`[]` empties it). */
export const ipSetBody = /* @__PURE__ */ lazy(() =>
  z
    .strictObject({
      addresses: z.array(ipEntry()).check(z.maxLength(MAX_BANK_IP_SET_ENTRIES)),
    })
    .check(
      z.superRefine((body, ctx) => reportIssues(resolveBankIpSet(body.addresses, 'addresses').issues, ctx)),
    ),
);

export const ipSetResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    ipSet: z.enum(BANK_IP_SET_NAMES),
    /** Canonical addresses and ranges, sorted. */
    addresses: z.array(z.string()),
    /** PUT only: whether anything changed. */
    changed: z.optional(z.boolean()),
  }),
);
