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

/** Separators of amounts: the guide writes "0,00" in Spanish; English uses "1,500.00". */
const separators: Record<Lang, { group: string; decimal: string }> = {
  es: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/**
 * An exact USD amount of the API ("1500.50", never a binary float) written with the
 * language's separators: "1.500,50" / "1,500.50".
 */
export function formatAmount(amount: string, lang: Lang): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const { group, decimal } = separators[lang];
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${grouped}${decimal}${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** An amount with the bank's currency before it: "USD 1.500,50". */
export function formatMoney(amount: string, lang: Lang): string {
  return `${bank().currency.code} ${formatAmount(amount, lang)}`;
}

/**
 * Reads an amount typed with the language's separators ("1.500,5", "1500,50" / "1,500.5",
 * "1500.50") into the API's exact form ("1500.50"); undefined when it is not one.
 */
export function parseAmount(text: string, lang: Lang): string | undefined {
  const { group, decimal } = separators[lang];
  const g = `\\${group}`;
  const d = `\\${decimal}`;
  const pattern = new RegExp(`^(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${d}(\\d{1,2}))?$`);
  const match = pattern.exec(text.trim().replace(/\s/g, ''));
  if (!match) return undefined;
  const whole = (match[1] ?? '0')
    .split(group)
    .join('')
    .replace(/^0+(?=\d)/, '');
  if (whole.length > 9) return undefined;
  return `${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** "m:ss" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
