import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

/**
 * The layers of `shared/` point one way and nothing imports itself back: the rules are
 * `.dependency-cruiser.cjs`'s (kernel alone; domain on the kernel only; data never on http,
 * services or the runtime; services never on http; no circles in `shared/` or `web/src`).
 */
describe('layers', () => {
  it('no module imports a layer above its own, and no import circles', async () => {
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
    const tsConfig = extractTSConfig('tsconfig.json');
    const result = await cruise(['shared', 'web/src'], { ...options, validate: true }, {}, { tsConfig });
    const { summary } = result.output as ICruiseResult;

    const violations = summary.violations.map((v) =>
      [v.rule.name, v.from, ...(v.cycle?.map((step) => step.name) ?? [v.to])].join(' → '),
    );
    expect(violations).toEqual([]);
    expect(summary.totalCruised).toBeGreaterThan(100);
  });
});
