/**
 * `npm run stack -- --map <bundle>.mjs.map [log file]`: resolves the minified frames of a stack
 * trace copied from a function's logs (`/var/task/index.mjs:1:23456`) to the TypeScript sources,
 * with the source map the bundler wrote beside the bundle (`cdk.out/asset.<hash>/index.mjs.map`,
 * or `bench/out/<route>/index.mjs.map` after `npm run bench`). The functions run without
 * `--enable-source-maps`, which costs every cold start ~20 ms (docs/performance.md): the
 * mapping is done here, when the logs are read, not at run time. Reads standard input without a file.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { parseArgs } from 'node:util';

/** A frame of a bundled file: `index.mjs:LINE:COLUMN` (1-based, as V8 prints them). */
const FRAME = /((?:file:\/\/)?[^\s()]*index\.mjs):(\d+):(\d+)/g;

/** `text` with each bundled frame followed by its source position, `[src/file.ts:12:5]`. */
export function resolveStack(text: string, map: SourceMap): string {
  return text.replace(FRAME, (frame, _file: string, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (!entry?.originalSource) return frame;
    const source = entry.originalSource.replace(/^.*?(?=(?:functions|shared|node_modules)\/)/, '');
    return `${frame} [${source}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}]`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: { map: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.map) {
    console.error(
      'Usage: npm run stack -- --map <bundle>.mjs.map [log file]   (or the log on standard input)',
    );
    process.exit(2);
  }
  const map = new SourceMap(JSON.parse(readFileSync(values.map, 'utf8')));
  const text = readFileSync(positionals[0] ?? 0, 'utf8');
  process.stdout.write(resolveStack(text, map));
}
