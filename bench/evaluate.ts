import {
  checkLoad,
  checkSize,
  KB,
  kb,
  LOAD_RATIO_BUDGET,
  LOAD_REFERENCE,
  type LoadVerdict,
  SIZE_DELTA_BUDGET_BYTES,
  type SizeVerdict,
} from './budget.ts';
import type { BundleFigures, BundleOutcome, Contributor } from './bundle.ts';
import type { LoadFigures } from './cold-start.ts';

/** One route's figures and verdicts. Other measurements add their own optional fields. */
export interface RouteResult {
  id: string;
  handler: string;
  bundle?: BundleFigures;
  load?: LoadFigures;
  size?: SizeVerdict;
  loadVerdict?: LoadVerdict;
  /** Packages weighing more than in the floor's bundle, heaviest first. */
  addedVsFloor?: Contributor[];
  /** Failures to bundle or to load; the route then has no verdict. */
  errors: string[];
  /** Budget misses, in plain words. */
  misses: string[];
  /** `null` when an error prevented a verdict. */
  withinBudget: boolean | null;
}

export interface FloorResult {
  handler: string;
  bundle: BundleFigures;
  load?: LoadFigures;
}

/** A reference row after the floor: the floor plus one or all of the prescribed libraries. */
export interface ReferenceResult extends FloorResult {
  label: string;
}

/** Per-package growth of a bundle over the floor (at least 1 KB). */
export function addedVsFloor(bundle: BundleFigures, floor: BundleFigures): Contributor[] {
  const base = new Map(floor.contributors.map((c) => [c.name, c.bytes]));
  return bundle.contributors
    .map((c) => ({ name: c.name, bytes: c.bytes - (base.get(c.name) ?? 0) }))
    .filter((c) => c.bytes >= KB)
    .sort((a, b) => b.bytes - a.bytes);
}

export function evaluateRoute(
  outcome: BundleOutcome,
  load: LoadFigures | undefined,
  floor: FloorResult,
  /** The row the load budget divides by (`floor + libraries`); without it, the floor. */
  reference?: ReferenceResult,
): RouteResult {
  const result: RouteResult = {
    id: outcome.id,
    handler: outcome.entry,
    errors: [],
    misses: [],
    withinBudget: null,
  };
  if (!outcome.ok) {
    result.errors.push(`bundling failed: ${outcome.error}`);
    return result;
  }
  result.bundle = outcome.bundle;
  result.size = checkSize(outcome.bundle.bytes, floor.bundle.bytes);
  result.addedVsFloor = addedVsFloor(outcome.bundle, floor.bundle);
  if (!result.size.ok) {
    const heaviest = result.addedVsFloor
      .slice(0, 3)
      .map((c) => `${c.name} +${kb(c.bytes)} KB`)
      .join(', ');
    result.misses.push(
      `bundle is ${kb(result.size.deltaBytes)} KB over the floor: ${kb(result.size.overBytes)} KB over the ` +
        `${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB budget (grew most: ${heaviest})`,
    );
  }
  if (load) {
    result.load = load;
    if (!load.ok) result.errors.push(`loading failed: ${load.error}`);
    else {
      const base = reference?.load?.ok ? reference.load : floor.load;
      const label = reference?.load?.ok ? (reference.label ?? LOAD_REFERENCE) : 'the floor';
      if (base?.ok) {
        result.loadVerdict = checkLoad(load.p50, base.p50);
        if (!result.loadVerdict.ok)
          result.misses.push(
            `loads in ${load.p50.toFixed(1)} ms (median), ${result.loadVerdict.ratio.toFixed(2)}× ${label}'s ` +
              `${base.p50.toFixed(1)} ms: over the ${LOAD_RATIO_BUDGET}× budget`,
          );
      }
    }
  }
  if (result.errors.length === 0) result.withinBudget = result.misses.length === 0;
  return result;
}
