/**
 * Bundles one function for CDK (the construct's local bundling runs this in a child process,
 * because CDK bundles synchronously and esbuild plugins need its asynchronous API), through the
 * bundle cache (`infra/bundle-cache.ts`):
 *
 *   node --import tsx infra/bundle-function.ts <entry, relative to the repository> <output directory>
 *
 * Writes `index.mjs`, its chunks and their source maps into the output directory.
 */
import { cpSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBundle } from './bundle-cache.ts';

const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) {
  console.error('usage: node --import tsx infra/bundle-function.ts <entry> <output directory>');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const bundle = await cachedBundle(relative(root, resolve(root, entry)));
  cpSync(bundle.dir, resolve(outputDir), { recursive: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
