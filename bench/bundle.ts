import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
import { routes } from '../shared/routes.ts';

/** The repository root; route handler paths are relative to it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm run bench` writes its bundles (git-ignored). */
export const OUT_DIR = join(ROOT, 'bench', 'out');
/** The floor's handler: a document client and one GetItem. */
export const FLOOR_ENTRY = 'bench/floor/handler.ts';
export const FLOOR_ID = 'floor';

/**
 * How production bundles a handler (`infra/bundling.ts`, which the CDK construct deploys): one
 * minified ESM file for Node 22 with the AWS SDK inside (not the runtime's copy), and a
 * `require` for the CommonJS dependencies that need one. Source maps are written beside the
 * bundle and never counted in its size.
 */
export const productionBuildOptions = esbuildOptions;

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

/** Which packages (or `(repo)` for this repository's code) weigh most in a bundle. */
export interface Contributor {
  name: string;
  bytes: number;
}

export interface BundleFigures {
  /** The bundle's path (absolute), whether or not it was written. */
  outfile: string;
  /** Size of the JavaScript file, source map excluded. */
  bytes: number;
  /** Its gzip size (default level, as the `gzip` CLI). */
  gzipBytes: number;
  /** What each package (or `(repo)`) contributes to the bundle, heaviest first. */
  contributors: Contributor[];
}

/**
 * Bundles one handler with the production options. With `write: false` nothing touches the
 * disk (tests); the figures are the same.
 */
export async function bundleHandler(
  entry: string,
  options: { outfile: string; write?: boolean },
): Promise<BundleFigures> {
  const outfile = resolve(options.outfile);
  const result = await build({
    ...productionBuildOptions,
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    write: options.write ?? true,
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const key = Object.keys(outputs).find((k) => resolve(ROOT, k) === outfile);
  const output = key ? outputs[key] : undefined;
  if (!output) throw new Error(`esbuild produced no ${relative(ROOT, outfile)}`);
  const contents =
    result.outputFiles?.find((f) => resolve(f.path) === outfile)?.contents ?? (await readFile(outfile));
  return {
    outfile,
    bytes: contents.byteLength,
    gzipBytes: gzipSync(contents).byteLength,
    contributors: contributors(output),
  };
}

/** The package owning a bundled file: the last `node_modules` segment of its path. */
function packageOf(input: string): string {
  const found = [...input.replaceAll('\\', '/').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return found.at(-1)?.[1] ?? '(repo)';
}

function contributors(output: Metafile['outputs'][string]): Contributor[] {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export type BundleOutcome = BenchTarget &
  ({ ok: true; bundle: BundleFigures } | { ok: false; error: string });

/**
 * Bundles the floor and every route into `outDir` (emptied first). A route that fails to
 * bundle is reported, not thrown; the floor failing is fatal, since everything is relative to it.
 */
export async function bundleAll(
  targets: readonly BenchTarget[] = routeTargets(),
  outDir: string = OUT_DIR,
): Promise<{ floor: BundleFigures; routes: BundleOutcome[] }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outfileOf = (t: BenchTarget) => join(outDir, `${t.id}.mjs`);
  const [floor, ...rest] = await Promise.all([
    bundleHandler(floorTarget.entry, { outfile: outfileOf(floorTarget) }),
    ...targets.map(
      async (t): Promise<BundleOutcome> =>
        bundleHandler(t.entry, { outfile: outfileOf(t) }).then(
          (bundle) => ({ ...t, ok: true as const, bundle }),
          (error: unknown) => ({ ...t, ok: false as const, error: errorMessage(error) }),
        ),
    ),
  ]);
  return { floor: floor as BundleFigures, routes: rest as BundleOutcome[] };
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
