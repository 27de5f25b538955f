import type { FieldIssue } from '../core/errors.ts';
import { type ErrorCode, errorStatus } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import { fillTemplate } from '../core/template.ts';
import { tenantPlaceholders } from '../core/tenant.ts';
import { errorCatalog, fieldRuleCatalog } from './messages.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** The localized message of one field issue. */
export function fieldMessage(issue: FieldIssue, language: Language): string {
  if (issue.message) return fillTemplate(issue.message[language], issue.params);
  const entry = (fieldRuleCatalog as Record<string, { es: string; en: string }>)[issue.rule];
  // A business refusal listed with other problems (`shared/core/problems.ts`): its error's detail.
  if (!entry && Object.hasOwn(errorCatalog, issue.rule)) {
    const detail = errorCatalog[issue.rule as ErrorCode][language].detail;
    return fillTemplate(detail, { ...tenantPlaceholders(undefined, language), ...issue.params });
  }
  return fillTemplate(entry ? entry[language] : fieldRuleCatalog.invalid_json_value[language], issue.params);
}

/** RFC 9457 problem details for a catalogued error, in the caller's language. */
export function problemBody(
  code: ErrorCode,
  language: Language,
  options: {
    params?: Record<string, unknown>;
    issues?: readonly FieldIssue[];
    instance?: string;
    /** A status other than the code's own (422 for several problems: `shared/core/problems.ts`). */
    status?: number;
  } = {},
): ProblemBody {
  const entry = errorCatalog[code];
  const text = entry[language];
  const body: ProblemBody = {
    type: `urn:problem-type:${code.toLowerCase().replace(/_/g, '-')}`,
    // `{token}` and the bank's other placeholders are the tenant's (shared/core/tenant.ts).
    title: fillTemplate(text.title, tenantPlaceholders(undefined, language)),
    status: options.status ?? errorStatus[code],
    detail: fillTemplate(text.detail, { ...tenantPlaceholders(undefined, language), ...options.params }),
    code,
  };
  if (options.instance) body.instance = options.instance;
  if (options.issues?.length) {
    body.errors = options.issues.map((issue) => ({
      field: issue.field,
      code: issue.rule,
      message: fieldMessage(issue, language),
    }));
  }
  return body;
}
