import { AppError, type FieldIssue } from './errors.ts';

/**
 * One problem found with a request: a field rule broken (a schema or
 * domain rule), or a business precondition refused (an {@link AppError} such as USER_EXISTS),
 * reported on the field that caused it.
 */
export type Problem = FieldIssue | { readonly field: string; readonly error: AppError };

const isRefusal = (problem: Problem): problem is { field: string; error: AppError } => 'error' in problem;

/** A problem as a field issue: a refusal's error code is the rule, its catalog detail the message. */
export const asIssue = (problem: Problem): FieldIssue =>
  isRefusal(problem)
    ? { field: problem.field, rule: problem.error.code, params: problem.error.params }
    : (problem as FieldIssue);

/** The status of an answer that lists several problems of which one at least is a business refusal. */
export const SEVERAL_PROBLEMS_STATUS = 422;

/**
 * The one answer for every problem a request has (docs/users.md, "Every problem in one answer"):
 * - one business refusal alone keeps its own code and status (409 USER_EXISTS, 409
 *   PASSWORD_NOT_ASSIGNED, 409 VERSION_CONFLICT…);
 * - field issues alone are today's 400 VALIDATION_FAILED, every issue listed;
 * - several problems of which one at least is a business refusal are one 422
 *   VALIDATION_FAILED listing them all, the refusals with their error code as the issue's `code`.
 * Undefined when there is no problem.
 */
export function problemsError(problems: readonly Problem[]): AppError | undefined {
  if (problems.length === 0) return undefined;
  const [only] = problems;
  if (problems.length === 1 && only && isRefusal(only)) return only.error;
  const issues = problems.map(asIssue);
  return problems.some(isRefusal)
    ? new AppError('VALIDATION_FAILED', {}, issues, {}, SEVERAL_PROBLEMS_STATUS)
    : new AppError('VALIDATION_FAILED', {}, issues);
}

/** Throws {@link problemsError} when there is any problem: called before a use case's first write. */
export function throwProblems(problems: readonly Problem[]): void {
  const error = problemsError(problems);
  if (error) throw error;
}

/**
 * The problems an error stands for, to be listed with others: a VALIDATION_FAILED's issues, or
 * the error itself on `field`. Anything that is not an {@link AppError} is thrown again.
 */
export function problemsOf(error: unknown, field: string): Problem[] {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'VALIDATION_FAILED') return [...error.issues];
  return [{ field, error }];
}

/** Runs a check that throws, and returns what it threw as problems (none when it passes). */
export async function collect<T>(
  field: string,
  check: () => T | Promise<T>,
): Promise<{ value?: T; problems: Problem[] }> {
  try {
    return { value: await check(), problems: [] };
  } catch (error) {
    return { problems: problemsOf(error, field) };
  }
}
