/**
 * The list exports of the bank's guide ("Imprimir", "Excel", "PDF" above every list): one table, with
 * the filter shown on screen, as CSV, Excel or PDF. Used by the export function alone: the Excel and
 * PDF libraries are loaded by `import()` inside their renderers, so a CSV export never loads them.
 */
import { renderCsv } from './csv.ts';
import { exportFileName } from './format.ts';
import { renderPdf } from './pdf.ts';
import type { ExportDocument, ExportFormat, RenderedExport } from './types.ts';
import { renderXlsx } from './xlsx.ts';

export type {
  ExportCellValue,
  ExportColumn,
  ExportColumnKind,
  ExportDocument,
  ExportFormat,
  ExportLanguage,
  RenderedExport,
} from './types.ts';

export const exportFormats = ['csv', 'xlsx', 'pdf'] as const satisfies readonly ExportFormat[];

export const isExportFormat = (value: unknown): value is ExportFormat =>
  typeof value === 'string' && (exportFormats as readonly string[]).includes(value);

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function renderExport(format: ExportFormat, doc: ExportDocument): Promise<RenderedExport> {
  if (!isExportFormat(format)) throw new TypeError(`Unknown export format: ${String(format)}`);
  if (Number.isNaN(doc.generatedAt.getTime())) throw new TypeError('generatedAt is not a valid date');
  const body =
    format === 'csv' ? renderCsv(doc) : format === 'xlsx' ? await renderXlsx(doc) : await renderPdf(doc);
  return { body, contentType: exportContentTypes[format], fileName: exportFileName(doc, format) };
}
