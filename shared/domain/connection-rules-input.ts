import type { FieldIssue } from '../core/errors.ts';
import { minutesOf, WEEKDAYS, type Weekday } from './bank-calendar.ts';
import { canonicalRules } from './connection-rules.ts';
import { parseIpRule } from './ip.ts';
import type { ConnectionRules, TimeWindow } from './model.ts';

/*
 * The connection controls an administrator gives (guide step 25), checked before they are
 * stored. Only the functions that set rules load this module.
 */

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
