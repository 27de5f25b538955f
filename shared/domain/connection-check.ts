import { bankLocalTime, minutesOf, WEEKDAYS, type Weekday } from './bank-calendar.ts';
import { anyContains, normalizeSourceIp } from './ip.ts';
import type { ConnectionRefusal, ConnectionRules } from './model.ts';

/*
 * Checking one connection against connection controls (guide step 25): is the address in the
 * allowed ranges, is the instant in an allowed window of the bank's time zone. Loaded by
 * `connectionRefusal` (`connection-rules.ts`) only for users whom rules govern. Pure: the clock
 * and the source IP come in as arguments.
 */

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
