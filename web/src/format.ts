/**
 * How the portal writes dates and amounts, by language. Pure (no DOM), so the unit tests
 * run it in Node. Dates are the bank's day in its time zone, wherever the browser is.
 */
import { BANK_TIME_ZONE } from '../../shared/domain/bank-calendar.ts';
import { bank } from './tenant.ts';

export type Lang = 'es' | 'en';

/** The bank's time zone (its configuration; America/Panama for the guide's bank). */
const timeZone = (): string => bank().timeZone || BANK_TIME_ZONE;

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per bank time zone and kind, built on first use (after /config.json is read). */
function format(kind: 'list' | Lang, zone = timeZone()): Intl.DateTimeFormat {
  const key = `${kind} ${zone}`;
  let made = formats.get(key);
  if (!made) {
    made =
      kind === 'list'
        ? new Intl.DateTimeFormat('en-US', {
            timeZone: zone,
            month: '2-digit',
            day: '2-digit',
            year: '2-digit',
          })
        : kind === 'es'
          ? new Intl.DateTimeFormat('es-PA', {
              timeZone: zone,
              month: '2-digit',
              day: '2-digit',
              year: '2-digit',
              hour: '2-digit',
              minute: '2-digit',
              second: '2-digit',
              hourCycle: 'h23',
            })
          : new Intl.DateTimeFormat('en-US', {
              timeZone: zone,
              month: '2-digit',
              day: '2-digit',
              year: '2-digit',
              hour: 'numeric',
              minute: '2-digit',
              second: '2-digit',
            });
    formats.set(key, made);
  }
  return made;
}

/**
 * The lists' date: MM/DD/AA in Spanish (the guide's "Fecha (MM/DD/AA)") and MM/DD/YY, the
 * US convention, in English, both as the bank's day in its time zone.
 */
export function formatListDate(iso: string): string {
  return format('list').format(new Date(iso));
}

/** Date and time (the audit log), in the bank's time zone: `12/27/23 14:05:09` / `12/27/23, 2:05:09 PM`. */
export function formatDateTime(iso: string, lang: Lang): string {
  const parts = format(lang).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('month')}/${get('day')}/${get('year')}`;
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;
  return lang === 'es' ? `${date} ${time}` : `${date}, ${time} ${get('dayPeriod')}`.trimEnd();
}

/**
 * The separators of amounts in a language: the bank's currency locale's (its tenant file; es-PA and
 * en-US for the guide's bank, both "1,500.00", as Panama writes them), else the US convention.
 */
export function separators(lang: Lang): { group: string; decimal: string } {
  const locale = bank().currency.locales[lang] || 'en-US';
  let found = separatorsByLocale.get(locale);
  if (!found) {
    let parts: Intl.NumberFormatPart[];
    try {
      parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).formatToParts(1234567.5);
    } catch {
      parts = [];
    }
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separatorsByLocale.set(locale, found);
  }
  return found;
}
const separatorsByLocale = new Map<string, { group: string; decimal: string }>();

/**
 * An exact amount of the API ("1500.50", never a binary float) written with the bank's
 * separators in the language: "1,500.50" for the guide's bank, "1.500,50" for a bank whose
 * locale writes it so.
 */
export function formatAmount(amount: string, lang: Lang): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const { group, decimal } = separators(lang);
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${grouped}${decimal}${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** An amount with the bank's currency before it: "USD 1,500.50". */
export function formatMoney(amount: string, lang: Lang): string {
  return `${bank().currency.code} ${formatAmount(amount, lang)}`;
}

/**
 * Reads a typed amount into the API's exact form ("1500.50"); undefined when it is not one.
 * Both conventions are read where they cannot be mistaken, since an amount has at most two
 * decimals: "25,000.00" and "25.000,00" are both 25000.00; a lone separator followed by one
 * or two digits is the decimal one ("2000,5", "2000.50"), followed by three it groups thousands
 * ("1.500", "1,500"). The currency code and spaces (also non-breaking) are ignored.
 */
export function parseAmount(text: string, _lang?: Lang): string | undefined {
  const code = bank().currency.code;
  const clean = text
    .trim()
    .replace(new RegExp(`^${code}|${code}$`, 'i'), '')
    .replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(clean)) return undefined;
  const lastDot = clean.lastIndexOf('.');
  const lastComma = clean.lastIndexOf(',');
  let whole = clean;
  let fraction = '';
  const splitAt = (index: number) => {
    whole = clean.slice(0, index);
    fraction = clean.slice(index + 1);
  };
  if (lastDot >= 0 && lastComma >= 0) splitAt(Math.max(lastDot, lastComma));
  else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const index = Math.max(lastDot, lastComma);
    const single = clean.indexOf(sep) === index;
    // One separator followed by 1–2 digits is the decimal one; otherwise it groups thousands.
    if (single && /^\d{1,2}$/.test(clean.slice(index + 1))) splitAt(index);
  }
  if (/[.,]/.test(fraction) || fraction.length > 2) return undefined;
  if (/[.,]/.test(whole)) {
    const seps = new Set(whole.replace(/\d/g, ''));
    if (seps.size !== 1 || !/^\d{1,3}(?:[.,]\d{3})+$/.test(whole) || /^0/.test(whole)) return undefined;
    whole = whole.replace(/[.,]/g, '');
  }
  if (whole === '') return undefined;
  whole = whole.replace(/^0+(?=\d)/, '');
  if (whole.length > 9) return undefined;
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** "m:ss" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
