import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { cachedBundle } from '../infra/bundle-cache.ts';
import { routes } from '../shared/routes.ts';

/** The repository root; route handler paths are relative to it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm run bench` writes its bundles (git-ignored). */
export const OUT_DIR = join(ROOT, 'bench', 'out');
/** The floor's handler: a document client and one GetItem. */
export const FLOOR_ENTRY = 'bench/floor/handler.ts';
export const FLOOR_ID = 'floor';

export interface BenchTarget {
  id: string;
  /** Entry module, relative to the repository root. */
  entry: string;
}

/** Every route's handler, from the route table. */
export function routeTargets(): BenchTarget[] {
  return routes.map((r) => ({ id: r.id, entry: r.handler }));
}

export const floorTarget: BenchTarget = { id: FLOOR_ID, entry: FLOOR_ENTRY };
/**
 * The reference rows after the floor: the floor plus each library every function loads, alone,
 * then all of them together (`bench/floor/`). The last is the one the notes weigh routes against.
 */
export const referenceTargets: readonly BenchTarget[] = [
  { id: 'floor + middy', entry: 'bench/floor/middy.ts' },
  { id: 'floor + jose', entry: 'bench/floor/jose.ts' },
  { id: 'floor + zod/mini', entry: 'bench/floor/zod.ts' },
  { id: 'floor + libraries', entry: 'bench/floor/libraries.ts' },
];

/** Which packages (or `(repo)` for this repository's code) weigh most in a bundle. */
export interface Contributor {
  name: string;
  bytes: number;
}

export interface BundleFigures {
  /** The handler's file (`index.mjs`, absolute), whether or not it was written. */
  outfile: string;
  /**
   * What a cold start loads: the handler's file and every chunk it imports statically (not
   * those behind an `import()`), source maps excluded. The budget and the table use this.
   */
  bytes: number;
  /** Everything the function ships: every chunk, loaded or not. */
  totalBytes: number;
  /** The gzip size of what a cold start loads (default level, as the `gzip` CLI). */
  gzipBytes: number;
  /** What each package (or `(repo)`) contributes to what a cold start loads, heaviest first. */
  contributors: Contributor[];
  /** The same over every chunk, those loaded only when asked included. */
  allContributors: Contributor[];
  /** This repository's source files in what a cold start loads (relative paths, sorted). */
  loadedSources: string[];
}

type Output = Metafile['outputs'][string];

/** The outputs a module loads with it: itself and, transitively, what it imports statically. */
function loadedWith(outputs: Metafile['outputs'], entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

/**
 * Bundles one handler with the production bundler (through the bundle cache,
 * `infra/bundle-cache.ts`, so it is built once per content) and copies it into `outdir`. With
 * `write: false` nothing is copied (tests); the figures are the same.
 */
export async function bundleHandler(
  entry: string,
  options: { outdir: string; write?: boolean },
): Promise<BundleFigures> {
  const outdir = resolve(options.outdir);
  const bundle = await cachedBundle(entry);
  if (options.write ?? true) {
    await rm(outdir, { recursive: true, force: true });
    await cp(bundle.dir, outdir, { recursive: true });
  }
  const outputs = bundle.metafile.outputs;
  const code = Object.keys(outputs).filter((k) => k.endsWith('.mjs'));
  if (!outputs['index.mjs']) throw new Error(`esbuild produced no index.mjs for ${entry}`);
  const loaded = loadedWith(outputs, 'index.mjs');
  const loadedContents = await Promise.all(loaded.map((key) => readFile(join(bundle.dir, key))));
  const sizeOf = (keys: string[]) => keys.reduce((sum, k) => sum + (outputs[k]?.bytes ?? 0), 0);
  return {
    outfile: join(outdir, 'index.mjs'),
    bytes: loadedContents.reduce((sum, c) => sum + c.byteLength, 0),
    totalBytes: sizeOf(code),
    gzipBytes: gzipSync(Buffer.concat(loadedContents)).byteLength,
    contributors: contributors(loaded.map((k) => outputs[k] as Output)),
    allContributors: contributors(code.map((k) => outputs[k] as Output)),
    loadedSources: [
      ...new Set(
        loaded
          .flatMap((k) => Object.keys(outputs[k]?.inputs ?? {}))
          .filter((input) => packageOf(input) === '(repo)'),
      ),
    ].sort(),
  };
}

/** The package owning a bundled file: the last `node_modules` segment of its path. */
function packageOf(input: string): string {
  const found = [...input.replaceAll('\\', '/').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return found.at(-1)?.[1] ?? '(repo)';
}

function contributors(outputs: Output[]): Contributor[] {
  const byPackage = new Map<string, number>();
  for (const output of outputs)
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export type BundleOutcome = BenchTarget &
  ({ ok: true; bundle: BundleFigures } | { ok: false; error: string });

/**
 * Bundles the floor, the reference rows and every route into `outDir` (emptied first). A
 * route that fails to bundle is reported, not thrown; a reference failing is fatal, since
 * everything is read against them.
 */
export async function bundleAll(
  targets: readonly BenchTarget[] = routeTargets(),
  outDir: string = OUT_DIR,
): Promise<{
  floor: BundleFigures;
  references: (BenchTarget & { bundle: BundleFigures })[];
  routes: BundleOutcome[];
}> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outdirOf = (t: BenchTarget) => join(outDir, t.id.replaceAll(/[^\w-]+/g, '-'));
  const [floor, references, routes] = await Promise.all([
    bundleHandler(floorTarget.entry, { outdir: outdirOf(floorTarget) }),
    Promise.all(
      referenceTargets.map(async (t) => ({
        ...t,
        bundle: await bundleHandler(t.entry, { outdir: outdirOf(t) }),
      })),
    ),
    Promise.all(
      targets.map(
        async (t): Promise<BundleOutcome> =>
          bundleHandler(t.entry, { outdir: outdirOf(t) }).then(
            (bundle) => ({ ...t, ok: true as const, bundle }),
            (error: unknown) => ({ ...t, ok: false as const, error: errorMessage(error) }),
          ),
      ),
    ),
  ]);
  return { floor, references, routes };
}

export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors)) {
    const first = error.errors[0] as
      | { text?: string; location?: { file?: string; line?: number } }
      | undefined;
    if (first?.text) {
      const where = first.location?.file ? ` (${first.location.file}:${first.location.line})` : '';
      return `${first.text}${where}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
