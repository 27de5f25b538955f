/**
 * Thrown when a company or user code is already taken, with the code that is: answered
 * COMPANY_EXISTS or USER_EXISTS by the HTTP layer.
 */
export class AlreadyExistsError extends Error {
  constructor(
    readonly what: 'company' | 'user',
    readonly key: { companyCode: string } | { userCode: string },
  ) {
    super(`${what} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** Thrown when an optimistic-lock condition fails: someone else changed the item first (VERSION_CONFLICT). */
export class VersionConflictError extends Error {
  constructor() {
    super('version conflict');
    this.name = 'VersionConflictError';
  }
}

/** Why each item of a cancelled transaction failed, in item order (`None` where it did not). */
export function cancellationReasons(error: unknown): string[] {
  if ((error as { name?: string })?.name !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

export const isConditionalCheckFailed = (error: unknown) =>
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/** A conditional write's answer, or `false` when its condition refused it (any other error is thrown). */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | false> {
  try {
    return await write;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
