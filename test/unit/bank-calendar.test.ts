import { describe, expect, it } from 'vitest';
import { bankLocalTime, dayEnd, dayStart, listDate, wallClock } from '../../shared/domain/bank-calendar.ts';

describe('bank calendar', () => {
  it("starts and ends the bank's days in its zone (Panama: 05:00 UTC, no daylight saving)", () => {
    expect(dayStart('2026-12-07').toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(dayEnd('2026-12-07').toISOString()).toBe('2026-12-08T04:59:59.999Z');
    expect(dayEnd('2026-12-31').toISOString()).toBe('2027-01-01T04:59:59.999Z');
  });

  it('takes the zone as a parameter, daylight-saving days included', () => {
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(dayEnd('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
    expect(dayStart('2026-07-01', 'America/Bogota').toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(dayStart('2026-07-01', 'Europe/Madrid').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('reads the wall clock, the weekday and the list date of an instant on the bank calendar', () => {
    const lateSunday = new Date('2026-12-07T03:30:15.000Z');
    expect(wallClock(lateSunday)).toEqual({
      year: 2026,
      month: 12,
      day: 6,
      hour: 22,
      minute: 30,
      second: 15,
      weekday: 'SUN',
    });
    expect(bankLocalTime(lateSunday)).toEqual({ weekday: 'SUN', secondOfDay: 22 * 3600 + 30 * 60 + 15 });
    expect(listDate(lateSunday)).toBe('12/06/26');
    expect(listDate(lateSunday, 'UTC')).toBe('12/07/26');
  });
});
