/** Why each item of a cancelled transaction failed, in item order (`None` where it did not). */
export function cancellationReasons(error: unknown): string[] {
  if ((error as { name?: string })?.name !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

export const isConditionalCheckFailed = (error: unknown) =>
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';
