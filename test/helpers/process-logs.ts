/**
 * The production logger writes JSON lines to stdout: keeps them (for assertions on what is
 * logged) instead of printing them; other output passes through.
 */
export function captureProcessLogs() {
  const lines: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"level"')) {
      lines.push(text);
      return true;
    }
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  return { lines, restore: () => (process.stdout.write = original) };
}
