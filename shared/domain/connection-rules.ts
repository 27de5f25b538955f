import type { Company, User } from './model.ts';

/**
 * Connection controls (guide step 25): the weekdays and time windows, in the bank's time
 * zone, and the IP addresses / CIDR ranges from which end users may connect. Set for all end
 * users of a company or for one end user (which then replaces the company's). Pure: the
 * clock and the source IP come in as arguments.
 */

/** The bank's time zone: Panama is UTC−5 all year, but the zone (not an offset) keeps it right. */
export const BANK_TIME_ZONE = 'America/Panama';
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MAX_WINDOWS_PER_DAY = 4;
export const MAX_ALLOWED_IPS = 50;

/**
 * A time window of one day, `from` inclusive and `to` exclusive, `HH:MM` (`to` may be
 * `24:00`). A window whose end is not after its start crosses midnight — only when it says so
 * with `crossesMidnight`, so that a reversed window is never a typo taken literally. It belongs
 * to the day it starts on: MON 22:00–02:00 runs to Tuesday 02:00.
 */
export interface TimeWindow {
  from: string;
  to: string;
  crossesMidnight?: boolean;
}

/** Either part may be empty: no restriction of that kind. */
export interface ConnectionRules {
  /** Allowed windows by weekday; days not listed are not allowed, unless no day is listed. */
  allowedHours: Partial<Record<Weekday, TimeWindow[]>>;
  /** Allowed addresses and ranges, canonical (`shared/domain/ip.ts`). */
  allowedIps: string[];
}

/** The rule that refused a connection: also the problem's code. */
export type ConnectionRefusal = 'CONNECTION_HOURS' | 'CONNECTION_IP';

/** Minutes since midnight of an `HH:MM` time. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The rules in their one written form — days in week order, window fields in order — since a
 * map read back from DynamoDB keeps no key order: for showing and for comparing.
 */
export function canonicalRules(rules: ConnectionRules): ConnectionRules {
  const allowedHours: ConnectionRules['allowedHours'] = {};
  for (const day of WEEKDAYS) {
    const windows = rules.allowedHours[day];
    if (windows) {
      allowedHours[day] = windows.map((w) => ({
        from: w.from,
        to: w.to,
        ...(w.crossesMidnight ? { crossesMidnight: true } : {}),
      }));
    }
  }
  return { allowedHours, allowedIps: [...rules.allowedIps] };
}

/** Whether two rules (or their absence) say the same. */
export function sameRules(a: ConnectionRules | undefined, b: ConnectionRules | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(canonicalRules(a)) === JSON.stringify(canonicalRules(b));
}

/** Whether the rules restrict nothing. */
export const isUnrestricted = (rules: ConnectionRules): boolean =>
  Object.keys(rules.allowedHours).length === 0 && rules.allowedIps.length === 0;

/**
 * The rules that govern a user: none for the administrator (whose access is governed by the
 * bank-wide WAF rules, so the company can never lock itself out of its administration); the
 * user's own when present (they replace the company's); otherwise the company's.
 */
export function effectiveRules(
  company: Pick<Company, 'connectionRules'>,
  user: Pick<User, 'role' | 'connectionRules'>,
): { rules: ConnectionRules | undefined; source: 'user' | 'company' | 'none' } {
  if (user.role !== 'user') return { rules: undefined, source: 'none' };
  if (user.connectionRules) return { rules: user.connectionRules, source: 'user' };
  if (company.connectionRules) return { rules: company.connectionRules, source: 'company' };
  return { rules: undefined, source: 'none' };
}

/**
 * Whether this user may connect now from this address: the refusing rule, or undefined. The
 * checks themselves (address ranges, the bank's clock: `connection-check.ts`) load only for
 * users whom rules govern; administrators never are, and most end users have none.
 */
export async function connectionRefusal(
  company: Pick<Company, 'connectionRules'>,
  user: Pick<User, 'role' | 'connectionRules'>,
  at: Date,
  sourceIp: string | undefined,
): Promise<ConnectionRefusal | undefined> {
  const { rules } = effectiveRules(company, user);
  if (!rules) return undefined;
  const { evaluateConnection } = await import('./connection-check.ts');
  return evaluateConnection(rules, at, sourceIp);
}
