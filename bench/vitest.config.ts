import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The bundle-size tests alone, without the suite's DynamoDB Local global setup:
 * `vitest run --config bench/vitest.config.ts`. `npm test` runs them too, with everything else.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/bench/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
