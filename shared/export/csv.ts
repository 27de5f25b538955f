import { amountOf, cellText, kindOf } from './format.ts';
import type { ExportCellValue, ExportColumn, ExportDocument } from './types.ts';

/**
 * First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP
 * "CSV injection"), with their full-width forms, which some spreadsheet locales fold into them.
 */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/**
 * Text the spreadsheet will not evaluate: a leading apostrophe before a dangerous first character.
 * Numbers (numeric cells, and amounts, which the module formats itself) are left alone, so that a
 * negative amount stays a number; every text cell, headers included, goes through here.
 */
export function neutralizeFormula(text: string): string {
  return formulaStarts.has(text.charAt(0)) ? `'${text}` : text;
}

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, with quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvCell(value: ExportCellValue, column: ExportColumn, doc: ExportDocument): string {
  const text = cellText(value, column, doc.language, 'plain');
  const isNumber = typeof value === 'number' || (kindOf(column) === 'amount' && amountOf(value) !== null);
  return csvField(isNumber ? text : neutralizeFormula(text));
}

/**
 * The table as CSV (RFC 4180): UTF-8 with a byte-order mark so that Excel reads the accents right,
 * CRLF after every record, the header row in the document's language, then one record per row.
 */
export function renderCsv(doc: ExportDocument): Buffer {
  const lines = [doc.columns.map((column) => csvField(neutralizeFormula(column.header[doc.language])))];
  for (const row of doc.rows) lines.push(doc.columns.map((column) => csvCell(row[column.key], column, doc)));
  return Buffer.from(`\ufeff${lines.map((fields) => `${fields.join(',')}\r\n`).join('')}`, 'utf8');
}
