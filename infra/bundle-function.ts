/**
 * Bundles one function for CDK (the construct's local bundling runs this in a child process,
 * because CDK bundles synchronously and esbuild plugins need its asynchronous API):
 *
 *   node --import tsx infra/bundle-function.ts <entry, relative to the repository> <output directory>
 *
 * Writes `index.mjs`, its chunks and their source maps into the output directory.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunction } from './bundling.ts';

const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) {
  console.error('usage: node --import tsx infra/bundle-function.ts <entry> <output directory>');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const result = await bundleFunction(resolve(root, entry), resolve(outputDir), { absWorkingDir: root });
  for (const warning of result.warnings) console.error(warning.text);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
