import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The bundle-size budget is a performance target (issue 10): `npm run test:budget`.
    exclude: ['test/bench/**', '**/node_modules/**'],
    globalSetup: ['test/setup/global-dynamodb.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
