import {
  amountOf,
  columnWidth,
  companyLine,
  filterLine,
  generatedLine,
  kindOf,
  labels,
  moduleLine,
  wallClockAsUtc,
  wallClockOf,
} from './format.ts';
import type { ExportCellValue, ExportColumn, ExportDocument } from './types.ts';

/** Rows above the table: title, company, generation time, filter. The header row follows them. */
const headerRow = 5;

const numberFormats = { date: 'mm/dd/yy', datetime: 'mm/dd/yy hh:mm', amount: '#,##0.00' } as const;

// XML 1.0 forbids these control characters: exceljs would write a file that Excel refuses to open.
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are exactly what is removed.
const forbiddenInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** An Excel cell holds at most 32,767 characters. */
const cleanText = (text: string) => text.replace(forbiddenInXml, '').slice(0, 32_767);

/** A worksheet name: at most 31 characters and none of : \ / ? * [ ]. */
export function sheetName(title: string): string {
  const name = title
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, 31)
    .trim();
  return name || 'Export';
}

/**
 * The cell value of an export cell: dates as real Excel dates (the Panama wall clock, since Excel knows
 * no time zones), amounts as numbers, the rest as text (numbers stay numbers). Cells are never
 * formulas, so text starting with "=" is inert here and needs no apostrophe.
 */
function cellValue(value: ExportCellValue, column: ExportColumn): string | number | Date | null {
  if (value === null || value === undefined) return null;
  const kind = kindOf(column);
  if (kind === 'date' || kind === 'datetime') {
    const clock = wallClockOf(value);
    if (clock) return wallClockAsUtc(kind === 'date' ? { ...clock, hour: 0, minute: 0 } : clock);
  } else if (kind === 'amount') {
    const amount = amountOf(value);
    if (amount !== null) return amount;
  } else if (value instanceof Date) {
    const clock = wallClockOf(value);
    return clock ? wallClockAsUtc(clock) : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value instanceof Date ? null : cleanText(value);
}

/** The table as an Excel workbook (.xlsx) of one sheet, with exceljs loaded only now. */
export async function renderXlsx(doc: ExportDocument): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const words = labels[doc.language];
  const title = doc.title[doc.language];
  const columnCount = Math.max(doc.columns.length, 1);
  const lastRow = headerRow + doc.rows.length;

  const workbook = new ExcelJS.Workbook();
  workbook.creator = moduleLine(doc);
  workbook.title = title;
  workbook.company = doc.companyName;
  workbook.created = doc.generatedAt;
  workbook.modified = doc.generatedAt;

  const sheet = workbook.addWorksheet(sheetName(title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    // Excel fills in &P (this page) and &N (the page count) when it prints.
    headerFooter: { oddFooter: `&L${title.replace(/&/g, '&&')}&R${words.page('&P', '&N')}` },
  });

  const lines = [title, companyLine(doc), generatedLine(doc), filterLine(doc)];
  lines.forEach((text, index) => {
    const cell = sheet.getCell(index + 1, 1);
    cell.value = cleanText(text);
    cell.font = index === 0 ? { bold: true, size: 14 } : { size: 10, color: { argb: 'FF444444' } };
  });

  doc.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = columnWidth(column, doc);
    const kind = kindOf(column);
    if (kind !== 'text') sheetColumn.numFmt = numberFormats[kind];
    if (kind === 'amount') sheetColumn.alignment = { horizontal: 'right' };
    if (column.wrap) sheetColumn.alignment = { vertical: 'top', wrapText: true };
  });

  const header = sheet.getRow(headerRow);
  doc.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = cleanText(column.header[doc.language]);
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3B64' } };
    cell.alignment = { vertical: 'middle', horizontal: kindOf(column) === 'amount' ? 'right' : 'left' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF1F3B64' } } };
  });
  header.height = 20;

  doc.rows.forEach((row, rowIndex) => {
    const sheetRow = sheet.getRow(headerRow + 1 + rowIndex);
    doc.columns.forEach((column, index) => {
      const value = cellValue(row[column.key], column);
      if (value !== null) sheetRow.getCell(index + 1).value = value;
    });
  });

  if (doc.rows.length === 0) sheet.getCell(headerRow + 1, 1).value = words.noRows;
  if (doc.columns.length > 0) {
    sheet.autoFilter = {
      from: { row: headerRow, column: 1 },
      to: { row: Math.max(lastRow, headerRow), column: columnCount },
    };
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
