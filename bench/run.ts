/**
 * `npm run bench`: bundles every route's handler as production does, measures how long each
 * bundle takes to load in a fresh Node process, compares both with the floor and the budget,
 * prints a table and writes `bench/results.json`.
 *
 *   npm run bench                   the table as text
 *   npm run bench -- --markdown     the table as Markdown (for the README)
 *   npm run bench -- --runs 40      loads per bundle (default 25, the floor 3× as many; or BENCH_RUNS=40)
 *   npm run bench -- --warmup 2     discarded warm-up rounds (default 1; or BENCH_WARMUP=2)
 *   npm run bench -- --node PATH    the Node.js binary that loads the bundles (default: the Node 24
 *                                   of the `node24` devDependency, Lambda's runtime, when installed,
 *                                   else this one; or BENCH_NODE=PATH)
 *   npm run bench -- --no-local-login   without the login on the local stack (bench/login-local.ts:
 *                                   the real handler against DynamoDB Local, split into scrypt and
 *                                   the rest; --local-logins 1000; skipped when DynamoDB Local
 *                                   cannot start)
 *   npm run bench -- --load         instead: a bounded load on loopback against the local stack,
 *                                   then a check of the table and the audit log (bench/load.ts;
 *                                   --load-seconds 20, --load-requests 4000, --load-connections 8)
 *
 * Budget misses are printed, never fatal. The exit code is 1 only when a route fails to bundle
 * or to load.
 */
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { esbuildOptions } from '../infra/bundling.ts';
import { ensureNode24 } from '../infra/tools/node24.ts';
import { routes } from '../shared/routes.ts';
import { KB, LOAD_RATIO_BUDGET, LOAD_REFERENCE, SIZE_DELTA_BUDGET_BYTES } from './budget.ts';
import { type BundleFigures, bundleAll, FLOOR_ID, floorTarget, OUT_DIR, ROOT } from './bundle.ts';
import {
  DEFAULT_RUNS,
  DEFAULT_WARMUP,
  firstAnswerEvent,
  type LoadTarget,
  measureColdStarts,
} from './cold-start.ts';
import { costTable, estimateCost } from './cost.ts';
import { evaluateRoute, type FloorResult, type ReferenceResult } from './evaluate.ts';
import { describeMachine } from './machine.ts';
import { type BenchReport, markdownTable, notes, textTable, writeResults } from './report.ts';
import { measureWarm, warmTable } from './warm.ts';

const RESULTS_FILE = join(ROOT, 'bench', 'results.json');
/** Every ratio divides by the floor's median: each round loads the floor this many times. */
const FLOOR_PER_ROUND = 3;

/** The version a Node.js binary reports; fatal when it does not run. */
function nodeVersion(binary: string): string {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const version = probe.stdout?.trim();
  if (probe.status !== 0 || !version?.startsWith('v'))
    throw new Error(`--node ${binary} is not a Node.js binary`);
  return version;
}

function count(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${value}"`);
  return n;
}

const { values: args } = parseArgs({
  options: {
    markdown: { type: 'boolean', default: false },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    node: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
    load: { type: 'boolean', default: false },
    'load-seconds': { type: 'string' },
    'load-requests': { type: 'string' },
    'load-connections': { type: 'string' },
    'no-local-login': { type: 'boolean', default: false },
    /** Skip loading the bundles again with the running Node.js beside the Lambda runtime's. */
    'no-beside': { type: 'boolean', default: false },
    'local-logins': { type: 'string' },
  },
});
if (args.help) {
  console.log(
    'Usage: npm run bench -- [--markdown] [--runs N] [--warmup N] [--node PATH] [--no-local-login | --local-logins N]',
  );
  console.log(
    '       npm run bench -- --load [--load-seconds S] [--load-requests N] [--load-connections C] [--markdown]',
  );
  process.exit(0);
}
if (args.load) {
  const { runLoad } = await import('./load.ts');
  process.exit(
    await runLoad({
      seconds: count('--load-seconds', args['load-seconds'], 20, 1),
      maxRequests: count('--load-requests', args['load-requests'], 4000, 1),
      connections: count('--load-connections', args['load-connections'], 8, 1),
      markdown: args.markdown ?? false,
      log: (line) => process.stderr.write(`${line}\n`),
    }),
  );
}
const runs = count('--runs', args.runs ?? process.env.BENCH_RUNS, DEFAULT_RUNS, 1);
const warmup = count('--warmup', args.warmup ?? process.env.BENCH_WARMUP, DEFAULT_WARMUP, 0);
/** By default the Lambda runtime's major (Node 24, fetched on demand by infra/tools/node24.ts). */
const loadNode = args.node ?? process.env.BENCH_NODE ?? ensureNode24();
const loadNodeVersion = nodeVersion(loadNode);
const localLogins = args['no-local-login'] ? 0 : count('--local-logins', args['local-logins'], 1000, 1);
const progress = (line: string) => process.stderr.write(`${line}\n`);

progress(`Bundling the floor and every route into ${relative(ROOT, OUT_DIR)}/ …`);
const bundles = await bundleAll();

const loadTargets: LoadTarget[] = [
  { id: FLOOR_ID, file: bundles.floor.outfile, perRound: FLOOR_PER_ROUND },
  ...bundles.references.map((reference) => ({ id: reference.id, file: reference.bundle.outfile })),
  ...bundles.routes.flatMap((r) => {
    const route = routes.find((definition) => definition.id === r.id);
    return r.ok && route ? [{ id: r.id, file: r.bundle.outfile, event: firstAnswerEvent(route) }] : [];
  }),
];
/**
 * What `NODE_OPTIONS=--enable-source-maps` (removed from the functions, issue 19 §3) would cost:
 * login, the route it slowed most, loaded and answered again with the option.
 */
const SOURCE_MAPS_ROUTE = 'login';
const SOURCE_MAPS_ID = `${SOURCE_MAPS_ROUTE} --enable-source-maps`;
const sourceMapsBase = loadTargets.find((t) => t.id === SOURCE_MAPS_ROUTE);
if (sourceMapsBase)
  loadTargets.push({ ...sourceMapsBase, id: SOURCE_MAPS_ID, nodeArgs: ['--enable-source-maps'] });
progress(
  `Loading ${loadTargets.length} bundles ${runs}× each in fresh Node ${loadNodeVersion} processes (+${warmup} warm-up) …`,
);
const loads = measureColdStarts(loadTargets, {
  runs,
  warmup,
  node: loadNode,
  onProgress: (round, rounds) => process.stderr.write(`\r  round ${round}/${rounds}`),
});
process.stderr.write('\n\n');

/**
 * The same bundles loaded by the running Node.js (the machines' Node 20) beside the Lambda
 * runtime's, when the majors differ: the notes compare both against their own floor.
 */
const besideNode = process.execPath;
const besideVersion = process.version;
const major = (version: string) => version.split('.')[0];
const besideRuns = !args['no-beside'] && major(besideVersion) !== major(loadNodeVersion);
if (besideRuns) progress(`Loading them again with Node ${besideVersion} …`);
const besideLoads = besideRuns
  ? measureColdStarts(
      loadTargets.filter((t) => t.nodeArgs === undefined),
      {
        runs,
        warmup,
        node: besideNode,
        onProgress: (round, rounds) => process.stderr.write(`\r  round ${round}/${rounds}`),
      },
    )
  : undefined;
if (besideLoads) process.stderr.write('\n\n');

function besideFigures(): BenchReport['beside'] {
  const p50 = (id: string) => {
    const load = besideLoads?.get(id);
    return load?.ok ? load.p50 : undefined;
  };
  const floorP50 = p50(FLOOR_ID);
  if (!besideLoads || floorP50 === undefined) return undefined;
  const referenceP50 = p50(LOAD_REFERENCE);
  return {
    node: besideVersion,
    floorP50,
    ...(referenceP50 !== undefined ? { referenceP50 } : {}),
    routes: bundles.routes.flatMap((r) => {
      const value = p50(r.id);
      return value === undefined ? [] : [{ id: r.id, p50: value }];
    }),
  };
}

const floor: FloorResult = { handler: floorTarget.entry, bundle: bundles.floor, load: loads.get(FLOOR_ID) };
const references: ReferenceResult[] = bundles.references.map((reference) => ({
  label: reference.id,
  handler: reference.entry,
  bundle: reference.bundle,
  load: loads.get(reference.id),
}));
const report: BenchReport = {
  date: new Date().toISOString(),
  machine: describeMachine(),
  settings: {
    runs,
    warmup,
    floorPerRound: FLOOR_PER_ROUND,
    loadNode: loadNodeVersion,
    build: {
      ...esbuildOptions,
      plugins: esbuildOptions.plugins.map((plugin) => plugin.name),
    },
  },
  budget: { loadRatio: LOAD_RATIO_BUDGET, sizeDeltaKB: SIZE_DELTA_BUDGET_BYTES / KB },
  floor,
  references,
  routes: bundles.routes.map((outcome) =>
    evaluateRoute(
      outcome,
      loads.get(outcome.id),
      floor,
      references.find((r) => r.label === LOAD_REFERENCE),
    ),
  ),
  sourceMaps: sourceMapsFigures(),
  beside: besideFigures(),
};

/** The source-map row's figures beside the same route's, without the option. */
function sourceMapsFigures(): BenchReport['sourceMaps'] {
  const without = loads.get(SOURCE_MAPS_ROUTE);
  const withMaps = loads.get(SOURCE_MAPS_ID);
  if (!without?.ok || !withMaps?.ok) return undefined;
  return {
    route: SOURCE_MAPS_ROUTE,
    withoutP50: without.p50,
    withP50: withMaps.p50,
    firstAnswerWithoutP50: without.firstAnswerP50,
    firstAnswerWithP50: withMaps.firstAnswerP50,
  };
}

console.log(args.markdown ? markdownTable(report) : textTable(report));
console.log('');
console.log(notes(report).join('\n'));

progress('\nMeasuring warm overhead and round trips in process (DynamoDB replaced by canned answers) …');
report.warm = await measureWarm(count('BENCH_WARM_ITERATIONS', process.env.BENCH_WARM_ITERATIONS, 2000, 10));
console.log('');
console.log(warmTable(report.warm));
report.cost = estimateCost(report.warm);
console.log('');
console.log(costTable(report.cost));

if (localLogins) {
  progress('\nMeasuring login on the local stack (the real handler against DynamoDB Local) …');
  try {
    const { localLoginTable, measureLocalLogin } = await import('./login-local.ts');
    report.localLogin = await measureLocalLogin({ logins: localLogins, log: progress });
    console.log('');
    console.log(localLoginTable(report.localLogin));
  } catch (error) {
    // Never fatal: without Java (or with a refused login) the report says why and goes on.
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    report.localLogin = { skipped: why };
    progress(`  skipped: ${why}`);
  }
}

/** A bundle's figures as results.json keeps them: its path relative to the repository, no per-file lists. */
const inJson = (bundle: BundleFigures, contributors = bundle.contributors): BundleFigures => ({
  ...bundle,
  outfile: relative(ROOT, bundle.outfile),
  contributors,
  allContributors: [],
  loadedSources: [],
});

// In the JSON: the references' contributors, and only what each route adds to the floor.
await writeResults(
  {
    ...report,
    floor: { ...floor, bundle: inJson(floor.bundle) },
    references: references.map((r) => ({ ...r, bundle: inJson(r.bundle) })),
    routes: report.routes.map((r) => (r.bundle ? { ...r, bundle: inJson(r.bundle, []) } : r)),
  },
  RESULTS_FILE,
  ROOT,
);
progress(`\nWrote ${relative(ROOT, RESULTS_FILE)}`);
if (
  report.routes.some((r) => r.errors.length) ||
  (floor.load && !floor.load.ok) ||
  references.some((r) => r.load && !r.load.ok)
)
  process.exitCode = 1;
