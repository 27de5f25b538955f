/**
 * Reading a file of users to create: CSV (RFC 4180, comma or semicolon, with
 * or without a byte-order mark) or Excel (.xlsx, the first sheet; exceljs loaded only then). The
 * columns are the user export's (`shared/services/exports.ts`), found by their Spanish or English
 * header in any order, plus the ones creation needs; rows above the header row (the export's title
 * lines) are skipped. Columns of the export that creation does not take are ignored.
 */

/** A column of the import file: the field it fills, its headers in both languages, whether it is required. */
export interface ImportColumn {
  readonly key: string;
  readonly header: { readonly es: string; readonly en: string };
  readonly required: boolean;
}

/** The file's columns: the export's (user code, names; "Ingresado por", date and state are ignored) and creation's. */
export const importColumns: readonly ImportColumn[] = [
  { key: 'userCode', header: { es: 'Código de usuario', en: 'User code' }, required: true },
  { key: 'firstName', header: { es: 'Nombre', en: 'First name' }, required: true },
  { key: 'lastName', header: { es: 'Apellido', en: 'Last name' }, required: true },
  { key: 'jobTitle', header: { es: 'Cargo', en: 'Job title' }, required: true },
  { key: 'email', header: { es: 'Correo electrónico', en: 'E-mail' }, required: true },
  { key: 'profile', header: { es: 'Perfil', en: 'Profile' }, required: true },
  { key: 'options', header: { es: 'Opciones', en: 'Options' }, required: true },
  { key: 'accounts', header: { es: 'Cuentas', en: 'Accounts' }, required: true },
];

/** One data row: its number in the file (1-based, as a spreadsheet shows it) and its cells by column key. */
export interface ImportRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface ImportTable {
  /** The header row's number, 0 when none was found. */
  readonly headerRow: number;
  /** Required columns the header row lacks. */
  readonly missing: readonly ImportColumn[];
  readonly rows: readonly ImportRow[];
}

const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

const byHeader = new Map(
  importColumns.flatMap((column) => [
    [fold(column.header.es), column.key],
    [fold(column.header.en), column.key],
  ]),
);

/** How far down the header row is looked for (the Excel export has title lines above it). */
const HEADER_SEARCH_ROWS = 10;

/** Turns the grid of a file (rows of cell texts, 1-based row numbers) into rows by column. */
export function tableOf(grid: readonly { row: number; cells: readonly string[] }[]): ImportTable {
  const header = grid
    .slice(0, HEADER_SEARCH_ROWS)
    .find((line) => line.cells.some((cell) => byHeader.get(fold(cell)) === 'userCode'));
  if (!header) return { headerRow: 0, missing: importColumns.filter((c) => c.required), rows: [] };
  const keys = header.cells.map((cell) => byHeader.get(fold(cell)));
  const missing = importColumns.filter((column) => column.required && !keys.includes(column.key));
  const rows: ImportRow[] = [];
  for (const line of grid) {
    if (line.row <= header.row || line.cells.every((cell) => cell.trim() === '')) continue;
    const cells: Record<string, string> = {};
    keys.forEach((key, index) => {
      if (key) cells[key] = (line.cells[index] ?? '').trim();
    });
    rows.push({ row: line.row, cells });
  }
  return { headerRow: header.row, missing, rows };
}

/** The records of a CSV text (RFC 4180 quoting; the delimiter is the header line's, comma or semicolon). */
export function csvGrid(text: string): { row: number; cells: string[] }[] {
  const body = text.replace(/^\ufeff/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let row = 1;
  const endRecord = () => {
    cells.push(field);
    records.push({ row, cells });
    cells = [];
    field = '';
    row += 1;
  };
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      cells.push(field);
      field = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (char === '\n' || char === '\r') endRecord();
    else field += char;
  }
  if (field !== '' || cells.length > 0) endRecord();
  // A leading apostrophe is how the export keeps a spreadsheet from reading a cell as a formula.
  return records.map((record) => ({
    row: record.row,
    cells: record.cells.map((cell) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell)),
  }));
}

/** The rows of the first sheet of an Excel workbook, as texts (exceljs loaded only now). */
export async function xlsxGrid(file: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const grid: { row: number; cells: string[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (line, row) => {
    const cells: string[] = [];
    for (let column = 1; column <= line.cellCount; column++) cells.push(line.getCell(column).text ?? '');
    grid.push({ row, cells });
  });
  return grid;
}
