import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { checkSize, kb, SIZE_DELTA_BUDGET_BYTES } from '../../bench/budget.ts';
import {
  type BundleFigures,
  bundleHandler,
  errorMessage,
  floorTarget,
  OUT_DIR,
  routeTargets,
} from '../../bench/bundle.ts';
import { addedVsFloor } from '../../bench/evaluate.ts';

// Bundles in memory (nothing is written), with the same function and options as `npm run bench`.
const bundle = (id: string, entry: string) =>
  bundleHandler(entry, { outfile: join(OUT_DIR, 'test', `${id}.mjs`), write: false });

describe(`bundle size: every route's handler weighs at most the floor + ${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB`, () => {
  let floor: BundleFigures;
  beforeAll(async () => {
    floor = await bundle(floorTarget.id, floorTarget.entry);
  }, 30_000);

  it.concurrent.for(routeTargets().map((t) => [t.id, t.entry] as const))(
    '%s',
    { timeout: 30_000 },
    async ([id, entry], { expect }) => {
      const figures = await bundle(id, entry).catch((error: unknown) => {
        throw new Error(`${id}: ${entry} does not bundle: ${errorMessage(error)}`);
      });
      const size = checkSize(figures.bytes, floor.bytes);
      const grew = addedVsFloor(figures, floor)
        .slice(0, 4)
        .map((c) => `${c.name} +${kb(c.bytes)} KB`)
        .join(', ');
      expect(
        size.overBytes,
        `${id} (${entry}) is ${kb(size.overBytes)} KB OVER BUDGET: it weighs ${kb(figures.bytes)} KB, ` +
          `${kb(size.deltaBytes)} KB more than the floor's ${kb(floor.bytes)} KB, and the budget is ` +
          `+${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB. Grew most: ${grew}. Bytes over budget`,
      ).toBe(0);
    },
  );
});
