// Runs in a fresh Node process: imports one bundle (argv[2], a file URL), times the import and
// prints one marked JSON line, so that anything the module itself prints is ignored.
const MARK = '@@bench-load ';
let result;
const started = performance.now();
try {
  const mod = await import(process.argv[2]);
  const ms = performance.now() - started;
  result =
    typeof mod.handler === 'function'
      ? { ok: true, ms, sinceProcessStartMs: performance.now() }
      : { ok: false, error: 'the module exports no `handler` function' };
} catch (error) {
  result = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`, () => process.exit(0));
