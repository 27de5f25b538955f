/**
 * The performance budget of every Lambda function, relative to the floor (the smallest useful
 * handler: a DynamoDB document client and one GetItem):
 * - it loads (cold import) within 1.2× the floor's median time, measured in the same run;
 * - its bundle weighs at most 150 KB more than the floor's.
 * Sizes are deterministic and tested; load times are only reported.
 */
export const LOAD_RATIO_BUDGET = 1.2;
export const KB = 1024;
export const SIZE_DELTA_BUDGET_BYTES = 150 * KB;

export const kb = (bytes: number, digits = 1): string => (bytes / KB).toFixed(digits);

export interface SizeVerdict {
  ok: boolean;
  /** Bytes above the floor's bundle. */
  deltaBytes: number;
  /** Bytes above the budget (0 when within). */
  overBytes: number;
}

export function checkSize(bytes: number, floorBytes: number): SizeVerdict {
  const deltaBytes = bytes - floorBytes;
  const overBytes = Math.max(0, deltaBytes - SIZE_DELTA_BUDGET_BYTES);
  return { ok: overBytes === 0, deltaBytes, overBytes };
}

export interface LoadVerdict {
  ok: boolean;
  /** Median load time over the floor's median load time. */
  ratio: number;
}

export function checkLoad(medianMs: number, floorMedianMs: number): LoadVerdict {
  const ratio = medianMs / floorMedianMs;
  return { ok: ratio <= LOAD_RATIO_BUDGET, ratio };
}
