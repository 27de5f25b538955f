import * as z from 'zod/mini';
import { allOptionIds, MAX_APPROVALS } from '../domain/options-catalog.ts';
import {
  code,
  credentialLock,
  email,
  type Infer,
  isoDateTime,
  lazy,
  listFilter,
  newUserCode,
  pageNumbers,
  pageSize,
  personName,
} from './common.ts';

const optionId = () => z.string().check(z.refine((id) => allOptionIds.includes(id), 'unknown_option'));

/**
 * Audit query dates: calendar dates from 2000 to 2099, so a far date is a field error, not a
 * date past what the time arithmetic and the sort keys can hold.
 */
const auditDate = () =>
  z.iso
    .date()
    .check(z.refine((value) => value >= '2000-01-01' && value <= '2099-12-31', 'date_out_of_range'));
const accountNumber = () => z.string().check(z.regex(/^[0-9]{6,20}$/, 'account_number_format'));
/** A USD amount with up to 2 decimals, as a string so it is never a binary float. */
const amount = () => z.string().check(z.regex(/^\d{1,9}(\.\d{1,2})?$/, 'amount_format'));

export const profile = () => z.enum(['OPERATOR', 'SUPERVISOR', 'BOTH']);
export const userState = () => z.enum(['PENDING', 'ACTIVE', 'DISABLED']);

const jobTitle = () =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(60),
      z.regex(/^[\p{L}\p{M}\p{N} .,'()/&-]*$/u, 'job_title_format'),
    );

/** How many approvals a group requires: 1 to `MAX_APPROVALS`. */
const approvalCount = () => z.optional(z.number().check(z.int(), z.gte(1), z.lte(MAX_APPROVALS)));

const userFields = /* @__PURE__ */ lazy(() => ({
  firstName: personName(),
  lastName: personName(),
  jobTitle: jobTitle(),
  email: email(),
  profile: profile(),
  /** "Incluir todas las Opciones" is `"ALL"`; otherwise the chosen option ids. */
  options: z.union([z.literal('ALL'), z.array(optionId()).check(z.maxLength(allOptionIds.length))]),
  /**
   * Per-transaction limit (USD) for each chosen option that moves funds; "0.00" when absent.
   * Keys are the catalog's option ids only (never `toString`, `constructor` or `__proto__`).
   */
  limits: z.optional(z.record(optionId(), amount())),
  /** Number of approvals for the Transferencias and Pagos groups (1 when absent). */
  approvals: z.optional(
    z.strictObject({
      transfers: approvalCount(),
      payments: approvalCount(),
    }),
  ),
  /** "Incluir todas" is `"ALL"`; otherwise the chosen account numbers of the company. */
  accounts: z.union([z.literal('ALL'), z.array(accountNumber()).check(z.maxLength(50))]),
}));

/** A password the administrator assigns, typed twice ("Asignar Clave", steps 15–18). */
const passwordText = () => z.string().check(z.minLength(1), z.maxLength(128));

export const createUserBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    userCode: newUserCode(),
    ...userFields(),
    /**
     * The password assigned in the same confirmed request (as "Asignar
     * Clave" would, audited as such); the user changes it at the first login.
     */
    initialPassword: z.optional(
      z.strictObject({ newPassword: passwordText(), confirmation: passwordText() }),
    ),
    /** The user is also made Activo (audited as "Cambiar Estado"); needs `initialPassword`. */
    activate: z.optional(z.boolean()),
  }),
);
export type CreateUserBody = Infer<typeof createUserBody>;

/** Any subset of the user's data, with the version read (optimistic locking). The user code never changes. */
export const updateUserBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    version: z.number().check(z.int(), z.gte(1)),
    firstName: z.optional(userFields().firstName),
    lastName: z.optional(userFields().lastName),
    jobTitle: z.optional(userFields().jobTitle),
    email: z.optional(userFields().email),
    profile: z.optional(userFields().profile),
    options: z.optional(userFields().options),
    limits: userFields().limits,
    approvals: userFields().approvals,
    accounts: z.optional(userFields().accounts),
  }),
);
export type UpdateUserBody = Infer<typeof updateUserBody>;

/**
 * A file of users to create: CSV or Excel, base64, within the API's 64 KB
 * body (`MAX_BODY_BYTES`): about 47 KB of file. Its rows are judged by `shared/services/user-import.ts`.
 */
export const userImportBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    format: z.enum(['csv', 'xlsx']),
    content: z
      .string()
      .check(z.minLength(1), z.maxLength(64_000), z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64_format')),
    fileName: z.optional(z.string().check(z.maxLength(120))),
  }),
);
export type UserImportBody = Infer<typeof userImportBody>;

const importRowError = () =>
  z.object({
    row: z.number(),
    column: z.string(),
    header: z.object({ es: z.string(), en: z.string() }),
    field: z.string(),
    code: z.string(),
    message: z.object({ es: z.string(), en: z.string() }),
  });

/** The validation of a file (no code asked, nothing written): every row's errors, in both languages. */
export const userImportValidation = /* @__PURE__ */ lazy(() =>
  z.object({
    rows: z.number(),
    maxRows: z.number(),
    toCreate: z.number(),
    alreadyCreated: z.array(z.string()),
    valid: z.boolean(),
    errors: z.array(importRowError()),
  }),
);

/** What a written file did: the users created now, and those a previous try of the same file created. */
export const userImportResult = /* @__PURE__ */ lazy(() =>
  z.object({ rows: z.number(), created: z.array(z.string()), alreadyCreated: z.array(z.string()) }),
);

export const userPathParams = /* @__PURE__ */ lazy(() => z.strictObject({ userCode: code() }));

export const userView = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    jobTitle: z.optional(z.string()),
    email: z.string(),
    role: z.enum(['admin', 'user']),
    profile: z.optional(profile()),
    state: userState(),
    stateLabel: z.object({ es: z.string(), en: z.string() }),
    options: z.array(z.string()),
    limits: z.record(z.string(), z.string()),
    approvals: z.object({ transfers: z.optional(z.number()), payments: z.optional(z.number()) }),
    accounts: z.array(z.string()),
    /** "Incluir todas las Opciones": options of later catalogs are included too. */
    allOptions: z.boolean(),
    /** "Incluir todas" the accounts: accounts the bank adds later are included too. */
    allAccounts: z.boolean(),
    hasPassword: z.boolean(),
    mustChangePassword: z.boolean(),
    /** Whether the password is locked now; `lock` says how and until when. */
    locked: z.boolean(),
    lock: z.optional(credentialLock()),
    tokenState: z.string(),
    /** While Deshabilitado: by the administrator, or by the dormancy job (no activity for N days). */
    disabledReason: z.optional(z.enum(['ADMINISTRATOR', 'DORMANT'])),
    tokenLock: z.optional(credentialLock()),
    createdBy: z.string(),
    createdAt: isoDateTime(),
    updatedAt: z.optional(isoDateTime()),
    version: z.number(),
  }),
);

export const createUserResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    user: userView(),
    warnings: z.optional(z.array(approvalsWarning())),
    reminder: z.object({ es: z.string(), en: z.string() }),
    /** When a password was assigned with the creation: when it expires unless changed. */
    passwordExpiresAt: z.optional(isoDateTime()),
  }),
);

/** §3 (docs/entitlements.md): approvals the company's active approvers cannot give; never a refusal. */
export const approvalsWarning = () =>
  z.object({
    code: z.literal('APPROVALS_EXCEED_APPROVERS'),
    optionId: z.string(),
    group: z.enum(['transfers', 'payments']),
    required: z.number(),
    eligibleApprovers: z.number(),
    message: z.object({ es: z.string(), en: z.string() }),
  });

export const listQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    pageSize: pageSize(),
    filter: listFilter(),
    cursor: z.optional(z.string().check(z.maxLength(512), z.regex(/^[A-Za-z0-9_.-]+$/, 'invalid_cursor'))),
  }),
);

export const pageInfo = /* @__PURE__ */ lazy(() =>
  z.object({
    ...pageNumbers(),
    nextCursor: z.optional(z.string()),
    previousCursor: z.optional(z.string()),
  }),
);

export const userRow = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    createdBy: z.string(),
    createdAt: isoDateTime(),
    state: userState(),
    stateLabel: z.object({ es: z.string(), en: z.string() }),
    tokenState: z.string(),
    locked: z.boolean(),
    lock: z.optional(credentialLock()),
    tokenLock: z.optional(credentialLock()),
  }),
);

export const listUsersResponse = /* @__PURE__ */ lazy(() =>
  z.object({ items: z.array(userRow()), page: pageInfo() }),
);

export const exportQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    format: z.enum(['csv', 'xlsx', 'pdf']),
    filter: listQuery().shape.filter,
  }),
);

export const changeStateBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    state: userState(),
    version: z.number().check(z.int(), z.gte(1)),
  }),
);

export const changeStateResponse = /* @__PURE__ */ lazy(() =>
  z.object({ user: userView(), warnings: z.optional(z.array(approvalsWarning())) }),
);

export const optionsCatalogResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    groups: z.array(
      z.object({
        id: z.string(),
        label: z.object({ es: z.string(), en: z.string() }),
        approvals: z.boolean(),
        options: z.array(
          z.object({
            id: z.string(),
            label: z.object({ es: z.string(), en: z.string() }),
            movesFunds: z.boolean(),
            module: z.enum(['admin', 'banking']),
          }),
        ),
      }),
    ),
  }),
);

export const accountsResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    legalName: z.string(),
    accounts: z.array(
      z.object({ number: z.string(), alias: z.optional(z.string()), currency: z.string(), type: z.string() }),
    ),
  }),
);

export const auditQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    user: z.optional(code()),
    from: z.optional(auditDate()),
    to: z.optional(auditDate()),
    pageSize: listQuery().shape.pageSize,
    cursor: listQuery().shape.cursor,
  }),
);

export const auditItem = /* @__PURE__ */ lazy(() =>
  z.object({
    at: isoDateTime(),
    actor: z.string(),
    /** The bank's name, when the actor is the bank back office (`BANCO`). */
    actorName: z.optional(z.string()),
    action: z.string(),
    target: z.optional(z.string()),
    sourceIp: z.string(),
    outcome: z.optional(z.string()),
    /** Requests the entry stands for: refused requests are counted per actor, route and minute. */
    count: z.optional(z.number()),
    changes: z.optional(
      z.record(z.string(), z.object({ before: z.optional(z.unknown()), after: z.optional(z.unknown()) })),
    ),
  }),
);

export const auditResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    items: z.array(auditItem()),
    page: z.object({ size: z.number(), nextCursor: z.optional(z.string()) }),
  }),
);

export const auditExportQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    format: z.enum(['csv', 'xlsx', 'pdf']),
    user: auditQuery().shape.user,
    from: auditQuery().shape.from,
    to: auditQuery().shape.to,
  }),
);
