import type { FieldIssue } from '../http/errors.ts';
import { anyContains, normalizeSourceIp, parseIpRule } from './ip.ts';
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

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const isWeekday = (day: string): day is Weekday => (WEEKDAYS as readonly string[]).includes(day);

/**
 * Checks rules as the administrator gave them (fields named under `field`; `''` for paths
 * relative to the rules): the rules as they are stored (days in week
 * order, windows by start time, IPs canonical) and every broken rule as a field issue —
 * unknown weekdays, reversed windows not flagged to cross midnight, the flag on windows that
 * do not cross it, malformed addresses, prefixes out of range, IPv4-mapped IPv6 forms, ranges
 * with host bits set, repeated entries. Shapes, formats and counts are the schema's
 * (`shared/contracts/controls.ts`).
 */
export function resolveConnectionRules(
  input: { allowedHours: Record<string, TimeWindow[]>; allowedIps: string[] },
  field = 'body',
): { rules: ConnectionRules; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const at = (...parts: (string | number)[]) => [field, ...parts].filter((part) => part !== '').join('.');
  const allowedHours: ConnectionRules['allowedHours'] = {};
  for (const [day, windows] of Object.entries(input.allowedHours)) {
    if (!isWeekday(day)) {
      issues.push({ field: at('allowedHours', day), rule: 'unknown_weekday' });
      continue;
    }
    windows.forEach((window, index) => {
      const reversed = minutesOf(window.to) <= minutesOf(window.from);
      if (reversed && !window.crossesMidnight) {
        issues.push({ field: at('allowedHours', day, index), rule: 'window_end_before_start' });
      }
      if (!reversed && window.crossesMidnight) {
        issues.push({
          field: at('allowedHours', day, index, 'crossesMidnight'),
          rule: 'window_not_crossing_midnight',
        });
      }
    });
    allowedHours[day] = [...windows].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  }

  const allowedIps: string[] = [];
  input.allowedIps.forEach((text, index) => {
    const parsed = parseIpRule(text.trim());
    if (!parsed.ok) {
      const { ok: _ok, ...problem } = parsed;
      issues.push({ field: at('allowedIps', index), ...problem });
    } else if (allowedIps.includes(parsed.canonical)) {
      issues.push({ field: at('allowedIps', index), rule: 'duplicate_item' });
    } else {
      allowedIps.push(parsed.canonical);
    }
  });
  return { rules: canonicalRules({ allowedHours, allowedIps }), issues };
}

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
 * Built on first use, not at load: creating an `Intl.DateTimeFormat` loads ICU's time-zone data
 * (about 12 ms in a fresh process), and only requests checked against time windows need it.
 */
let weekdayFormat: Intl.DateTimeFormat | undefined;
const bankClock = () =>
  (weekdayFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: BANK_TIME_ZONE,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }));

/** The weekday and the second of the day of an instant, in the bank's time zone. */
export function bankLocalTime(at: Date): { weekday: Weekday; secondOfDay: number } {
  const parts = Object.fromEntries(
    bankClock()
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = String(parts.weekday).toUpperCase() as Weekday;
  const secondOfDay = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return { weekday, secondOfDay };
}

/** Whether the instant falls in an allowed window (of its day, or of the day before when it crosses midnight). */
export function withinAllowedHours(allowedHours: ConnectionRules['allowedHours'], at: Date): boolean {
  const days = Object.keys(allowedHours);
  if (days.length === 0) return true;
  const { weekday, secondOfDay } = bankLocalTime(at);
  const today = WEEKDAYS.indexOf(weekday);
  const yesterday = WEEKDAYS[(today + 6) % 7] as Weekday;
  const inToday = (allowedHours[weekday] ?? []).some((w) => {
    const from = minutesOf(w.from) * 60;
    const to = minutesOf(w.to) * 60;
    return w.crossesMidnight ? secondOfDay >= from : secondOfDay >= from && secondOfDay < to;
  });
  if (inToday) return true;
  return (allowedHours[yesterday] ?? []).some((w) => w.crossesMidnight && secondOfDay < minutesOf(w.to) * 60);
}

/** Whether the source IP is in the allowed list; an empty list allows all, an unreadable IP none. */
export function fromAllowedIp(allowedIps: readonly string[], sourceIp: string | undefined): boolean {
  if (allowedIps.length === 0) return true;
  const address = normalizeSourceIp(sourceIp);
  return address !== undefined && anyContains(allowedIps, address);
}

/**
 * The verdict on one connection: the first rule that refuses it (the address, then the
 * hours), or undefined when the rules allow it.
 */
export function evaluateConnection(
  rules: ConnectionRules | undefined,
  at: Date,
  sourceIp: string | undefined,
): ConnectionRefusal | undefined {
  if (!rules) return undefined;
  if (!fromAllowedIp(rules.allowedIps, sourceIp)) return 'CONNECTION_IP';
  if (!withinAllowedHours(rules.allowedHours, at)) return 'CONNECTION_HOURS';
  return undefined;
}

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

/** Whether this user may connect now from this address: the refusing rule, or undefined. */
export function connectionRefusal(
  company: Pick<Company, 'connectionRules'>,
  user: Pick<User, 'role' | 'connectionRules'>,
  at: Date,
  sourceIp: string | undefined,
): ConnectionRefusal | undefined {
  return evaluateConnection(effectiveRules(company, user).rules, at, sourceIp);
}
