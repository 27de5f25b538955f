import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankLocalTime, WEEKDAYS } from '../../shared/domain/bank-calendar.ts';
import { evaluateConnection } from '../../shared/domain/connection-check.ts';
import { connectionRefusal } from '../../shared/domain/connection-rules.ts';
import { resolveConnectionRules } from '../../shared/domain/connection-rules-input.ts';
import { formatAddress, isV4Mapped } from '../../shared/domain/ip.ts';
import type { ConnectionRules, TimeWindow } from '../../shared/domain/model.ts';

/** An instant given as Panama wall-clock time (UTC−5 all year). */
const panama = (date: string, time: string) => new Date(`${date}T${time}-05:00`);
/** Monday 23 November 2026 and the days around it, in Panama. */
const MON = '2026-11-23';
const TUE = '2026-11-24';
const SUN = '2026-11-22';

const rules = (partial: Partial<ConnectionRules>): ConnectionRules => ({
  allowedHours: {},
  allowedIps: [],
  ...partial,
});
const officeHours = rules({ allowedHours: { MON: [{ from: '09:00', to: '17:00' }] } });
const ANY_IP = '198.51.100.7';

const issuesOf = (input: { allowedHours?: Record<string, TimeWindow[]>; allowedIps?: string[] }) =>
  resolveConnectionRules({ allowedHours: input.allowedHours ?? {}, allowedIps: input.allowedIps ?? [] })
    .issues;

describe('Domain: connection controls — the time windows (America/Panama)', () => {
  it('reads the weekday and time in Panama, whatever the server clock (UTC 03:00 Tuesday is Monday 22:00)', () => {
    expect(bankLocalTime(new Date('2026-11-24T03:00:00Z'))).toEqual({
      weekday: 'MON',
      secondOfDay: 22 * 3600,
    });
  });

  it('refuses 08:59:59 and allows 09:00:00 of a 09:00–17:00 window', () => {
    expect(evaluateConnection(officeHours, panama(MON, '08:59:59'), ANY_IP)).toBe('CONNECTION_HOURS');
    expect(evaluateConnection(officeHours, panama(MON, '09:00:00'), ANY_IP)).toBeUndefined();
  });

  it('allows 16:59:59 and refuses 17:00:00: the end is not part of the window', () => {
    expect(evaluateConnection(officeHours, panama(MON, '16:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(officeHours, panama(MON, '17:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it('refuses every hour of a day that is not listed', () => {
    expect(evaluateConnection(officeHours, panama(TUE, '10:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it('allows any of several windows of a day, and nothing between them', () => {
    const split = rules({
      allowedHours: {
        MON: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
      },
    });
    expect(evaluateConnection(split, panama(MON, '11:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(split, panama(MON, '12:30:00'), ANY_IP)).toBe('CONNECTION_HOURS');
    expect(evaluateConnection(split, panama(MON, '13:00:00'), ANY_IP)).toBeUndefined();
  });

  it('runs a window crossing midnight into the next day, and only to its end', () => {
    const night = rules({ allowedHours: { MON: [{ from: '22:00', to: '02:00', crossesMidnight: true }] } });
    expect(evaluateConnection(night, panama(MON, '21:59:59'), ANY_IP)).toBe('CONNECTION_HOURS');
    expect(evaluateConnection(night, panama(MON, '22:00:00'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(night, panama(MON, '23:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(night, panama(TUE, '00:00:00'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(night, panama(TUE, '01:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(night, panama(TUE, '02:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
    // Monday's small hours belong to Sunday's window, which there is none of.
    expect(evaluateConnection(night, panama(MON, '01:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it('wraps the week: a Sunday window crossing midnight runs into Monday', () => {
    const sundayNight = rules({
      allowedHours: { SUN: [{ from: '23:00', to: '01:00', crossesMidnight: true }] },
    });
    expect(evaluateConnection(sundayNight, panama(SUN, '23:30:00'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(sundayNight, panama(MON, '00:30:00'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(sundayNight, panama(MON, '01:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it('takes a window with the same start and end, flagged, as a whole day from its start', () => {
    const day = rules({ allowedHours: { MON: [{ from: '06:00', to: '06:00', crossesMidnight: true }] } });
    expect(evaluateConnection(day, panama(MON, '05:59:59'), ANY_IP)).toBe('CONNECTION_HOURS');
    expect(evaluateConnection(day, panama(TUE, '05:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(day, panama(TUE, '06:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it('takes 24:00 as the end of the day', () => {
    const evening = rules({ allowedHours: { MON: [{ from: '18:00', to: '24:00' }] } });
    expect(evaluateConnection(evening, panama(MON, '23:59:59'), ANY_IP)).toBeUndefined();
    expect(evaluateConnection(evening, panama(TUE, '00:00:00'), ANY_IP)).toBe('CONNECTION_HOURS');
  });
});

describe('Domain: connection controls — the IP addresses', () => {
  const office = rules({ allowedIps: ['203.0.113.0/24', '2001:db8:10::/48', '198.51.100.7'] });
  const at = panama(MON, '10:00:00');

  it('allows the edges of a CIDR range and refuses its neighbours (IPv4)', () => {
    expect(evaluateConnection(office, at, '203.0.113.0')).toBeUndefined();
    expect(evaluateConnection(office, at, '203.0.113.255')).toBeUndefined();
    expect(evaluateConnection(office, at, '203.0.112.255')).toBe('CONNECTION_IP');
    expect(evaluateConnection(office, at, '203.0.114.0')).toBe('CONNECTION_IP');
  });

  it('allows the edges of an IPv6 range and refuses its neighbours', () => {
    expect(evaluateConnection(office, at, '2001:db8:10::')).toBeUndefined();
    expect(evaluateConnection(office, at, '2001:db8:10:ffff:ffff:ffff:ffff:ffff')).toBeUndefined();
    expect(evaluateConnection(office, at, '2001:db8:f:ffff:ffff:ffff:ffff:ffff')).toBe('CONNECTION_IP');
    expect(evaluateConnection(office, at, '2001:db8:11::')).toBe('CONNECTION_IP');
  });

  it('matches a single address exactly', () => {
    expect(evaluateConnection(office, at, '198.51.100.7')).toBeUndefined();
    expect(evaluateConnection(office, at, '198.51.100.8')).toBe('CONNECTION_IP');
  });

  it('matches an IPv4-mapped source address as the IPv4 address it carries', () => {
    expect(evaluateConnection(office, at, '::ffff:203.0.113.9')).toBeUndefined();
    expect(evaluateConnection(office, at, '::ffff:192.0.2.9')).toBe('CONNECTION_IP');
  });

  it('refuses an unreadable or missing source address when addresses are restricted', () => {
    expect(evaluateConnection(office, at, '')).toBe('CONNECTION_IP');
    expect(evaluateConnection(office, at, undefined)).toBe('CONNECTION_IP');
    expect(evaluateConnection(office, at, '203.0.113.9, 10.0.0.1')).toBe('CONNECTION_IP');
  });

  it('names the address rule first when both the address and the hours refuse', () => {
    const both = rules({
      allowedHours: { TUE: [{ from: '09:00', to: '10:00' }] },
      allowedIps: ['192.0.2.1'],
    });
    expect(evaluateConnection(both, at, '192.0.2.2')).toBe('CONNECTION_IP');
    expect(evaluateConnection(both, at, '192.0.2.1')).toBe('CONNECTION_HOURS');
  });
});

describe('Domain: connection controls — whose rules apply', () => {
  const company = { connectionRules: officeHours };
  const endUser = { role: 'user' as const };
  const night = panama(MON, '23:00:00');

  it("applies the company's rules to an end user without rules of their own", async () => {
    expect(await connectionRefusal(company, endUser, night, ANY_IP)).toBe('CONNECTION_HOURS');
  });

  it("lets the user's own rules replace the company's, even when theirs are more open", async () => {
    const ownNight = rules({ allowedHours: { MON: [{ from: '20:00', to: '24:00' }] } });
    expect(
      await connectionRefusal(company, { ...endUser, connectionRules: ownNight }, night, ANY_IP),
    ).toBeUndefined();
    expect(
      await connectionRefusal(
        company,
        { ...endUser, connectionRules: ownNight },
        panama(MON, '10:00:00'),
        ANY_IP,
      ),
    ).toBe('CONNECTION_HOURS');
  });

  it("exempts a user whose own rules restrict nothing from the company's", async () => {
    expect(
      await connectionRefusal(company, { ...endUser, connectionRules: rules({}) }, night, ANY_IP),
    ).toBeUndefined();
  });

  it('never applies to the administrator, whose access the bank-wide WAF rules govern', async () => {
    expect(
      await connectionRefusal(company, { role: 'admin', connectionRules: officeHours }, night, ANY_IP),
    ).toBeUndefined();
  });

  it('allows everyone when neither the company nor the user has rules', async () => {
    expect(await connectionRefusal({}, endUser, night, ANY_IP)).toBeUndefined();
  });
});

describe('Domain: connection controls — checking the rules an administrator gives', () => {
  it('stores days in week order, windows by start time and addresses canonical', () => {
    const { rules: stored, issues } = resolveConnectionRules({
      allowedHours: {
        FRI: [
          { from: '13:00', to: '17:00' },
          { from: '08:00', to: '12:00', crossesMidnight: false },
        ],
        MON: [{ from: '22:00', to: '02:00', crossesMidnight: true }],
      },
      allowedIps: ['2001:DB8::/32', '192.0.2.7/32'],
    });
    expect(issues).toEqual([]);
    expect(Object.keys(stored.allowedHours)).toEqual(['MON', 'FRI']);
    expect(stored.allowedHours.FRI).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]);
    expect(stored.allowedIps).toEqual(['2001:db8::/32', '192.0.2.7']);
  });

  it('refuses an unknown weekday by name', () => {
    expect(
      issuesOf({
        allowedHours: { FUN: [{ from: '09:00', to: '10:00' }], mon: [{ from: '09:00', to: '10:00' }] },
      }),
    ).toEqual([
      { field: 'body.allowedHours.FUN', rule: 'unknown_weekday' },
      { field: 'body.allowedHours.mon', rule: 'unknown_weekday' },
    ]);
  });

  it('refuses a window whose end is not after its start unless it says it crosses midnight', () => {
    expect(issuesOf({ allowedHours: { MON: [{ from: '17:00', to: '09:00' }] } })).toEqual([
      { field: 'body.allowedHours.MON.0', rule: 'window_end_before_start' },
    ]);
    expect(issuesOf({ allowedHours: { MON: [{ from: '09:00', to: '09:00' }] } })).toEqual([
      { field: 'body.allowedHours.MON.0', rule: 'window_end_before_start' },
    ]);
    expect(
      issuesOf({ allowedHours: { MON: [{ from: '17:00', to: '09:00', crossesMidnight: true }] } }),
    ).toEqual([]);
  });

  it('refuses the midnight flag on a window that does not cross it', () => {
    expect(
      issuesOf({ allowedHours: { MON: [{ from: '09:00', to: '17:00', crossesMidnight: true }] } }),
    ).toEqual([{ field: 'body.allowedHours.MON.0.crossesMidnight', rule: 'window_not_crossing_midnight' }]);
  });

  it('names each bad address: malformed, prefix out of range, IPv4-mapped, host bits, repeated', () => {
    expect(
      issuesOf({
        allowedIps: [
          '192.0.2.300',
          '192.0.2.0/33',
          '2001:db8::/129',
          '::ffff:192.0.2.1',
          '192.0.2.1/24',
          '10.0.0.1',
          '10.0.0.1/32',
        ],
      }),
    ).toEqual([
      { field: 'body.allowedIps.0', rule: 'ip_format' },
      { field: 'body.allowedIps.1', rule: 'ip_prefix_out_of_range', params: { maximum: 32 } },
      { field: 'body.allowedIps.2', rule: 'ip_prefix_out_of_range', params: { maximum: 128 } },
      { field: 'body.allowedIps.3', rule: 'ip_v4_mapped' },
      { field: 'body.allowedIps.4', rule: 'ip_host_bits', params: { network: '192.0.2.0/24' } },
      { field: 'body.allowedIps.6', rule: 'duplicate_item' },
    ]);
  });
});

describe('Domain: connection controls — properties', () => {
  const anyInstant = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const anySource = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant(''), fc.string({ maxLength: 12 }));

  it('a rule with no restriction always allows, at any instant and from any address', () => {
    fc.assert(
      fc.property(anyInstant, anySource, (at, sourceIp) => {
        expect(evaluateConnection(rules({}), at, sourceIp)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('matches an IPv4-mapped source as the IPv4 client it is, not by an IPv6 range', () => {
    const ipv6Only = resolveConnectionRules({ allowedHours: {}, allowedIps: ['::/80'] }).rules;
    const ipv4 = resolveConnectionRules({ allowedHours: {}, allowedIps: ['0.0.0.0/8'] }).rules;
    expect(evaluateConnection(ipv6Only, new Date(), '::ffff:0:0')).toBe('CONNECTION_IP');
    expect(evaluateConnection(ipv4, new Date(), '::ffff:0:0')).toBeUndefined();
  });

  it('an address inside an allowed CIDR range is always allowed (IPv4 and IPv6)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        fc.nat(),
        (isV4, networkBits, hostBits, prefixSeed) => {
          const bits = isV4 ? 32 : 128;
          const version = isV4 ? 4 : 6;
          const prefix = prefixSeed % (bits + 1);
          const size = BigInt(bits - prefix);
          const network = ((networkBits % (1n << BigInt(bits))) >> size) << size;
          const address = network | (hostBits % (1n << size));
          const range = `${formatAddress({ version, value: network })}/${prefix}`;
          const parsed = resolveConnectionRules({ allowedHours: {}, allowedIps: [range] });
          // IPv4-mapped ranges are refused in rules (they are written as IPv4); skip them.
          fc.pre(parsed.issues.length === 0);
          // An IPv4-mapped source is an IPv4 client and is matched as IPv4 (see the example below).
          fc.pre(!isV4Mapped({ version, value: address }));
          expect(
            evaluateConnection(parsed.rules, new Date(), formatAddress({ version, value: address })),
          ).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an instant inside an allowed window is always allowed, one outside every window of its days never', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 0, max: 24 * 60 - 2 }),
        fc.integer({ min: 1, max: 24 * 60 }),
        fc.integer({ min: 0, max: 7 * 24 * 3600 - 1 }),
        (day, fromMinute, length, weekSecond) => {
          const toMinute = Math.min(fromMinute + length, 24 * 60);
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const window = rules({ allowedHours: { [day]: [{ from: hhmm(fromMinute), to: hhmm(toMinute) }] } });
          // Monday 00:00 Panama plus any second of the week.
          const at = new Date(panama(MON, '00:00:00').getTime() + weekSecond * 1000);
          const dayIndex = Math.floor(weekSecond / 86_400);
          const second = weekSecond % 86_400;
          const inside = WEEKDAYS[dayIndex] === day && second >= fromMinute * 60 && second < toMinute * 60;
          expect(evaluateConnection(window, at, ANY_IP)).toBe(inside ? undefined : 'CONNECTION_HOURS');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
