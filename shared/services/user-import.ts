import { createHash } from 'node:crypto';
import { validFields } from '../contracts/common.ts';
import { type CreateUserBody, createUserBody, type UserImportBody } from '../contracts/users.ts';
import type { Actor } from '../core/actor.ts';
import type { AuditEntry } from '../core/audit.ts';
import { auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { asIssue, type Problem, problemsOf, throwProblems } from '../core/problems.ts';
import type { Transaction } from '../data/transact.ts';
import type { Company, Permissions, User } from '../domain/model.ts';
import { csvGrid, type ImportRow, importColumns, tableOf, xlsxGrid } from '../export/import-file.ts';
import { createUserProblems, newUserRecord, type UserAdminDeps } from './users.ts';

/**
 * Bulk creation of users from a file (docs/users.md). Limits:
 * - at most {@link MAX_IMPORT_ROWS} rows, and the file within the API's 64 KB body (base64);
 * - written in transactions of {@link IMPORT_CHUNK_USERS} users (a user and its audit entry are 2
 *   of DynamoDB's 100 items; the first one also carries the code's acceptance and the import's
 *   own audit entry), so a file is one confirmed request, not one code per transaction.
 * A retry after a partial failure (throttling, a timeout) with the same file skips the users
 * that an earlier try of that file created (`importId`, a hash of company, administrator and file).
 */
export const MAX_IMPORT_ROWS = 200;
export const IMPORT_CHUNK_USERS = 45;

const OPTIONS_ALL = new Set(['all', 'todas', 'todos', 'incluir todas']);
const PROFILES: Record<string, CreateUserBody['profile']> = {
  operator: 'OPERATOR',
  operador: 'OPERATOR',
  supervisor: 'SUPERVISOR',
  both: 'BOTH',
  ambos: 'BOTH',
};

const list = (text: string | undefined): 'ALL' | string[] | undefined => {
  if (text === undefined || text.trim() === '') return undefined;
  if (OPTIONS_ALL.has(text.trim().toLowerCase())) return 'ALL';
  return text.split(/[;|\s]+/).filter(Boolean);
};

/** A row's cells as the body of "create a user" (the same schema and rules as the form). */
function rowBody(cells: Readonly<Record<string, string>>): Record<string, unknown> {
  const text = (key: string) => (cells[key] === undefined || cells[key] === '' ? undefined : cells[key]);
  const profile = text('profile');
  return {
    userCode: text('userCode'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    jobTitle: text('jobTitle'),
    email: text('email'),
    profile: profile === undefined ? undefined : (PROFILES[profile.toLowerCase()] ?? profile),
    options: list(cells.options),
    accounts: list(cells.accounts),
  };
}

/** Decodes and reads the file; a file that is not what it says is IMPORT_UNREADABLE. */
async function readRows(file: UserImportBody) {
  const bytes = Buffer.from(file.content, 'base64');
  try {
    const grid = file.format === 'csv' ? csvGrid(bytes.toString('utf8')) : await xlsxGrid(bytes);
    return tableOf(grid);
  } catch {
    throw new AppError('IMPORT_UNREADABLE');
  }
}

/** The field of a row's problem: `rows.<row number>.<column key>`. */
const rowField = (row: number, field: string) =>
  field.replace(/^body/, `rows.${row}`).replace(/^(rows\.\d+\.\w+).*$/, '$1');

/** What judging a file needs: the user store, and the create form's schema check (the HTTP layer's, with its rule codes). */
export interface ImportDeps extends UserAdminDeps {
  /** The row as a create body, or a VALIDATION_FAILED naming every field rule it breaks (fields `body.*`). */
  parseRow: (body: unknown) => Promise<CreateUserBody>;
}

export interface JudgedImport {
  rows: number;
  /** The rows to create, with their permissions, in file order. */
  toCreate: { row: number; body: CreateUserBody; permissions: Permissions }[];
  /** User codes an earlier try of this same file created. */
  alreadyCreated: string[];
  problems: Problem[];
  importId: string;
}

/**
 * Judges every row of a file before anything is written, each by the rules of the create form
 * (schema, permissions, accounts of the company) and against the company's users and the file's
 * other rows (a code taken or repeated), reporting every problem on its row and column. Reads
 * the company's user codes once (one Query).
 */
export async function judgeImport(
  deps: ImportDeps,
  company: Company,
  admin: User,
  file: UserImportBody,
): Promise<JudgedImport> {
  const importId = createHash('sha256')
    .update(`${company.code}\u0000${admin.userCode}\u0000${file.format}\u0000${file.content}`)
    .digest('base64url')
    .slice(0, 22);
  const table = await readRows(file);
  if (table.rows.length > MAX_IMPORT_ROWS)
    throw new AppError('IMPORT_TOO_LARGE', { limit: MAX_IMPORT_ROWS, rows: table.rows.length });
  const problems: Problem[] = table.missing.map((column) => ({
    field: `rows.${table.headerRow || 1}.${column.key}`,
    rule: 'column_missing',
  }));
  if (table.headerRow > 0 && table.rows.length === 0)
    problems.push({ field: 'rows', rule: 'too_few_items', params: { minimum: 1 } });
  const judged: JudgedImport = {
    rows: table.rows.length,
    toCreate: [],
    alreadyCreated: [],
    problems,
    importId,
  };
  if (table.missing.length > 0) return judged;
  const existing = await deps.users.importTags(company.code);
  const seen = new Set<string>();
  // Existence is judged here, against the one read: the row checks read nothing.
  const rowDeps: UserAdminDeps = { ...deps, users: { ...deps.users, exists: async () => false } };
  for (const { row, cells } of table.rows as ImportRow[]) {
    const body = rowBody(cells);
    const parsed = await deps.parseRow(body).then(
      (value) => ({ value, problems: [] as Problem[] }),
      (error: unknown) => ({ value: undefined, problems: problemsOf(error, 'body') }),
    );
    const valid = parsed.value ?? validFields(createUserBody, body);
    const rowProblems: Problem[] = [...parsed.problems];
    const code = valid.userCode;
    if (code !== undefined && seen.has(code)) {
      rowProblems.push({ field: 'body.userCode', rule: 'duplicate_item' });
    } else if (code !== undefined && existing.has(code)) {
      if (existing.get(code) === importId) {
        seen.add(code);
        judged.alreadyCreated.push(code);
        continue;
      }
      rowProblems.push({ field: 'body.userCode', error: new AppError('USER_EXISTS', { userCode: code }) });
    }
    if (code !== undefined) seen.add(code);
    const business = await createUserProblems(rowDeps, company, valid);
    rowProblems.push(...business.problems);
    problems.push(...rowProblems.map((p) => ({ ...asIssue(p), field: rowField(row, p.field) })));
    if (rowProblems.length === 0 && parsed.value && business.permissions)
      judged.toCreate.push({ row, body: parsed.value, permissions: business.permissions });
  }
  return judged;
}

/** The column of a row problem's field, with its headers, for the screen's list of errors. */
export function rowOf(field: string) {
  const [, row, key] = field.match(/^rows\.(\d+)\.(\w+)/) ?? [];
  const column = importColumns.find((c) => c.key === key);
  return {
    row: row ? Number(row) : 0,
    column: key ?? '',
    header: column?.header ?? { es: 'Archivo', en: 'File' },
  };
}

/**
 * Writes a judged file under one confirmation: refused as a whole (every problem, by row and
 * column) if any row has one; otherwise each user created Pendiente with their own USER_CREATED
 * entry, and one USERS_IMPORTED entry for the file, in transactions of {@link IMPORT_CHUNK_USERS}.
 */
export async function importUsers(
  deps: ImportDeps,
  company: Company,
  admin: User,
  file: UserImportBody,
  origin: Actor,
  transaction: Transaction,
) {
  const judged = await judgeImport(deps, company, admin, file);
  throwProblems(judged.problems);
  const now = nowOf(deps);
  const records: { user: User; audits: AuditEntry[] }[] = [];
  for (const { body, permissions } of judged.toCreate) {
    const record = await newUserRecord(deps, company, admin, body, permissions, origin, now);
    records.push({ user: { ...record.user, importId: judged.importId }, audits: record.audits });
  }
  const summary = auditEntry(origin, now, {
    companyCode: company.code,
    actor: admin.userCode,
    action: 'USERS_IMPORTED',
    outcome: file.format.toUpperCase(),
    changes: {
      rows: { after: judged.rows },
      created: { after: records.length },
      alreadyCreated: { after: judged.alreadyCreated.length },
      ...(file.fileName ? { fileName: { after: file.fileName } } : {}),
    },
  });
  for (let start = 0; start < records.length; start += IMPORT_CHUNK_USERS) {
    await deps.users.createMany(
      records.slice(start, start + IMPORT_CHUNK_USERS),
      start === 0 ? [summary] : [],
      transaction,
    );
  }
  // Nothing left to create: the file is still recorded, in the request's transaction (with its code).
  if (records.length === 0) await deps.users.createMany([], [summary], transaction);
  return {
    rows: judged.rows,
    created: records.map((r) => r.user.userCode),
    alreadyCreated: judged.alreadyCreated,
  };
}
