import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kb, LOAD_RATIO_BUDGET, LOAD_REFERENCE, SIZE_DELTA_BUDGET_BYTES } from './budget.ts';
import type { CostEstimate } from './cost.ts';
import type { FloorResult, ReferenceResult, RouteResult } from './evaluate.ts';
import type { LocalLoginReport } from './login-local.ts';
import { type Machine, machineLine } from './machine.ts';
import type { WarmResult } from './warm.ts';

export interface BenchReport {
  date: string;
  machine: Machine;
  /** `floorPerRound`: how many times each round loads the floor (spread through the round). */
  settings: {
    runs: number;
    warmup: number;
    floorPerRound?: number;
    /** The version of the Node.js binary that loaded the bundles, when not the machine's own. */
    loadNode?: string;
    build: Record<string, unknown>;
  };
  budget: { loadRatio: number; sizeDeltaKB: number };
  floor: FloorResult;
  /**
   * Reference rows: the floor plus each library every function loads, alone, then all of them
   * (`bench/floor/`); the last, `floor + libraries`, is what the notes weigh routes against.
   */
  references?: ReferenceResult[];
  routes: RouteResult[];
  /** Warm overhead and DynamoDB round trips per use case (`bench/warm.ts`). */
  warm?: WarmResult[];
  /** Cost per million requests and per thousand MAU (`bench/cost.ts`). */
  cost?: CostEstimate;
  /** Login on the local stack, split into scrypt and the rest (`bench/login-local.ts`), or why it was skipped. */
  localLogin?: LocalLoginReport;
  /**
   * The same bundles loaded again by another Node.js major (the machines' Node 20 beside the
   * Lambda runtime's Node 24): the floor's, the libraries row's and each route's median (ms).
   */
  beside?: { node: string; floorP50: number; referenceP50?: number; routes: { id: string; p50: number }[] };
  /** One route loaded and answered again with `--enable-source-maps` (medians, ms): what the option costs. */
  sourceMaps?: {
    route: string;
    withoutP50: number;
    withP50: number;
    firstAnswerWithoutP50?: number;
    firstAnswerWithP50?: number;
  };
}

/** A reference row (the floor, the floor with libraries) or a route's. */
type Row = { floor: true; label: string; value: FloorResult } | { floor: false; value: RouteResult };

interface Column {
  header: string;
  align: 'left' | 'right';
  cell: (row: Row, report: BenchReport) => string;
}

const dash = '—';
const ms = (v: number) => v.toFixed(1);
const signed = (v: number) => `${v < 0 ? '−' : '+'}${ms(Math.abs(v))}`;
const loadOf = (row: Row) => (row.value.load?.ok ? row.value.load : undefined);

/** A reference row's load median over the floor's, when both loaded. */
function referenceRatio(row: Row, report: BenchReport): string {
  const own = loadOf(row);
  const floor = report.floor.load?.ok ? report.floor.load : undefined;
  return own && floor ? (own.p50 / floor.p50).toFixed(2) : dash;
}

function budgetCell(row: Row): string {
  if (row.floor) return '(reference)';
  const r = row.value;
  if (r.errors.length) return r.bundle ? 'ERROR (load)' : 'ERROR (bundle)';
  if (r.withinBudget) return r.loadVerdict ? 'yes' : 'yes (size only)';
  const parts = [];
  if (r.size && !r.size.ok) parts.push(`size +${kb(r.size.overBytes)} KB over`);
  if (r.loadVerdict && !r.loadVerdict.ok) parts.push(`load ${r.loadVerdict.ratio.toFixed(2)}×`);
  return `NO: ${parts.join(', ')}`;
}

/** The table's columns, in order; a new measurement adds its own here. */
export const columns: Column[] = [
  { header: 'Route', align: 'left', cell: (row) => (row.floor ? row.label : row.value.id) },
  {
    header: 'Bundle KB',
    align: 'right',
    cell: (row) => (row.value.bundle ? kb(row.value.bundle.bytes) : dash),
  },
  {
    header: 'All chunks KB',
    align: 'right',
    cell: (row) => (row.value.bundle ? kb(row.value.bundle.totalBytes) : dash),
  },
  {
    header: 'Δ KB vs floor',
    align: 'right',
    cell: (row, report) => {
      if (!row.floor) return row.value.size ? `+${kb(row.value.size.deltaBytes)}` : dash;
      const delta = row.value.bundle.bytes - report.floor.bundle.bytes;
      return row.value === report.floor ? dash : `+${kb(delta)}`;
    },
  },
  {
    header: 'gzip KB',
    align: 'right',
    cell: (row) => (row.value.bundle ? kb(row.value.bundle.gzipBytes) : dash),
  },
  { header: 'Load p50 ms', align: 'right', cell: (row) => (loadOf(row) ? ms(loadOf(row)?.p50 ?? 0) : dash) },
  { header: 'p90 ms', align: 'right', cell: (row) => (loadOf(row) ? ms(loadOf(row)?.p90 ?? 0) : dash) },
  {
    header: '×ref',
    align: 'right',
    cell: (row, report) =>
      row.floor
        ? referenceRatio(row, report)
        : row.value.loadVerdict
          ? row.value.loadVerdict.ratio.toFixed(2)
          : dash,
  },
  {
    header: '1st answer ms',
    align: 'right',
    cell: (row) => {
      const load = loadOf(row);
      if (!load || load.firstAnswerP50 === undefined) return dash;
      return load.firstStatus === 415
        ? ms(load.firstAnswerP50)
        : `${ms(load.firstAnswerP50)} (${load.firstStatus})`;
    },
  },
  { header: 'Within budget?', align: 'left', cell: budgetCell },
];

function rowsOf(report: BenchReport): Row[] {
  return [
    { floor: true, label: 'floor', value: report.floor },
    ...(report.references ?? []).map((value): Row => ({ floor: true, label: value.label, value })),
    ...report.routes.map((value): Row => ({ floor: false, value })),
  ];
}

export function textTable(report: BenchReport): string {
  const cells = [
    columns.map((c) => c.header),
    ...rowsOf(report).map((row) => columns.map((c) => c.cell(row, report))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(report: BenchReport): string {
  const escapePipes = (v: string) => v.replaceAll('|', '\\|');
  const head = `| ${columns.map((c) => c.header).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rowsOf(report).map(
    (row) => `| ${columns.map((c) => escapePipes(c.cell(row, report))).join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n');
}

/** The lines under the table: how it was measured, the budget, then every miss and error. */
export function notes(report: BenchReport): string[] {
  const lines = [
    `Machine: ${machineLine(report.machine)}. ${report.date}.`,
    `Load: \`await import(bundle)\` in a fresh Node ${report.settings.loadNode ?? report.machine.node} process, ${report.settings.runs} runs per bundle` +
      `${(report.settings.floorPerRound ?? 1) > 1 ? ` (the floor ${report.settings.floorPerRound}× as many, spread through each round)` : ''}, interleaved, ` +
      `after ${report.settings.warmup} warm-up round(s). Sizes: minified ESM bundle, AWS SDK included, ` +
      'source map excluded; 1 KB = 1024 bytes. Bundle: what the import loads (the handler and the chunks it ' +
      'imports statically); all chunks: also those behind an import(), loaded only when asked. 1st answer: from the import to the answer of a first ' +
      'invocation that needs no I/O (a 415): adds what the first request builds (configuration, clients, ' +
      'stores, middleware chain). ×ref: a reference row over the floor, a route over "floor + libraries".',
    `Budget: load median ≤ ${LOAD_RATIO_BUDGET}× the "${LOAD_REFERENCE}" row's of the same run, bundle ≤ floor + ${kb(SIZE_DELTA_BUDGET_BYTES, 0)} KB; the 1st answer is reported beside it.`,
  ];
  const maps = report.sourceMaps;
  if (maps) {
    const answer =
      maps.firstAnswerWithoutP50 !== undefined && maps.firstAnswerWithP50 !== undefined
        ? `; 1st answer ${ms(maps.firstAnswerWithoutP50)} → ${ms(maps.firstAnswerWithP50)} ms`
        : '';
    lines.push(
      `--enable-source-maps (no longer set on the functions): ${maps.route} loads in ${ms(maps.withoutP50)} ms without it, ` +
        `${ms(maps.withP50)} ms with it (median, ${signed(maps.withP50 - maps.withoutP50)} ms)${answer}.`,
    );
  }
  const beside = report.beside;
  if (beside) lines.push(besideLine(beside));
  const floorLoad = report.floor.load?.ok ? report.floor.load : undefined;
  const references = report.references ?? [];
  const libraries = references.at(-1);
  if (floorLoad && libraries?.load?.ok) {
    const ratio = (r: ReferenceResult) => (r.load?.ok ? (r.load.p50 / floorLoad.p50).toFixed(2) : dash);
    const alone = references.slice(0, -1).map((r) => `${r.label.replace(/^floor \+ /, '')} ${ratio(r)}×`);
    lines.push(
      `${libraries.label}: the floor with the libraries every function loads (middy and its HTTP middlewares, ` +
        `jose's verification, zod/mini; ${libraries.handler}) loads in ${ratio(libraries)}× the floor's time` +
        `${alone.length ? ` (each alone: ${alone.join(', ')})` : ''}. Routes' loads are budgeted against this ` +
        `row (${LOAD_RATIO_BUDGET}×): a route's ratio to it is the module's own code.`,
    );
  }
  const misses = report.routes.flatMap((r) => r.misses.map((m) => `- ${r.id}: ${m}`));
  const errors = report.routes.flatMap((r) => r.errors.map((e) => `- ${r.id}: ${e}`));
  if (report.floor.load && !report.floor.load.ok)
    errors.unshift(`- floor: loading failed: ${report.floor.load.error}`);
  for (const reference of report.references ?? [])
    if (reference.load && !reference.load.ok)
      errors.push(`- ${reference.label}: loading failed: ${reference.load.error}`);
  if (misses.length) lines.push('', 'Budget misses:', ...misses);
  else if (!errors.length) lines.push('', 'Every route is within budget.');
  if (errors.length) lines.push('', 'Errors:', ...errors);
  return lines;
}

const round3 = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;

/** Writes the figures, formatted as Biome would (the file is committed and linted). */
export async function writeResults(report: BenchReport, file: string, root: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(report, round3, 2)}\n`);
  spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
    cwd: root,
    stdio: 'ignore',
  });
}

/** The loads on the other Node.js major, as one note: the floor, the libraries row, the routes' ratios to it. */
export function besideLine(beside: NonNullable<BenchReport['beside']>): string {
  const reference = beside.referenceP50;
  const ratios = reference ? beside.routes.map((r) => r.p50 / reference).sort((a, b) => a - b) : [];
  const over = ratios.filter((ratio) => ratio > LOAD_RATIO_BUDGET).length;
  const median = ratios[Math.floor((ratios.length - 1) / 2)];
  return (
    `Beside it, on Node ${beside.node}: the floor loads in ${ms(beside.floorP50)} ms` +
    (reference && median !== undefined
      ? `, "${LOAD_REFERENCE}" in ${ms(reference)} ms; routes at ${(ratios[0] ?? 0).toFixed(2)}–` +
        `${(ratios.at(-1) ?? 0).toFixed(2)}× of it (median ${median.toFixed(2)}×), ` +
        `${over} of ${ratios.length} over ${LOAD_RATIO_BUDGET}×.`
      : '.')
  );
}
