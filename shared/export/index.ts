/**
 * The list exports of the bank's guide ("Imprimir", "Excel", "PDF" above every list): one table, with
 * the filter shown on screen, as CSV, Excel or PDF. Used by the export function alone: the Excel and
 * PDF renderers, and their libraries inside them, are loaded by `import()` with the first export in
 * their format, so a CSV export never loads them and a cold start loads neither.
 */
import { renderCsv } from './csv.ts';
import { exportFileName } from './format.ts';
import type { ExportDocument, ExportFormat, RenderedExport } from './types.ts';

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
    format === 'csv'
      ? renderCsv(doc)
      : format === 'xlsx'
        ? await (await import('./xlsx.ts')).renderXlsx(doc)
        : await (await import('./pdf.ts')).renderPdf(doc);
  return { body, contentType: exportContentTypes[format], fileName: exportFileName(doc, format) };
}
