export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export type ExportLanguage = 'es' | 'en';

export type ExportColumnKind = 'text' | 'date' | 'datetime' | 'amount';

export type ExportCellValue = string | number | Date | null | undefined;

export interface ExportColumn {
  key: string;
  header: { es: string; en: string };
  /** Width in characters (an Excel column width); in the PDF the widths share the page width in proportion. */
  width?: number;
  /** `text` when omitted. */
  kind?: ExportColumnKind;
  /** Long text (one line per change, for instance): wrapped in the PDF and Excel, never cut with "…". */
  wrap?: boolean;
}

export interface ExportDocument {
  /** E.g. "Usuarios" / "Users". */
  title: { es: string; en: string };
  companyCode: string;
  companyName: string;
  /** Shown in the bank's time zone (`shared/domain/bank-calendar.ts`). */
  generatedAt: Date;
  /** The on-screen filter text, shown in the header ("Filtro: …"). */
  filter?: string;
  language: ExportLanguage;
  columns: ExportColumn[];
  rows: Record<string, ExportCellValue>[];
}

export interface RenderedExport {
  body: Buffer;
  contentType: string;
  fileName: string;
}
