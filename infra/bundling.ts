/**
 * How every Lambda function is bundled: the one source of truth that the CDK construct
 * (`infra/constructs/route-function.ts`) deploys and `npm run bench` measures, so the bench's
 * bundles are the production ones. Plain values (no CDK import) so the bench loads fast.
 */
import { fileURLToPath } from 'node:url';

export const lambdaBundling = {
  platform: 'node',
  /** ES module output. */
  format: 'esm',
  /** The bundle targets the functions' runtime (`functionRuntime`, Node.js 22). */
  target: 'node22',
  /** ESM builds of dependencies tree-shake better than their CommonJS builds. */
  mainFields: ['module', 'main'],
  /** CommonJS dependencies that call require() need one in an ES module. */
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
  /** Source maps beside the bundle (never counted in its size). */
  sourceMap: true,
  /**
   * Modules replaced in every bundle: `node:stream/web`, which only middy's streaming branch
   * uses, by a stand-in that loads nothing until asked (`infra/shims/stream-web.ts`).
   */
  alias: { 'node:stream/web': fileURLToPath(new URL('./shims/stream-web.ts', import.meta.url)) },
} as const;
