import type * as z from 'zod/mini';
import { type FieldIssue, validationError } from '../core/errors.ts';
import type { fieldRuleCatalog } from './messages.ts';

type Issue = z.core.$ZodIssue;

/** Fields a caller can never set (the server owns them); named as such rather than as unknown. */
const READ_ONLY_FIELDS = new Set([
  'state',
  'version',
  'userCode',
  'companyCode',
  'createdBy',
  'createdAt',
  'updatedAt',
  'credential',
  'passwordHash',
  'role',
  'token',
  'imageId',
]);

type RuleCatalog = typeof fieldRuleCatalog;

/** Turns one zod issue into field issues with a stable rule code from our catalog. */
function toFieldIssues(issue: Issue, location: string, rules: RuleCatalog): FieldIssue[] {
  const field = [location, ...issue.path.map(String)].join('.');
  const isCatalogued = (message: string | undefined): message is keyof RuleCatalog =>
    !!message && Object.hasOwn(rules, message);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: `${field}.${key}`,
        rule: READ_ONLY_FIELDS.has(key) ? 'field_not_modifiable' : 'unknown_field',
      }));
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { field, rule: 'required' }
          : { field, rule: 'invalid_type', params: { expected: issue.expected } },
      ];
    case 'too_small':
      if (issue.origin === 'string')
        return [{ field, rule: 'too_short', params: { minimum: issue.minimum } }];
      if (issue.origin === 'array')
        return [{ field, rule: 'too_few_items', params: { minimum: issue.minimum } }];
      return [{ field, rule: 'too_small', params: { minimum: issue.minimum } }];
    case 'too_big':
      if (issue.origin === 'string') return [{ field, rule: 'too_long', params: { maximum: issue.maximum } }];
      if (issue.origin === 'array')
        return [{ field, rule: 'too_many_items', params: { maximum: issue.maximum } }];
      return [{ field, rule: 'too_big', params: { maximum: issue.maximum } }];
    case 'invalid_value':
      return [{ field, rule: 'invalid_value', params: { values: issue.values.map(String).join(', ') } }];
    case 'invalid_key':
      // A record's key that its schema refuses (e.g. a limit for no option of the catalog).
      return [
        {
          field,
          rule: issue.issues.map((inner) => inner.message).find(isCatalogued) ?? 'unknown_field',
        },
      ];
    case 'invalid_format':
      if (isCatalogued(issue.message)) return [{ field, rule: issue.message }];
      return [{ field, rule: issue.format === 'email' ? 'invalid_email' : 'invalid_format' }];
    default:
      return [
        {
          field,
          rule: isCatalogued(issue.message) ? issue.message : 'invalid_json_value',
          // Custom checks (a schema's superRefine) may carry the message's parameters.
          ...(issue.code === 'custom' && issue.params ? { params: issue.params } : {}),
        },
      ];
  }
}

/**
 * Parses one part of the request (body, path or query) with its schema (built on first use), or throws a
 * VALIDATION_FAILED error that names every field and rule broken. The rule catalog is loaded
 * only then, as the error answer needs it anyway.
 */
export async function parseOrThrow<S extends z.ZodMiniType>(
  schema: () => S,
  input: unknown,
  location: string,
): Promise<z.infer<S>> {
  const result = schema().safeParse(input);
  if (result.success) return result.data;
  const { fieldRuleCatalog } = await import('./messages.ts');
  throw validationError(
    result.error.issues.flatMap((issue) => toFieldIssues(issue, location, fieldRuleCatalog)),
  );
}
