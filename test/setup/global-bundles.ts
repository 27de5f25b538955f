/**
 * Vitest globalSetup of the infra project: bundles every function (and the bench's floor and
 * reference rows) into the bundle cache (`infra/bundle-cache.ts`) before its tests, all at once
 * in one esbuild service. The stack's synthesis and the bundle-size tests then copy and read
 * the same bundles instead of bundling each function again, one after another.
 */
import { floorTarget, referenceTargets, routeTargets } from '../../bench/bundle.ts';
import { cachedBundle } from '../../infra/bundle-cache.ts';
import { DORMANCY_JOB_HANDLER } from '../../infra/constructs/scheduled-jobs.ts';

export default async function setup(): Promise<void> {
  const entries = new Set([
    ...[floorTarget, ...referenceTargets, ...routeTargets()].map((t) => t.entry),
    DORMANCY_JOB_HANDLER,
  ]);
  // A handler that does not bundle is reported by the tests that need it, with its error.
  await Promise.allSettled([...entries].map((entry) => cachedBundle(entry)));
}
