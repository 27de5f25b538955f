import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, inlineConstantKeys } from '../../infra/bundling.ts';
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
    expect(Object.keys(esbuildOptions.alias)).toEqual(['node:stream/web']);
    const result = await build({
      ...esbuildOptions,
      entryPoints: ['functions/auth/get-me.ts'],
      outdir: '/tmp/bundling-test',
      write: false,
      sourcemap: false,
      minify: false,
    });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).not.toMatch(/from\s*"node:stream\/web"/);
    expect(code).toContain('Symbol.hasInstance');
  });
});

describe('Bundling: the SDK clients keep only the operations a function calls', () => {
  it('writes computed keys of string constants as plain keys, and leaves every other key alone', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var A$ = [9, n0, _A, { [_h]: ["PUT", "/a", 200] }];',
      'export var B$ = [-3, n0, _B, { [_e]: _c, [other]: 1, [_h]: 2 }];',
    ].join('\n');

    expect(inlineConstantKeys(source)).toBe(
      [
        'const _h = "http";',
        'const _e = "error";',
        'export var A$ = [9, n0, _A, { "http": ["PUT", "/a", 200] }];',
        'export var B$ = [-3, n0, _B, { "error": _c, [other]: 1, "http": 2 }];',
      ].join('\n'),
    );
  });

  it('drops the schemas of the SES operations a mail function never calls', async () => {
    const bundle = async (plugins: typeof esbuildOptions.plugins | []) =>
      (
        await build({
          ...esbuildOptions,
          plugins,
          entryPoints: ['functions/bank/reissue-admin-password.ts'],
          outdir: '/tmp/bundling-test-ses',
          write: false,
          sourcemap: false,
        })
      ).outputFiles
        .map((file) => file.text)
        .join('\n');

    const withPlugin = await bundle(esbuildOptions.plugins);
    const without = await bundle([]);

    // SendEmail stays; an operation no function calls (PutAccountDetails) goes.
    expect(without).toContain('/v2/email/account/details');
    expect(withPlugin).not.toContain('/v2/email/account/details');
    expect(withPlugin).toContain('/v2/email/outbound-emails');
    expect(without.length - withPlugin.length).toBeGreaterThan(30 * 1024);
  });
});
