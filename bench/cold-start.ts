import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, percentile } from './stats.ts';

const LOADER = fileURLToPath(new URL('./load-one.mjs', import.meta.url));
const MARK = '@@bench-load ';
export const DEFAULT_RUNS = 25;
export const DEFAULT_WARMUP = 1;

export interface LoadTarget {
  /** Options of the loading Node process (e.g. `--enable-source-maps`, to show what it costs). */
  nodeArgs?: readonly string[];
  id: string;
  /** The bundle to import (absolute path). */
  file: string;
  /** An event to answer once loaded (see {@link firstAnswerEvent}); the floor has none. */
  event?: unknown;
  /**
   * Loads per round (default 1), spread evenly through the round: the floor, which every ratio
   * divides by, is loaded more often so that its median is the table's most precise figure.
   */
  perRound?: number;
}

/**
 * An event every route answers without I/O: a body of the wrong media type, refused (415) by
 * the middleware before authentication. Its first answer includes all a cold start builds.
 */
export function firstAnswerEvent(route: { method: string; path: string }) {
  return {
    httpMethod: route.method,
    path: route.path,
    resource: route.path,
    headers: { 'content-type': 'text/plain' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: 'x',
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', identity: { sourceIp: '198.51.100.7' } },
  };
}

/** What the functions' environment must hold for their configuration to load (no AWS is reached). */
const BENCH_ENV = {
  TABLE_NAME: 'bench-table',
  AWS_REGION: 'us-east-1',
  MAIL_FROM: 'no-reply@bank.example',
  WAF_BLOCKED_IPV4_SET: 'blocked-v4|00000000-0000-0000-0000-000000000001|REGIONAL',
  WAF_BLOCKED_IPV6_SET: 'blocked-v6|00000000-0000-0000-0000-000000000002|REGIONAL',
  WAF_ALLOWED_IPV4_SET: 'allowed-v4|00000000-0000-0000-0000-000000000003|REGIONAL',
  WAF_ALLOWED_IPV6_SET: 'allowed-v6|00000000-0000-0000-0000-000000000004|REGIONAL',
};

export type LoadFigures =
  | {
      ok: true;
      /** Time of `await import(bundle)` in a fresh process, one per run, in run order (ms). */
      samples: number[];
      p50: number;
      p90: number;
      /** From the process's start to the end of the import: Node's own boot included (median, ms). */
      sinceProcessStartP50: number;
      /** From the import's start to the first answer (median, ms), when an event was given. */
      firstAnswerP50?: number;
      /** The first answer's status (415 expected). */
      firstStatus?: number;
    }
  | { ok: false; error: string };

type Sample =
  | { ok: true; ms: number; sinceProcessStartMs: number; firstAnswerMs?: number; firstStatus?: number }
  | { ok: false; error: string };

/**
 * Imports one bundle in a fresh Node process, with an empty environment (imports must not
 * need one); given an event, answers it once with the functions' minimal environment.
 */
export function loadOnce(
  file: string,
  event?: unknown,
  node: string = process.execPath,
  nodeArgs: readonly string[] = [],
): Sample {
  const args = [
    ...nodeArgs,
    LOADER,
    pathToFileURL(file).href,
    ...(event === undefined ? [] : [JSON.stringify(event)]),
  ];
  const child = spawnSync(node, args, {
    env: event === undefined ? {} : BENCH_ENV,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout
    ?.split('\n')
    .reverse()
    .find((l) => l.startsWith(MARK));
  if (line) return JSON.parse(line.slice(MARK.length)) as Sample;
  const why =
    child.error?.message ?? (child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`);
  const stderr = child.stderr?.trim().split('\n').slice(-3).join(' | ');
  return { ok: false, error: `the loader printed no result (${why})${stderr ? `: ${stderr}` : ''}` };
}

export interface ColdStartOptions {
  runs?: number;
  /** Rounds run first and discarded (disk cache, CPU frequency). */
  warmup?: number;
  onProgress?: (round: number, rounds: number) => void;
  /** The Node.js binary that loads the bundles (default: this one), e.g. the Lambda runtime's major. */
  node?: string;
}

/**
 * One round's loads: every target once, starting from the `round`-th, and the targets with
 * `perRound` > 1 again at evenly spaced places of the round.
 */
export function roundOrder(targets: readonly LoadTarget[], round: number): LoadTarget[] {
  const order = targets.map((_, i) => targets[(i + round) % targets.length] as LoadTarget);
  for (const target of targets) {
    const times = target.perRound ?? 1;
    const at = order.indexOf(target);
    for (let k = 1; k < times; k++) {
      const place = (at + Math.round((k * order.length) / times)) % order.length;
      order.splice(place, 0, target);
    }
  }
  return order;
}

/**
 * Loads every bundle `runs` times (`perRound` times as often for some), each time in a fresh
 * process. Runs are interleaved: each round loads every bundle, starting from a different one
 * each round, so that machine noise falls on all bundles alike. A bundle that fails to load
 * once is reported as failed and not retried.
 */
export function measureColdStarts(
  targets: readonly LoadTarget[],
  options: ColdStartOptions = {},
): Map<string, LoadFigures> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const warmup = options.warmup ?? DEFAULT_WARMUP;
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.id, []]));
  const failed = new Map<string, string>();
  const rounds = warmup + runs;
  for (let round = 0; round < rounds; round++) {
    options.onProgress?.(round + 1, rounds);
    for (const target of roundOrder(targets, round)) {
      if (failed.has(target.id)) continue;
      const sample = loadOnce(target.file, target.event, options.node, target.nodeArgs);
      if (!sample.ok) failed.set(target.id, sample.error);
      else if (round >= warmup) samples.get(target.id)?.push(sample);
    }
  }
  const figures = new Map<string, LoadFigures>();
  for (const t of targets) {
    const error = failed.get(t.id);
    if (error) {
      figures.set(t.id, { ok: false, error });
      continue;
    }
    const ok = (samples.get(t.id) ?? []).filter((s): s is Extract<Sample, { ok: true }> => s.ok);
    const ms = ok.map((s) => s.ms);
    figures.set(t.id, {
      ok: true,
      samples: ms.map((v) => Math.round(v * 1000) / 1000),
      p50: median(ms),
      p90: percentile(ms, 90),
      sinceProcessStartP50: median(ok.map((s) => s.sinceProcessStartMs)),
      ...(t.event === undefined
        ? {}
        : {
            firstAnswerP50: median(ok.map((s) => s.firstAnswerMs ?? Number.NaN)),
            firstStatus: ok[0]?.firstStatus,
          }),
    });
  }
  return figures;
}
