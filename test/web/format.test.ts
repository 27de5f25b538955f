import { describe, expect, it } from 'vitest';
import { portalTenant, tenantByName } from '../../infra/config/tenant.ts';
import {
  formatAmount,
  formatDateTime,
  formatListDate,
  formatMoney,
  parseAmount,
} from '../../web/src/format.ts';
import { bank, parseTenant, setTenant, tenantParams } from '../../web/src/tenant.ts';

describe('Portal: dates and amounts by language', () => {
  it('writes list dates MM/DD/AA as the bank’s day in Panama', () => {
    // Assess: 03:00 UTC on the 28th is still the 27th in Panama (UTC−5)
    expect(formatListDate('2023-12-27T15:00:00.000Z')).toBe('12/27/23');
    expect(formatListDate('2023-12-28T03:00:00.000Z')).toBe('12/27/23');
  });

  it('writes date and time in the 24-hour clock in Spanish and with AM/PM in English', () => {
    // Assess
    expect(formatDateTime('2023-12-27T19:05:09.000Z', 'es')).toBe('12/27/23 14:05:09');
    expect(formatDateTime('2023-12-27T19:05:09.000Z', 'en')).toBe('12/27/23, 2:05:09 PM');
  });

  it('writes amounts as Panama does (1,500.00) in both languages without a bank, and as the bank’s locale with one', () => {
    // Arrange
    const before = bank();
    const second = parseTenant(portalTenant(tenantByName('cbs')));
    const guide = parseTenant(portalTenant(tenantByName('bop')));
    if (!second || !guide) throw new Error('a bank does not parse');

    // Act
    const neutral = [
      formatAmount('0.00', 'es'),
      formatAmount('1500.50', 'es'),
      formatAmount('1500.50', 'en'),
    ];
    setTenant(guide);
    const panama = [formatAmount('999999999.99', 'es'), formatAmount('1500.5', 'en')];
    setTenant(second);
    const boreal = formatAmount('1500.50', 'es');
    setTenant(before);

    // Assess
    expect(neutral).toEqual(['0.00', '1,500.50', '1,500.50']);
    expect(panama).toEqual(['999,999,999.99', '1,500.50']);
    expect(boreal).toBe('1.500,50');
  });

  it('reads an amount in either convention where it cannot be mistaken (issue 20 §4)', () => {
    // Assess: both grouped forms, and a lone separator by what follows it
    expect(parseAmount('25,000.00')).toBe('25000.00');
    expect(parseAmount('25.000,00')).toBe('25000.00');
    expect(parseAmount('1.500')).toBe('1500.00');
    expect(parseAmount('1,500')).toBe('1500.00');
    expect(parseAmount('2000,5')).toBe('2000.50');
    expect(parseAmount('1500.50')).toBe('1500.50');
    expect(parseAmount('1,234,567.89')).toBe('1234567.89');
    expect(parseAmount('1.234.567,89')).toBe('1234567.89');
    expect(parseAmount(' 15 ')).toBe('15.00');
    expect(parseAmount('0')).toBe('0.00');
    expect(parseAmount('USD 1,500.00')).toBe('1500.00');
  });

  it('refuses amounts with bad grouping, mixed groups, more than 2 decimals, 10 digits or a sign', () => {
    // Assess
    expect(parseAmount('1.50,00')).toBeUndefined();
    expect(parseAmount('1,50,0')).toBeUndefined();
    expect(parseAmount('1,500.505')).toBeUndefined();
    expect(parseAmount('1.500.000,5,5')).toBeUndefined();
    expect(parseAmount('1,000.000,00')).toBeUndefined();
    expect(parseAmount('1234567890')).toBeUndefined();
    expect(parseAmount('-5')).toBeUndefined();
    expect(parseAmount('')).toBeUndefined();
    expect(parseAmount('abc')).toBeUndefined();
  });
});

describe('Portal: dates in the bank’s time zone', () => {
  it('writes dates in the second bank’s zone once its configuration is read, and in Panama without one', () => {
    // Arrange
    const before = bank();
    const second = parseTenant(portalTenant(tenantByName('cbs')));
    if (!second) throw new Error('the second bank does not parse');

    // Act
    setTenant(second);
    const santiago = [
      formatListDate('2023-12-28T04:00:00.000Z'),
      formatDateTime('2023-12-27T19:05:09.000Z', 'es'),
    ];
    setTenant(before);

    // Assess: 04:00 UTC on the 28th is 01:00 on the 28th in Santiago (UTC−3 in December), 23:00 on the 27th in Panama
    expect(santiago).toEqual(['12/28/23', '12/27/23 16:05:09']);
    expect(formatListDate('2023-12-28T04:00:00.000Z')).toBe('12/27/23');
    expect(formatDateTime('2023-12-27T19:05:09.000Z', 'es')).toBe('12/27/23 14:05:09');
  });
});

describe('Portal: amounts in the bank’s currency', () => {
  it('puts the second bank’s currency before its amounts and in the limit labels, and the guide’s USD without it', () => {
    // Arrange
    const before = bank();
    const second = parseTenant(portalTenant(tenantByName('cbs')));
    if (!second) throw new Error('the second bank does not parse');
    const guide = parseTenant(portalTenant(tenantByName('bop')));
    if (!guide) throw new Error('the guide’s bank does not parse');

    // Act
    setTenant(second);
    const boreal = [formatMoney('5000', 'es'), tenantParams('es').currency];
    setTenant(guide);
    const occidente = formatMoney('5000', 'es');
    setTenant(before);

    // Assess
    expect(boreal).toEqual(['EUR 5.000,00', 'EUR']);
    expect(occidente).toBe('USD 5,000.00');
  });

  it('refuses a configuration whose currency is no ISO 4217 code', () => {
    // Act
    const wrong = parseTenant({
      ...portalTenant(tenantByName('cbs')),
      currency: { code: 'euro', locales: { es: 'de-DE', en: 'de-DE' } },
    });

    // Assess
    expect(wrong).toBeUndefined();
  });
});
