import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { resolveStack } from '../../infra/resolve-stack.ts';

/**
 * Issue 19 §3: without `--enable-source-maps` at run time, a minified frame from the logs is
 * still resolved to its TypeScript line, with the bundle's source map, when the logs are read.
 */
describe('npm run stack', () => {
  it('maps the frames of a minified bundle back to the TypeScript source', async () => {
    // Prepare: a bundle that throws on line 4 of its source, minified as the functions are.
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    const source = join(dir, 'handler.ts');
    writeFileSync(
      source,
      [
        'export function handler(input: string): number {',
        '  const length: number = input.length;',
        '  if (length > 2) {',
        "    throw new Error('too long');",
        '  }',
        '  return length;',
        '}',
        '',
      ].join('\n'),
    );
    const outfile = join(dir, 'index.mjs');
    await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      minify: true,
      format: 'esm',
      sourcemap: 'linked',
    });
    // In a plain Node process, as in Lambda now: no --enable-source-maps (vitest maps its own stacks).
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)}); try { m.handler('long'); } catch (e) { console.log(e.stack); }`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    const stack = run.stdout;

    // Act
    const resolved = resolveStack(stack, new SourceMap(JSON.parse(readFileSync(`${outfile}.map`, 'utf8'))));

    // Assess
    expect(stack).toMatch(/index\.mjs:1:\d+/);
    expect(resolved).toMatch(/index\.mjs:1:\d+ \[.*handler\.ts:4:\d+\]/);
  });
});
