/**
 * The bank's calendar: its time zone, the days of its week, the wall clock of an instant there
 * and the instants its calendar days start and end. Every function takes the zone, an IANA name
 * (not an offset, so that it stays right whatever the zone does); `BANK_TIME_ZONE` is the one in
 * force until the tenant's configuration gives its own.
 */

import { tenant } from '../core/tenant.ts';

/** The bank's time zone today. */
export const BANK_TIME_ZONE = 'America/Panama';

/** The time zone of this deployment's bank (its tenant file; `BANK_TIME_ZONE` for the guide's bank). */
export const bankTimeZone = (): string => tenant().timeZone || BANK_TIME_ZONE;
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since midnight of an `HH:MM` time. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The reading of an instant on the bank's wall clock. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

/**
 * One formatter per zone, built on first use, not at load: creating an `Intl.DateTimeFormat`
 * loads ICU's time-zone data, and only the requests that read the bank's clock need it.
 */
const clocks = new Map<string, Intl.DateTimeFormat>();
const clockOf = (zone: string) => {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(zone, clock);
  }
  return clock;
};

/** The bank's wall clock at an instant. */
export function wallClock(at: Date, zone: string = bankTimeZone()): WallClock {
  const parts = Object.fromEntries(
    clockOf(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: String(parts.weekday).toUpperCase() as Weekday,
  };
}

/** The weekday and the second of the day of an instant, in the bank's time zone. */
export function bankLocalTime(
  at: Date,
  zone: string = bankTimeZone(),
): { weekday: Weekday; secondOfDay: number } {
  const clock = wallClock(at, zone);
  return { weekday: clock.weekday, secondOfDay: clock.hour * 3600 + clock.minute * 60 + clock.second };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
const offsetAt = (at: number, zone: string) => {
  const c = wallClock(new Date(at), zone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(at / 1000) * 1000;
};

/** The instant a calendar day of the bank (`YYYY-MM-DD`) starts. */
export function dayStart(date: string, zone: string = bankTimeZone()): Date {
  const midnight = Date.parse(`${date}T00:00:00.000Z`);
  const first = midnight - offsetAt(midnight, zone);
  // Once more at the guess itself, for a zone whose offset changes that day.
  return new Date(midnight - offsetAt(first, zone));
}

/** The last millisecond of a calendar day of the bank (`YYYY-MM-DD`). */
export function dayEnd(date: string, zone: string = bankTimeZone()): Date {
  const next = new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(dayStart(next, zone).getTime() - 1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** MM/DD/AA, as the bank's guide writes dates (e.g. 12/27/23), of an instant on the bank's calendar. */
export function listDate(at: Date, zone: string = bankTimeZone()): string {
  const c = wallClock(at, zone);
  return `${pad(c.month)}/${pad(c.day)}/${pad(c.year % 100)}`;
}
