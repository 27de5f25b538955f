import type { jsPDF } from 'jspdf';
import type { CellDef } from 'jspdf-autotable';
import {
  cellText,
  columnWidth,
  companyLine,
  filterLine,
  generatedLine,
  kindOf,
  labels,
  moduleLine,
} from './format.ts';
import type { ExportDocument } from './types.ts';

// A4 landscape, in millimetres.
const page = { width: 297, height: 210, margin: 12, top: 20, bottom: 14 };
const usableWidth = page.width - 2 * page.margin;
const fontSize = 8;
const cellPadding = 1.5;
const ink = {
  text: [33, 33, 33],
  muted: [96, 104, 116],
  brand: [31, 59, 100],
  rule: [205, 211, 220],
} as const;

// The standard PDF fonts (Helvetica here) need no font file but only speak WinAnsi (Windows-1252):
// Spanish is covered; anything else is brought down to its base letter or "?" rather than garbled.
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const inWinAnsi = (c: string) => {
  const code = c.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(c);
};

/** Text the standard fonts can draw, on one line. */
/** Signs the standard fonts lack, written as they are typed (the audit log's "antes → después"). */
const spelled: Record<string, string> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=' };

export function toWinAnsi(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC').replace(/\s+/g, ' ')) {
    const spelledOut = spelled[c];
    if (spelledOut) {
      out += spelledOut;
      continue;
    }
    if (inWinAnsi(c)) {
      out += c;
      continue;
    }
    const base = c.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += base !== '' && [...base].every(inWinAnsi) ? base : '?';
  }
  return out;
}

/** The text cut with "…" so that it fits `width` millimetres in the current font. */
function fitText(pdf: jsPDF, text: string, width: number): string {
  if (pdf.getTextWidth(text) <= width) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pdf.getTextWidth(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}

const setInk = (pdf: jsPDF, color: readonly number[]) =>
  pdf.setTextColor(color[0] ?? 0, color[1] ?? 0, color[2] ?? 0);

/** The header of the first page: module, title, company, generation time, filter. Returns where it ends. */
function drawFirstHeader(pdf: jsPDF, doc: ExportDocument): number {
  const width = usableWidth;
  let y = 14;
  pdf.setFont('helvetica', 'normal').setFontSize(9);
  setInk(pdf, ink.muted);
  pdf.text(fitText(pdf, toWinAnsi(moduleLine(doc)), width), page.margin, y);
  y += 8;
  pdf.setFont('helvetica', 'bold').setFontSize(16);
  setInk(pdf, ink.brand);
  pdf.text(fitText(pdf, toWinAnsi(doc.title[doc.language]), width), page.margin, y);
  y += 7;
  pdf.setFont('helvetica', 'bold').setFontSize(10);
  setInk(pdf, ink.text);
  pdf.text(fitText(pdf, toWinAnsi(companyLine(doc)), width), page.margin, y);
  y += 5;
  pdf.setFont('helvetica', 'normal').setFontSize(9);
  pdf.text(fitText(pdf, toWinAnsi(generatedLine(doc)), width), page.margin, y);
  // A long filter wraps once, then is cut.
  const filter: string[] = pdf.splitTextToSize(toWinAnsi(filterLine(doc)), width);
  const shown = filter.length > 2 ? [filter[0] ?? '', fitText(pdf, `${filter[1] ?? ''}…`, width)] : filter;
  for (const line of shown) {
    y += 4.5;
    pdf.text(line, page.margin, y);
  }
  y += 3;
  pdf.setDrawColor(ink.brand[0], ink.brand[1], ink.brand[2]).setLineWidth(0.4);
  pdf.line(page.margin, y, page.width - page.margin, y);
  return y + 3;
}

/** The running header of the following pages: title and company on one line. */
function drawRunningHeader(pdf: jsPDF, doc: ExportDocument): void {
  pdf.setFont('helvetica', 'bold').setFontSize(9);
  setInk(pdf, ink.brand);
  const text = `${doc.title[doc.language]} — ${companyLine(doc)}`;
  pdf.text(fitText(pdf, toWinAnsi(text), usableWidth), page.margin, 12);
  pdf.setDrawColor(ink.rule[0], ink.rule[1], ink.rule[2]).setLineWidth(0.2);
  pdf.line(page.margin, 14.5, page.width - page.margin, 14.5);
}

/** "Página n de N" on every page, once the page count is known, with the generation time. */
function drawFooters(pdf: jsPDF, doc: ExportDocument): void {
  const words = labels[doc.language];
  const pages = pdf.getNumberOfPages();
  const y = page.height - 7;
  for (let n = 1; n <= pages; n += 1) {
    pdf.setPage(n);
    pdf.setFont('helvetica', 'normal').setFontSize(8);
    setInk(pdf, ink.muted);
    pdf.text(
      fitText(pdf, toWinAnsi(`${words.module} · ${generatedLine(doc)}`), usableWidth - 40),
      page.margin,
      y,
    );
    pdf.text(toWinAnsi(words.page(n, pages)), page.width - page.margin, y, { align: 'right' });
  }
}

/**
 * The table as a printable PDF (A4 landscape) with jsPDF and its autotable plugin, loaded only now:
 * a header, the table with its header row on every page, cells cut with "…" to their column, and
 * page numbers. Content streams are compressed (FlateDecode): a long list is several times smaller.
 */
export async function renderPdf(doc: ExportDocument): Promise<Buffer> {
  const [{ jsPDF }, { autoTable }] = await Promise.all([import('jspdf'), import('jspdf-autotable')]);
  const words = labels[doc.language];
  const title = doc.title[doc.language];
  const pdf = new jsPDF({
    orientation: 'landscape',
    unit: 'mm',
    format: 'a4',
    compress: true,
    putOnlyUsedFonts: true,
  });
  pdf.setProperties({
    title: toWinAnsi(title),
    subject: toWinAnsi(companyLine(doc)),
    author: toWinAnsi(doc.companyName),
    creator: toWinAnsi(moduleLine(doc)),
  });
  pdf.setCreationDate(doc.generatedAt);

  const weights = doc.columns.map((column) => columnWidth(column, doc));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0) || 1;
  const widths = weights.map((w) => (w / totalWeight) * usableWidth);
  // What a cell's text may take: its column less the padding, and a hair for rounding.
  const room = widths.map((w) => w - 2 * cellPadding - 0.3);
  const align = doc.columns.map((column) => (kindOf(column) === 'amount' ? 'right' : 'left'));

  pdf.setFont('helvetica', 'bold').setFontSize(fontSize);
  const head: CellDef[] = doc.columns.map((column, i) => ({
    content: fitText(pdf, toWinAnsi(column.header[doc.language]), room[i] ?? 0),
    styles: { halign: align[i] ?? 'left' },
  }));
  pdf.setFont('helvetica', 'normal').setFontSize(fontSize);
  const body: CellDef[][] =
    doc.rows.length > 0
      ? doc.rows.map((row) =>
          doc.columns.map((column, i) => {
            const text = cellText(row[column.key], column, doc.language, 'display');
            // A wrapped column keeps every line (autotable breaks them to the column); others are cut with "…".
            return column.wrap
              ? { content: text.split('\n').map(toWinAnsi).join('\n') }
              : { content: fitText(pdf, toWinAnsi(text), room[i] ?? 0) };
          }),
        )
      : [
          [
            {
              content: words.noRows,
              colSpan: Math.max(doc.columns.length, 1),
              styles: { halign: 'center', textColor: [...ink.muted] },
            },
          ],
        ];

  const startY = drawFirstHeader(pdf, doc);
  autoTable(pdf, {
    head: [head],
    body,
    startY,
    margin: { top: page.top, left: page.margin, right: page.margin, bottom: page.bottom },
    tableWidth: usableWidth,
    theme: 'grid',
    showHead: 'everyPage',
    rowPageBreak: 'avoid',
    styles: {
      font: 'helvetica',
      fontSize,
      cellPadding,
      overflow: 'hidden',
      valign: 'middle',
      textColor: [...ink.text],
      lineColor: [...ink.rule],
      lineWidth: 0.1,
    },
    headStyles: { fillColor: [...ink.brand], textColor: [255, 255, 255], fontStyle: 'bold' },
    alternateRowStyles: { fillColor: [244, 246, 249] },
    columnStyles: Object.fromEntries(
      widths.map((cellWidth, i) => [
        i,
        {
          cellWidth,
          halign: align[i] ?? 'left',
          ...(doc.columns[i]?.wrap ? { overflow: 'linebreak' as const } : {}),
        },
      ]),
    ),
    didDrawPage: (data) => {
      if (data.pageNumber > 1) drawRunningHeader(pdf, doc);
    },
  });
  drawFooters(pdf, doc);

  return Buffer.from(pdf.output('arraybuffer'));
}
