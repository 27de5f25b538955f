import { tenant } from '../core/tenant.ts';
import { type WallClock as BankWallClock, wallClock } from '../domain/bank-calendar.ts';
import type {
  ExportCellValue,
  ExportColumn,
  ExportColumnKind,
  ExportDocument,
  ExportLanguage,
} from './types.ts';

/** Every date and time of an export is shown in the bank's time zone (the tenant's; America/Panama for the guide's bank). */
export const exportTimeZone = (): string => tenant().timeZone;

/** The wall clock of an instant in the bank's time zone. */
const bankWallClock = (instant: Date) => wallClock(instant, exportTimeZone());

/** The wall-clock reading of an instant in the bank's time zone, or a calendar date as written. */
export type WallClock = Pick<BankWallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'>;

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The bank's wall clock of a date cell: a `Date` or an ISO timestamp is an instant, read in the
 * bank's time zone;
 * a bare `YYYY-MM-DD` is a calendar date and is taken as written. `null` when it is no date.
 */
export function wallClockOf(value: ExportCellValue): WallClock | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : bankWallClock(value);
  if (typeof value === 'number') return Number.isFinite(value) ? bankWallClock(new Date(value)) : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const calendar = dateOnly.exec(value.trim());
  if (calendar) {
    const [, y, m, d] = calendar;
    return { year: Number(y), month: Number(m), day: Number(d), hour: 0, minute: 0 };
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : bankWallClock(new Date(time));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** MM/DD/AA, as the bank's guide writes dates (e.g. 12/27/23), in both languages. */
export const formatDate = (c: WallClock) => `${pad(c.month)}/${pad(c.day)}/${pad(c.year % 100)}`;

/** MM/DD/AA HH:mm, 24 h. */
export const formatDateTime = (c: WallClock) => `${formatDate(c)} ${pad(c.hour)}:${pad(c.minute)}`;

/** The wall clock as a UTC `Date`: what spreadsheet files store, since they know no time zones. */
export const wallClockAsUtc = (c: WallClock) =>
  new Date(Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute));

/** An amount cell as a number, or `null` when it is none (left as text then). */
export function amountOf(value: ExportCellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

const amountFormats = new Map<string, Intl.NumberFormat>();

/** An amount with two decimals; Panama writes them as the United States does: 1,234.50. */
export function formatAmount(amount: number, language: ExportLanguage): string {
  const locale = tenant().currency.locales[language];
  let format = amountFormats.get(locale);
  if (!format) {
    // The tenant's number format: es-PA / en-US write 1,234.50 for the guide's bank.
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    amountFormats.set(locale, format);
  }
  return format.format(amount);
}

export const kindOf = (column: ExportColumn): ExportColumnKind => column.kind ?? 'text';

/**
 * The text of a cell. `display` (the PDF) groups amounts with the language's separators; `plain`
 * (the CSV) writes them as bare numbers with two decimals, which any spreadsheet reads back as numbers.
 */
export function cellText(
  value: ExportCellValue,
  column: ExportColumn,
  language: ExportLanguage,
  style: 'display' | 'plain',
): string {
  if (value === null || value === undefined) return '';
  switch (kindOf(column)) {
    case 'date':
    case 'datetime': {
      const clock = wallClockOf(value);
      if (clock) return kindOf(column) === 'date' ? formatDate(clock) : formatDateTime(clock);
      break;
    }
    case 'amount': {
      const amount = amountOf(value);
      if (amount !== null) return style === 'display' ? formatAmount(amount, language) : amount.toFixed(2);
      break;
    }
    default:
      if (value instanceof Date) {
        const clock = wallClockOf(value);
        return clock ? formatDateTime(clock) : '';
      }
  }
  return value instanceof Date ? '' : String(value);
}

/** A column's width in characters: the one given, or one that fits its header and its first rows. */
export function columnWidth(column: ExportColumn, doc: ExportDocument): number {
  if (column.width && column.width > 0) return column.width;
  const kind = kindOf(column);
  let longest = column.header[doc.language].length;
  for (const row of doc.rows.slice(0, 200)) {
    longest = Math.max(longest, cellText(row[column.key], column, doc.language, 'display').length);
  }
  const floor = kind === 'datetime' ? 16 : kind === 'date' ? 10 : 8;
  return Math.min(Math.max(longest + 2, floor), 50);
}

/** The words around the table, in both languages. */
export const labels = {
  es: {
    module: 'Banca en Línea Corporativa — Administración',
    company: 'Empresa',
    generated: 'Generado',
    filter: 'Filtro',
    noFilter: 'Sin filtro',
    noRows: 'Sin registros',
    page: (n: number | string, of: number | string) => `Página ${n} de ${of}`,
  },
  en: {
    module: 'Corporate Online Banking — Administration',
    company: 'Company',
    generated: 'Generated',
    filter: 'Filter',
    noFilter: 'No filter',
    noRows: 'No records',
    page: (n: number | string, of: number | string) => `Page ${n} of ${of}`,
  },
} as const;

/** "Filtro: …" or "Sin filtro". */
export function filterLine(doc: ExportDocument): string {
  const text = doc.filter?.trim();
  const words = labels[doc.language];
  return text ? `${words.filter}: ${text}` : words.noFilter;
}

/** "Generado: 12/27/23 14:05 (hora de Panamá)". */
export function generatedLine(doc: ExportDocument): string {
  const words = labels[doc.language];
  const zone = tenant().timeZoneLabel[doc.language];
  return `${words.generated}: ${formatDateTime(bankWallClock(doc.generatedAt))} (${zone})`;
}

/** "Empresa: EMP001 — ACME, S.A.". */
export function companyLine(doc: ExportDocument): string {
  return `${labels[doc.language].company}: ${doc.companyCode} — ${doc.companyName}`;
}

/** Lowercase ASCII words joined by dashes: "Registro de auditoría" → "registro-de-auditoria". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The module's line of an export's header, with the bank's name: "Banco … — Banca en Línea Corporativa — Administración". */
export const moduleLine = (doc: Pick<ExportDocument, 'language'>): string =>
  `${tenant().name} — ${labels[doc.language].module}`;

/** `<bank>-<slug-of-title>-<COMPANY>-<YYYYMMDD-HHmm>.<ext>`, ASCII only, the time in the bank's zone. */
export function exportFileName(doc: ExportDocument, extension: string): string {
  const title = slugify(doc.title[doc.language]) || 'export';
  const company =
    doc.companyCode
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'COMPANY';
  const c = bankWallClock(doc.generatedAt);
  const stamp = `${c.year}${pad(c.month)}${pad(c.day)}-${pad(c.hour)}${pad(c.minute)}`;
  return `${tenant().id}-${title}-${company}-${stamp}.${extension}`;
}
