import type { FieldIssue } from '../core/errors.ts';
import { anyContains, type IpRange, normalizeSourceIp, parseIpRule } from './ip.ts';

/**
 * The bank-wide IP sets, which guard the whole API in front of every handler (AWS WAF in
 * AWS, the local server on the local stack): `blocked` addresses never reach it; when
 * `allowed` is not empty, only its addresses do. Administrators are subject to them too;
 * the companies' own connection controls (step 25) apply to end users only.
 */
export const BANK_IP_SET_NAMES = ['blocked', 'allowed'] as const;
export type BankIpSetName = (typeof BANK_IP_SET_NAMES)[number];

/** An AWS WAF IP set holds up to 10,000 ranges; the bank's lists stay far below, and within the 64 KB body. */
export const MAX_BANK_IP_SET_ENTRIES = 1000;

export interface BankIpSets {
  blocked: string[];
  allowed: string[];
}

/** What the gateway does with a request from an address. */
export type BankIpVerdict = 'pass' | 'blocked' | 'not-allowed';

const compareRanges = (a: IpRange, b: IpRange) =>
  a.version - b.version ||
  (a.network < b.network ? -1 : a.network > b.network ? 1 : 0) ||
  a.prefix - b.prefix;

/** Entries in their one order: IPv4 before IPv6, then by network, then by prefix. */
export function sortEntries(entries: readonly string[]): string[] {
  const parsed = entries.map((text) => ({ text, parsed: parseIpRule(text) }));
  return parsed
    .sort((a, b) => (a.parsed.ok && b.parsed.ok ? compareRanges(a.parsed.range, b.parsed.range) : 0))
    .map((entry) => entry.text);
}

/**
 * Checks a set as the bank gave it: canonical, sorted entries, and every broken rule as a
 * field issue — those of connection controls (`ip_format`, `ip_prefix_out_of_range`,
 * `ip_v4_mapped`, `ip_host_bits`, `duplicate_item`) and `ip_prefix_zero`, since AWS WAF takes
 * no /0 range (and a blocked /0 would shut out everyone).
 */
export function resolveBankIpSet(
  addresses: readonly string[],
  field = 'body.addresses',
): { entries: string[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const entries: string[] = [];
  addresses.forEach((text, index) => {
    const at = [field, index].filter((part) => part !== '').join('.');
    const parsed = parseIpRule(text.trim());
    if (!parsed.ok) {
      const { ok: _ok, ...problem } = parsed;
      issues.push({ field: at, ...problem });
    } else if (parsed.range.prefix === 0) {
      issues.push({ field: at, rule: 'ip_prefix_zero' });
    } else if (entries.includes(parsed.canonical)) {
      issues.push({ field: at, rule: 'duplicate_item' });
    } else {
      entries.push(parsed.canonical);
    }
  });
  return { entries: sortEntries(entries), issues };
}

/**
 * The gateway's verdict on a source address: blocked when a blocked entry holds it; not
 * allowed when the allowed set has entries and none holds it (or the address is unreadable).
 */
export function bankIpVerdict(sets: BankIpSets, sourceIp: string | undefined): BankIpVerdict {
  const address = normalizeSourceIp(sourceIp);
  if (address && anyContains(sets.blocked, address)) return 'blocked';
  if (sets.allowed.length > 0 && !(address && anyContains(sets.allowed, address))) return 'not-allowed';
  return 'pass';
}
