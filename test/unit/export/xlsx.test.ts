import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ExportDocument, renderExport } from '../../../shared/export/index.ts';
import { auditDocument, userHeaders, userRows, usersDocument } from './fixtures.ts';

async function readBack(doc: ExportDocument) {
  const rendered = await renderExport('xlsx', doc);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(rendered.body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const values = (rowNumber: number) =>
    Array.from({ length: doc.columns.length }, (_, i) => sheet.getRow(rowNumber).getCell(i + 1).value);
  return { rendered, workbook, sheet, values };
}

const headerRow = 5;

describe('Export: xlsx', () => {
  it('writes the header row and every row: text as text, dates as real dates', async () => {
    const rows = userRows(40);
    const { sheet, values } = await readBack(usersDocument({ rows }));
    expect(sheet.name).toBe('Usuarios');
    expect(values(headerRow)).toEqual(userHeaders('es'));
    rows.forEach((row, i) => {
      // Created at 15:30 in Panama: the date cell holds the Panama calendar day, at midnight.
      expect(values(headerRow + 1 + i)).toEqual([
        row.userCode,
        row.firstName,
        row.lastName,
        row.createdBy,
        new Date(Date.UTC(2023, 11, 27 + i)),
        row.state,
      ]);
      expect(sheet.getRow(headerRow + 1 + i).getCell(5).numFmt).toBe('mm/dd/yy');
    });
    expect(sheet.rowCount).toBe(headerRow + rows.length);
  });

  it('writes date-times in Panama time and amounts as numbers formatted #,##0.00', async () => {
    const doc = auditDocument({
      columns: [
        { key: 'at', header: { es: 'Fecha y hora', en: 'Date and time' }, kind: 'datetime' },
        { key: 'amount', header: { es: 'Monto', en: 'Amount' }, kind: 'amount' },
        { key: 'note', header: { es: 'Nota', en: 'Note' } },
      ],
      rows: [
        { at: new Date('2023-12-28T03:05:00Z'), amount: 1234.5, note: '=1+1' },
        { at: '2024-01-05T13:59:00Z', amount: '-20.25', note: 42 },
        { at: null, amount: undefined, note: 'texto\u0007con control' },
      ],
    });
    const { sheet, values } = await readBack(doc);
    expect(values(headerRow)).toEqual(['Fecha y hora', 'Monto', 'Nota']);
    expect(values(headerRow + 1)).toEqual([new Date(Date.UTC(2023, 11, 27, 22, 5)), 1234.5, '=1+1']);
    expect(values(headerRow + 2)).toEqual([new Date(Date.UTC(2024, 0, 5, 8, 59)), -20.25, 42]);
    expect(values(headerRow + 3)).toEqual([null, null, 'textocon control']);
    const first = sheet.getRow(headerRow + 1);
    expect(first.getCell(1).numFmt).toBe('mm/dd/yy hh:mm');
    expect(first.getCell(2).numFmt).toBe('#,##0.00');
    // Text that looks like a formula is a plain string cell, never a formula.
    expect(first.getCell(3).type).toBe(ExcelJS.ValueType.String);
  });

  it('has a title block, a bold filled frozen header row with an auto-filter, and column widths', async () => {
    const doc = usersDocument({ rows: userRows(10) });
    const { sheet, workbook } = await readBack(doc);
    expect(sheet.getCell('A1').value).toBe('Usuarios');
    expect(sheet.getCell('A2').value).toBe('Empresa: EMP001 — Comercializadora Añil, S.A.');
    expect(sheet.getCell('A3').value).toBe('Generado: 12/27/23 22:05 (hora de Panamá)');
    expect(sheet.getCell('A4').value).toBe('Filtro: Estado: Activo');
    const header = sheet.getRow(headerRow).getCell(1);
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(sheet.autoFilter).toBe('A5:F15');
    expect(sheet.getColumn(1).width).toBe(16);
    expect(sheet.getColumn(6).width).toBe(12);
    expect(workbook.created?.toISOString()).toBe('2023-12-28T03:05:00.000Z');
  });

  it('writes the English headers and labels in English', async () => {
    const { sheet, values } = await readBack(usersDocument({ language: 'en', filter: undefined }));
    expect(sheet.name).toBe('Users');
    expect(values(headerRow)).toEqual(userHeaders('en'));
    expect(sheet.getCell('A3').value).toBe('Generated: 12/27/23 22:05 (Panama time)');
    expect(sheet.getCell('A4').value).toBe('No filter');
  });

  it('makes a valid sheet name from any title and says so when there are no rows', async () => {
    const doc = usersDocument({
      title: { es: 'Usuarios: activos/pendientes [2024] de la empresa', en: 'x' },
      rows: [],
    });
    const { sheet } = await readBack(doc);
    expect(sheet.name).toBe('Usuarios  activos pendientes  2');
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.getCell(headerRow + 1, 1).value).toBe('Sin registros');
  });

  it('is a zip file with the Excel content type and an .xlsx name', async () => {
    const rendered = await renderExport('xlsx', auditDocument());
    expect(rendered.body.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(rendered.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(rendered.fileName).toBe('bop-registro-de-auditoria-EMP001-20240105-0900.xlsx');
  });
});
