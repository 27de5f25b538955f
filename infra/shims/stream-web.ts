/**
 * What the functions' bundles get for `node:stream/web` (an esbuild alias, `infra/bundling.ts`).
 * Its one importer, `@middy/core`, uses `ReadableStream` only to tell a streamed response
 * (`instanceof`), and no function streams; loading the real module would cost every cold start
 * time for nothing. This class answers `instanceof` as Node's own `ReadableStream` does, loading Node's
 * web streams only if it is ever asked. Anything else imported from `node:stream/web` fails the
 * build (no such export); `test/unit/bundling.test.ts` checks that middy still only asks `instanceof`.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: `instanceof` needs a constructor to ask, and this one is all it answers.
export class ReadableStream {
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
