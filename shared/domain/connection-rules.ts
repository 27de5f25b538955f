import { WEEKDAYS } from './bank-calendar.ts';
import type { Company, ConnectionRefusal, ConnectionRules, User } from './model.ts';

/**
 * Connection controls (guide step 25): the weekdays and time windows, in the bank's time
 * zone, and the IP addresses / CIDR ranges from which end users may connect. Set for all end
 * users of a company or for one end user (which then replaces the company's). Pure: the
 * clock and the source IP come in as arguments.
 */

export const MAX_WINDOWS_PER_DAY = 4;
export const MAX_ALLOWED_IPS = 50;

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
