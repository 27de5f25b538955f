import { describe, expect, it } from 'vitest';
import { type ExportDocument, renderExport } from '../../../shared/export/index.ts';
import { toWinAnsi } from '../../../shared/export/pdf.ts';
import { auditDocument, pdfPagesText, userColumns, userRows, usersDocument } from './fixtures.ts';

/**
 * The module writes compressed content streams (FlateDecode: several times smaller for long lists);
 * `pdfPagesText` inflates them with node:zlib and reads the strings drawn on each page.
 */
async function pdfOf(doc: ExportDocument) {
  const rendered = await renderExport('pdf', doc);
  return { rendered, pages: pdfPagesText(rendered.body) };
}

describe('Export: pdf', () => {
  it('is a PDF with the PDF content type and a .pdf name', async () => {
    const { rendered } = await pdfOf(usersDocument());
    expect(rendered.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(rendered.body.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(rendered.contentType).toBe('application/pdf');
    expect(rendered.fileName).toBe('bop-usuarios-EMP001-20231227-2205.pdf');
    expect(rendered.body.toString('latin1')).toContain('/FlateDecode');
  });

  it('shows the module, the title, the company, the Panama generation time and the filter', async () => {
    const { pages } = await pdfOf(usersDocument());
    expect(pages).toHaveLength(1);
    expect(pages[0]).toEqual(
      expect.arrayContaining([
        'Banco de Occidente (Panamá) — Banca en Línea Corporativa — Administración',
        'Usuarios',
        'Empresa: EMP001 — Comercializadora Añil, S.A.',
        'Generado: 12/27/23 22:05 (hora de Panamá)',
        'Filtro: Estado: Activo',
        'Página 1 de 1',
      ]),
    );
  });

  it('contains the header row and every row', async () => {
    const doc = usersDocument();
    const { pages } = await pdfOf(doc);
    const text = pages.flat();
    for (const column of userColumns) expect(text).toContain(column.header.es);
    expect(text.join('|')).toContain('USR0001|María José|Núñez|BANCO|12/27/23|Activo');
    expect(text.join('|')).toContain('USR0003|Íñigo|Díaz|ADMIN01|12/29/23|Deshabilitado');
  });

  it('is in English when the company is, with "No filter"', async () => {
    const { pages } = await pdfOf(auditDocument({ language: 'en' }));
    expect(pages[0]).toEqual(
      expect.arrayContaining([
        'Banco de Occidente (Panamá) — Corporate Online Banking — Administration',
        'Audit log',
        'Company: EMP001 — Comercializadora Añil, S.A.',
        'Generated: 01/05/24 09:00 (Panama time)',
        'No filter',
        'Page 1 of 1',
        'Date and time',
        'Affected user',
        '01/05/24 08:59',
        'Opciones: consultas, transferencias',
      ]),
    );
    const spanish = await pdfOf(auditDocument({ filter: '  ' }));
    expect(spanish.pages[0]).toContain('Sin filtro');
  });

  it('spreads 120 rows over several pages, each with the header row and its page number', async () => {
    const rows = userRows(120);
    const { pages } = await pdfOf(usersDocument({ rows }));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      for (const column of userColumns) expect(page).toContain(column.header.es);
      expect(page).toContain(`Página ${i + 1} de ${pages.length}`);
      if (i > 0) expect(page).toContain('Usuarios — Empresa: EMP001 — Comercializadora Añil, S.A.');
    });
    // Every row is printed once, in order.
    const codes = pages.flat().filter((s) => /^USR\d{4}$/.test(s));
    expect(codes).toEqual(rows.map((r) => r.userCode));
  });

  it('cuts long cells with "…" to their column, keeping short ones whole', async () => {
    const long = 'Un apellido extremadamente largo que de ninguna manera cabe en la columna de apellidos';
    const rows = [{ userCode: 'USR0001', firstName: 'Ana', lastName: long }];
    const { pages } = await pdfOf(usersDocument({ rows, filter: `Nombre contiene ${'x'.repeat(600)}` }));
    const cut = pages[0]?.find((s) => s.startsWith('Un apellido'));
    expect(cut).toMatch(/^Un apellido .+…$/);
    expect(cut?.length).toBeLessThan(long.length);
    expect(long.startsWith(cut?.slice(0, -1) ?? '')).toBe(true);
    expect(pages[0]).toContain('Ana');
    // A very long filter wraps to two lines and is cut there.
    const filterLines = pages[0]?.filter((s) => s.startsWith('Filtro:') || s.startsWith('xxxxxxxxxx')) ?? [];
    expect(filterLines).toHaveLength(2);
    expect(filterLines[1]).toMatch(/…$/);
  });

  it('formats amounts with the language separators and date-times in Panama time', async () => {
    const doc = auditDocument({
      columns: [
        { key: 'at', header: { es: 'Fecha y hora', en: 'Date and time' }, kind: 'datetime' },
        { key: 'amount', header: { es: 'Monto', en: 'Amount' }, kind: 'amount' },
      ],
      rows: [{ at: new Date('2023-12-28T03:05:00Z'), amount: -1234567.5 }],
    });
    const { pages } = await pdfOf(doc);
    expect(pages[0]).toEqual(expect.arrayContaining(['12/27/23 22:05', '-1,234,567.50']));
  });

  it('draws text outside Windows-1252 as its base letter or "?", never garbled', async () => {
    expect(toWinAnsi('Ñandú ¿Qué? €5 “ok” — ő Ω 漢 😀\ttab\nline')).toBe(
      'Ñandú ¿Qué? €5 “ok” — o ? ? ? tab line',
    );
    const rows = [{ userCode: 'USR0001', firstName: 'Zoë 漢字', lastName: 'Łukasz (Şahin) \\ O’Neil' }];
    const { pages } = await pdfOf(usersDocument({ rows }));
    expect(pages[0]).toEqual(expect.arrayContaining(['Zoë ??', '?ukasz (Sahin) \\ O’Neil']));
  });

  it('says so when there are no rows', async () => {
    const { pages } = await pdfOf(usersDocument({ rows: [] }));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('Sin registros');
  });
});
