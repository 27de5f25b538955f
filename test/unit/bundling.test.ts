import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { productionBuildOptions } from '../../bench/bundle.ts';
import { lambdaBundling } from '../../infra/bundling.ts';
import { ReadableStream } from '../../infra/shims/stream-web.ts';

const require = createRequire(import.meta.url);

describe('Bundling: node:stream/web stands in until asked', () => {
  it('answers instanceof as Node’s ReadableStream does', () => {
    expect(new NodeReadableStream() instanceof ReadableStream).toBe(true);
    expect(new globalThis.ReadableStream() instanceof ReadableStream).toBe(true);
    expect({ getReader: () => undefined } instanceof ReadableStream).toBe(false);
    expect((new Uint8Array(1) as unknown) instanceof ReadableStream).toBe(false);
  });

  it('is all middy asks of it: an instanceof, never a construction or another export', () => {
    const source = readFileSync(require.resolve('@middy/core'), 'utf8');
    const imports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']node:stream\/web["']/g)];
    expect(imports.map((m) => m[1]?.trim())).toEqual(['ReadableStream']);
    // Every other mention, outside the import and string literals, follows an `instanceof`.
    const code = source.replace(imports[0]?.[0] ?? '', '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const uses = [...code.matchAll(/(\S+)\s+ReadableStream\b/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses)).toEqual(new Set(['instanceof']));
  });

  it('is what every function bundle gets instead of the module', async () => {
    expect(Object.keys(lambdaBundling.alias)).toEqual(['node:stream/web']);
    const result = await build({
      ...productionBuildOptions,
      entryPoints: ['functions/auth/get-me.ts'],
      outfile: '/tmp/bundling-test.mjs',
      write: false,
      sourcemap: false,
      minify: false,
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/from\s*"node:stream\/web"/);
    expect(code).toContain('Symbol.hasInstance');
  });
});
