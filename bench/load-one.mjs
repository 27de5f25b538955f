// Runs in a fresh Node process: imports one bundle (argv[2], a file URL), times the import and
// prints one marked JSON line, so that anything the module itself prints is ignored. Given an
// event (argv[3], JSON), it then invokes the handler once and also times the first answer:
// the import plus what the first invocation builds (configuration, clients, stores, the
// middleware chain) and one answer that needs no I/O.
const MARK = '@@bench-load ';
let result;
const started = performance.now();
try {
  const mod = await import(process.argv[2]);
  const ms = performance.now() - started;
  if (typeof mod.handler !== 'function') {
    result = { ok: false, error: 'the module exports no `handler` function' };
  } else {
    result = { ok: true, ms, sinceProcessStartMs: performance.now() };
    if (process.argv[3]) {
      const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
      const answer = await mod.handler(JSON.parse(process.argv[3]), context);
      result.firstAnswerMs = performance.now() - started;
      result.firstStatus = answer?.statusCode;
    }
  }
} catch (error) {
  result = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`, () => process.exit(0));
