import { inflateSync } from 'node:zlib';
import type { ExportColumn, ExportDocument } from '../../../shared/export/index.ts';

/** The administrator's user list, as the guide shows it. */
export const userColumns: ExportColumn[] = [
  { key: 'userCode', header: { es: 'Código de usuario', en: 'User code' }, width: 16 },
  { key: 'firstName', header: { es: 'Nombre', en: 'First name' }, width: 18 },
  { key: 'lastName', header: { es: 'Apellido', en: 'Last name' }, width: 18 },
  { key: 'createdBy', header: { es: 'Ingresado por', en: 'Entered by' }, width: 14 },
  { key: 'createdAt', header: { es: 'Fecha (MM/DD/AA)', en: 'Date (MM/DD/YY)' }, width: 14, kind: 'date' },
  { key: 'state', header: { es: 'Estado', en: 'Status' }, width: 12 },
];

/** The user list's header row in `language`: what every format writes above the rows. */
export const userHeaders = (language: 'es' | 'en') => userColumns.map((c) => c.header[language]);

/** The audit log. */
export const auditColumns: ExportColumn[] = [
  { key: 'at', header: { es: 'Fecha y hora', en: 'Date and time' }, width: 15, kind: 'datetime' },
  { key: 'actor', header: { es: 'Usuario', en: 'User' }, width: 12 },
  { key: 'action', header: { es: 'Acción', en: 'Action' }, width: 18 },
  { key: 'target', header: { es: 'Usuario afectado', en: 'Affected user' }, width: 14 },
  { key: 'ip', header: { es: 'IP', en: 'IP' }, width: 14 },
  { key: 'detail', header: { es: 'Detalle', en: 'Detail' }, width: 40 },
];

const firstNames = ['María José', 'Ángel', 'Íñigo', 'Begoña', 'Raúl', 'Zoë', 'Óscar', 'Núria'];
const lastNames = ['Núñez', 'Pérez de León', 'Muñoz', 'Ibáñez', 'Gómez', 'Martínez', 'Díaz', 'Cañas'];
const states = ['Activo', 'Pendiente', 'Deshabilitado'];

/** `count` users created a day apart from 12/27/23 (Panama), with Spanish names. */
export function userRows(count: number): ExportDocument['rows'] {
  return Array.from({ length: count }, (_, i) => ({
    userCode: `USR${String(i + 1).padStart(4, '0')}`,
    firstName: firstNames[i % firstNames.length],
    lastName: lastNames[(i * 3) % lastNames.length],
    createdBy: i === 0 ? 'BANCO' : 'ADMIN01',
    // 15:30 in Panama (UTC−5).
    createdAt: new Date(Date.UTC(2023, 11, 27 + i, 20, 30)).toISOString(),
    state: states[i % states.length],
  }));
}

export function usersDocument(overrides: Partial<ExportDocument> = {}): ExportDocument {
  return {
    title: { es: 'Usuarios', en: 'Users' },
    companyCode: 'EMP001',
    companyName: 'Comercializadora Añil, S.A.',
    generatedAt: new Date('2023-12-28T03:05:00Z'), // 12/27/23 22:05 in Panama
    filter: 'Estado: Activo',
    language: 'es',
    columns: userColumns,
    rows: userRows(3),
    ...overrides,
  };
}

export function auditDocument(overrides: Partial<ExportDocument> = {}): ExportDocument {
  return {
    title: { es: 'Registro de auditoría', en: 'Audit log' },
    companyCode: 'EMP001',
    companyName: 'Comercializadora Añil, S.A.',
    generatedAt: new Date('2024-01-05T14:00:00Z'),
    language: 'es',
    columns: auditColumns,
    rows: [
      {
        at: new Date('2024-01-05T13:59:00Z'),
        actor: 'ADMIN01',
        action: 'Crear usuario',
        target: 'USR0002',
        ip: '203.0.113.7',
        detail: 'Opciones: consultas, transferencias',
      },
    ],
    ...overrides,
  };
}

// --- A small reader for the PDFs the module writes (jsPDF: uncompressed object table, Flate streams).

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const objectRe = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (const match of text.matchAll(objectRe)) {
    const body = match[2] ?? '';
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start = (match.index ?? 0) + match[0].indexOf(body) + streamAt + 'stream'.length;
    const from = pdf[start] === 0x0d ? start + 2 : start + 1;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    let data = pdf.subarray(from, from + length);
    if (/\/FlateDecode/.test(dict)) data = inflateSync(data);
    objects.set(Number(match[1]), { dict, stream: data });
  }
  return objects;
}

const winAnsiHigh = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The strings of a content stream's text operators, decoded from WinAnsi. */
function shownStrings(content: Buffer): string[] {
  const text = content.toString('latin1');
  const out: string[] = [];
  for (const match of text.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
    const raw = (match[1] ?? '').replace(/\\([()\\])/g, '$1');
    out.push(
      [...raw]
        .map((c) => {
          const code = c.charCodeAt(0);
          return code >= 0x80 && code <= 0x9f ? (winAnsiHigh[code - 0x80] ?? c) : c;
        })
        .join(''),
    );
  }
  return out;
}

/** The text drawn on each page, in page order. */
export function pdfPagesText(pdf: Buffer): string[][] {
  const objects = pdfObjects(pdf);
  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(root?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)];
  return kids.map((kid) => {
    const pageObject = objects.get(Number(kid[1]));
    const contents = [
      ...(/\/Contents ([\d\s0R[\]]+)/.exec(pageObject?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g),
    ];
    return contents.flatMap((ref) => {
      const stream = objects.get(Number(ref[1]))?.stream;
      return stream ? shownStrings(stream) : [];
    });
  });
}
