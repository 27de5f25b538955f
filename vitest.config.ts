import { defineConfig } from 'vitest/config';

/**
 * One project per kind of test, chosen by folder, so a new file lands in the right one:
 *
 * - unit: pure code and mocks, no database (`npm run test:unit`);
 * - integration: the real DynamoDB engine (DynamoDB Local), one table per file;
 * - e2e: the local stack end to end, and the assurance suites (authorization, hostile input,
 *   concurrency, idempotency, mail failure);
 * - infra: the CDK template and the function bundles (`test/infra`, `test/bench`);
 * - web: the portal, its helpers and its browser tests (Chromium).
 *
 * Only the projects that talk to DynamoDB Local start it (`test/setup/global-dynamodb.ts`, one
 * engine shared by every project in the run); the infra project bundles every function once,
 * before its tests, into a cache by content (`test/setup/global-bundles.ts`), and gives its
 * synthesis hooks ten minutes (they take about one on a loaded 2-core machine).
 * `npm test` runs them all; `npm run test:<project>` one.
 */
const database = ['test/setup/global-dynamodb.ts'];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: database },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/assurance/**/*.test.ts'],
          globalSetup: database,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts', 'test/bench/**/*.test.ts'],
          globalSetup: ['test/setup/global-bundles.ts'],
          // A CDK synthesis takes tens of seconds on a busy 2-core machine: far from these limits.
          hookTimeout: 600_000,
          testTimeout: 120_000,
        },
      },
      { extends: true, test: { name: 'web', include: ['test/web/**/*.test.ts'], globalSetup: database } },
    ],
  },
});
