/**
 * Bundles each function once and keeps the result, keyed by content: the entry, the bundler's
 * options (`infra/bundling.ts`), esbuild's version and the lockfile, and checked, before each
 * reuse, against the content hash of every file the bundle was built from (esbuild's metafile
 * lists them). A change in any of those files bundles again; nothing else does. CDK synthesis
 * (`infra/constructs/route-function.ts`), `npm run bench` and the tests share the cache, so a
 * test run bundles each function at most once.
 *
 * The cache lives in `node_modules/.cache/function-bundles/<entry>-<key>/`: `out/` (what
 * `bundleFunction` wrote: `index.mjs`, its chunks, source maps) and `manifest.json` (the input
 * hashes and the metafile, its output paths relative to `out/`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as esbuildVersion, type Metafile } from 'esbuild';
import { bundleFunction } from './bundling.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the bundles are kept (git-ignored with node_modules; delete it to start afresh). */
export const BUNDLE_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'function-bundles');

/** A bundle in the cache: its files and esbuild's metafile (outputs relative to `dir`). */
export interface CachedBundle {
  readonly dir: string;
  readonly metafile: Metafile;
  /** Whether this call built it (false: it was reused). */
  readonly built: boolean;
}

interface Manifest {
  entry: string;
  /** Content hash of each file the bundle read, relative to the repository root. */
  inputs: Record<string, string>;
  metafile: Metafile;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Hashes of files already read by this process, by path, size and modification time. */
const fileHashes = new Map<string, { stamp: string; hash: string }>();
function fileHash(path: string): string | undefined {
  let stamp: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return undefined;
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
  const known = fileHashes.get(path);
  if (known?.stamp === stamp) return known.hash;
  const hash = sha256(readFileSync(path));
  fileHashes.set(path, { stamp, hash });
  return hash;
}

/** What every bundle depends on besides its own inputs: the bundler, its options, the lockfile. */
let bundlerKey: string | undefined;
function keyOf(entry: string): string {
  bundlerKey ??= sha256(
    [
      esbuildVersion,
      readFileSync(join(ROOT, 'infra', 'bundling.ts'), 'utf8'),
      readFileSync(join(ROOT, 'package-lock.json'), 'utf8'),
    ].join('\0'),
  );
  return sha256(`${bundlerKey}\0${entry}`).slice(0, 16);
}

function cacheDirOf(entry: string): string {
  const name = entry.replace(/\.[cm]?[jt]s$/, '').replaceAll(/[^\w-]+/g, '-');
  return join(BUNDLE_CACHE_DIR, `${name}-${keyOf(entry)}`);
}

/** The bundle of `entry` (relative to the repository root) if the cache holds a current one. */
export function findCachedBundle(entry: string): CachedBundle | undefined {
  const dir = cacheDirOf(entry);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  for (const [input, hash] of Object.entries(manifest.inputs))
    if (fileHash(join(ROOT, input)) !== hash) return undefined;
  return { dir: join(dir, 'out'), metafile: manifest.metafile, built: false };
}

/** Rewrites the metafile's output paths (relative to the repository root) relative to `outdir`. */
function relativeOutputs(metafile: Metafile, outdir: string): Metafile {
  const prefix = `${relative(ROOT, outdir).replaceAll('\\', '/')}/`;
  const strip = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const outputs: Metafile['outputs'] = {};
  for (const [path, output] of Object.entries(metafile.outputs))
    outputs[strip(path)] = {
      ...output,
      imports: output.imports.map((i) => ({ ...i, path: strip(i.path) })),
    };
  return { inputs: metafile.inputs, outputs };
}

async function build(entry: string): Promise<CachedBundle> {
  const dir = cacheDirOf(entry);
  const staging = `${dir}.${process.pid}-${randomUUID().slice(0, 8)}`;
  const outdir = join(staging, 'out');
  try {
    const result = await bundleFunction(resolve(ROOT, entry), outdir, {
      absWorkingDir: ROOT,
      metafile: true,
    });
    for (const warning of result.warnings) console.error(`${entry}: ${warning.text}`);
    const metafile = relativeOutputs(result.metafile as Metafile, outdir);
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(metafile.inputs)) {
      const hash = fileHash(join(ROOT, input));
      if (hash) inputs[input] = hash;
    }
    writeFileSync(
      join(staging, 'manifest.json'),
      JSON.stringify({ entry, inputs, metafile } satisfies Manifest),
    );
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another process put the same bundle there first: theirs is as good as ours.
      if (!existsSync(join(dir, 'manifest.json'))) throw error;
    }
    return { dir: join(dir, 'out'), metafile, built: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const building = new Map<string, Promise<CachedBundle>>();

/** The bundle of `entry` (relative to the repository root): from the cache, or built into it. */
export function cachedBundle(entry: string): Promise<CachedBundle> {
  const found = findCachedBundle(entry);
  if (found) return Promise.resolve(found);
  let pending = building.get(entry);
  if (!pending) {
    mkdirSync(BUNDLE_CACHE_DIR, { recursive: true });
    pending = build(entry).finally(() => building.delete(entry));
    building.set(entry, pending);
  }
  return pending;
}
