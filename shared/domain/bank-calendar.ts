/**
 * The bank's calendar: its time zone, the days of its week and the local time of an instant
 * there. The time zone is the IANA zone, not an offset, so that it stays right whatever the zone.
 */

/** The bank's time zone: Panama is UTC−5 all year, but the zone (not an offset) keeps it right. */
export const BANK_TIME_ZONE = 'America/Panama';
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since midnight of an `HH:MM` time. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Built on first use, not at load: creating an `Intl.DateTimeFormat` loads ICU's time-zone data
 * data, and only requests checked against time windows need it.
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
