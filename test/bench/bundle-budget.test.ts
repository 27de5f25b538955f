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
import type { RouteDefinition } from '../../shared/routes/definition.ts';
import { routes } from '../../shared/routes.ts';

// The bench's bundles (`npm run bench`), read from the bundle cache the infra project fills once.
const bundle = (id: string, entry: string) =>
  bundleHandler(entry, { outdir: join(OUT_DIR, 'test', id), write: false });

/**
 * The export functions alone carry the Excel and PDF libraries (about 2 MB), behind `import()`:
 * in chunks of their own that a cold start does not load, only an Excel or PDF export does. No
 * other function ships them at all.
 */
const EXPORT_ROUTES = new Set(['exportUsers', 'exportAudit']);
const EXPORT_ONLY_PACKAGES = ['exceljs', 'jspdf', 'jspdf-autotable', 'html2canvas'];
/**
 * The bulk creation of users from a file (issue 20) reads Excel files: exceljs, behind `import()`
 * (`shared/export/import-file.ts`), loaded only by an Excel file, never at cold start.
 */
const IMPORT_ROUTES = new Set(['validateUserImport', 'importUsers']);

/**
 * Modules only one branch needs, loaded by `import()` when it is first taken, never at cold
 * start: the es/en catalog and the problem body built from it (error answers), the Excel and
 * PDF renderers (exports in those formats), the check of a connection against connection
 * controls (users whom rules govern), the e-mail of a lock (the attempt that locks).
 */
const ON_DEMAND_SOURCES = [
  'shared/http/messages.ts',
  'shared/http/problem.ts',
  'shared/export/xlsx.ts',
  'shared/export/pdf.ts',
  'shared/domain/connection-check.ts',
  // The lock notices' mail code and SES client: loaded by the first lock only (shared/runtime/lock-notices.ts).
  'shared/runtime/lock-mail.ts',
];
/** IP address parsing: at cold start only in the functions of the connection-control and IP-set routes. */
const IP_ROUTES = /ConnectionRules$|BankIpSet$/;

/** The `Idempotency-Key` step and its store: only in the functions of `idempotent` routes. */
const IDEMPOTENCY_SOURCES = ['shared/http/idempotency.ts', 'shared/data/idempotency.ts'];
const idempotent = new Set<string>(
  (routes as readonly RouteDefinition[]).filter((r) => r.idempotent).map((r) => r.id),
);

const targets = routeTargets();
const named = (contributors: BundleFigures['contributors']) =>
  contributors.map((c) => c.name).filter((name) => EXPORT_ONLY_PACKAGES.includes(name));

describe(`bundle size: what every route's cold start loads weighs at most the floor's + ${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB`, () => {
  let floor: BundleFigures;
  beforeAll(async () => {
    floor = await bundle(floorTarget.id, floorTarget.entry);
  });

  it('names export routes that exist', () => {
    const ids = new Set(routeTargets().map((t) => t.id));
    for (const id of EXPORT_ROUTES) if (!ids.has(id)) throw new Error(`no route ${id}: update EXPORT_ROUTES`);
  });

  it.concurrent.for(targets.map((t) => [t.id, t.entry] as const))(
    '%s',
    { timeout: 30_000 },
    async ([id, entry], { expect }) => {
      const figures = await bundle(id, entry).catch((error: unknown) => {
        throw new Error(`${id}: ${entry} does not bundle: ${errorMessage(error)}`);
      });
      expect(
        named(figures.contributors),
        `${id} (${entry}) loads the export libraries at cold start`,
      ).toEqual([]);
      if (EXPORT_ROUTES.has(id)) {
        expect(named(figures.allContributors).sort(), `${id} ships the export libraries`).toEqual(
          [...EXPORT_ONLY_PACKAGES].sort(),
        );
      } else if (IMPORT_ROUTES.has(id)) {
        expect(named(figures.allContributors), `${id} ships only the Excel reader`).toEqual(['exceljs']);
      } else {
        expect(named(figures.allContributors), `${id} (${entry}) ships the export libraries`).toEqual([]);
      }
      expect(
        figures.loadedSources.filter((source) => ON_DEMAND_SOURCES.includes(source)),
        `${id} (${entry}) loads at cold start what only one branch needs`,
      ).toEqual([]);
      expect(
        figures.loadedSources.filter((source) => IDEMPOTENCY_SOURCES.includes(source)),
        `${id} (${entry}): the idempotency step is in the bundle if and only if the route is idempotent`,
      ).toEqual(idempotent.has(id) ? IDEMPOTENCY_SOURCES.toSorted() : []);
      expect(
        figures.loadedSources.includes('shared/domain/ip.ts'),
        `${id} (${entry}): IP parsing is loaded at cold start only by the connection-control and IP-set routes`,
      ).toBe(IP_ROUTES.test(id));
      const size = checkSize(figures.bytes, floor.bytes);
      const grew = addedVsFloor(figures, floor)
        .slice(0, 4)
        .map((c) => `${c.name} +${kb(c.bytes)} KB`)
        .join(', ');
      expect(
        size.overBytes,
        `${id} (${entry}) is ${kb(size.overBytes)} KB OVER BUDGET: its cold start loads ${kb(figures.bytes)} KB, ` +
          `${kb(size.deltaBytes)} KB more than the floor's ${kb(floor.bytes)} KB, and the budget is ` +
          `+${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB. Grew most: ${grew}. Bytes over budget`,
      ).toBe(0);
    },
  );
});
