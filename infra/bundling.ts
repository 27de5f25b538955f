/**
 * How every Lambda function is bundled: the one bundler that the CDK construct
 * (`infra/constructs/route-function.ts`, through `infra/bundle-function.ts`) deploys and
 * `npm run bench` measures, so the bench's bundles are the production ones. No CDK import, so
 * the bench loads fast.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

/** An AWS SDK client's schema module: every operation's schema, in one file. */
const SDK_SCHEMA_MODULE = /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/**
 * Lets esbuild drop the schemas of the SDK operations a function never calls. An SDK client
 * declares every operation's schema in one module, with object keys written as computed keys
 * of string constants (`{ [_h]: [...] }`); esbuild must assume a computed key may run code, so
 * it keeps every schema. Writing each such key as the string it names (`{ "http": [...] }`)
 * changes nothing at run time and makes the unused schemas droppable (a function uses the SES v2
 * client for SendEmail alone). Keys that are not string constants stay.
 */
export const sdkSchemaKeys: Plugin = {
  name: 'sdk-schema-keys',
  setup(bundler) {
    bundler.onLoad({ filter: SDK_SCHEMA_MODULE }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return { contents: inlineConstantKeys(source), loader: 'js' };
    });
  },
};

/** Rewrites `[name]:` keys whose `name` is a top-level `const name = "string";` as `"string":`. */
export function inlineConstantKeys(source: string): string {
  const constants = new Map(
    [...source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)].map((m) => [m[1], m[2]]),
  );
  return source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
    const value = constants.get(name);
    return value === undefined ? key : `${value}:`;
  });
}

/** The esbuild options of every function's bundle. */
export const esbuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  /** ES module output, for the functions' runtime (`functionRuntime`, Node.js 24). */
  format: 'esm',
  target: 'node22',
  /**
   * Never bundled: the Argon2 binding, which `shared/domain/password-hash.ts` loads only where
   * Node lacks `crypto.argon2` (Node 20 on developers' machines); the runtime has it.
   */
  external: ['@node-rs/argon2'],
  /** ESM builds of dependencies tree-shake better than their CommonJS builds. */
  mainFields: ['module', 'main'],
  /** Source maps beside the bundle (never counted in its size). */
  sourcemap: 'linked',
  /** CommonJS dependencies that call require() need one in an ES module. */
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  /**
   * Modules replaced in every bundle: `node:stream/web`, which only middy's streaming branch
   * uses, by a stand-in that loads nothing until asked (`infra/shims/stream-web.ts`).
   */
  alias: { 'node:stream/web': fileURLToPath(new URL('./shims/stream-web.ts', import.meta.url)) },
  /**
   * Code reached only through `import()` goes to its own chunk, loaded when first asked: the AWS
   * SDK's credential providers other than the environment's (a Lambda function never asks for
   * them), the Excel and PDF libraries of the exports. The handler is `index.mjs`.
   */
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  plugins: [sdkSchemaKeys],
  logLevel: 'silent',
} as const satisfies BuildOptions;

/**
 * Bundles one handler module into `outdir`: `index.mjs`, the chunks it imports under
 * `chunks/`, and their source maps. With `write: false` nothing touches the disk and the files
 * are returned.
 */
export function bundleFunction(
  entry: string,
  outdir: string,
  options: { absWorkingDir: string; write?: boolean; metafile?: boolean },
) {
  return build({
    ...esbuildOptions,
    absWorkingDir: options.absWorkingDir,
    entryPoints: [entry],
    outdir,
    write: options.write ?? true,
    metafile: options.metafile ?? false,
  });
}
