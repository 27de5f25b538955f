import type { ErrorCode, FieldRule } from '../http/messages.ts';

/** One broken rule of one field, as it appears in a problem's `errors` list. */
export interface FieldIssue {
  /** Where: `body.administrator.email`, `path.companyCode`, `query.pageSize`. */
  readonly field: string;
  readonly rule: FieldRule | (string & {});
  readonly params?: Record<string, unknown>;
  /** Messages for rules that are not in the field-rule catalog (e.g. password rules). */
  readonly message?: { es: string; en: string };
}

/**
 * An error meant to be shown to the caller: a stable code from the catalog, parameters for
 * the message, and the field issues if any. Its HTTP status and texts are the catalog's
 * (`messages.ts`), which a function loads only when it answers an error. Anything else that
 * is thrown becomes a logged, generic 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly issues: readonly FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const validationError = (issues: readonly FieldIssue[]) =>
  new AppError('VALIDATION_FAILED', {}, issues);
