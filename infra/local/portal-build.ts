/**
 * Builds the portal (`web/` → `web/dist`) when it is missing or older than its sources, so
 * that `npm start` serves the current portal on a fresh clone (`prestart`), and so the
 * browser tests can build their own copy.
 *
 *   tsx infra/local/portal-build.ts            build if stale
 *   tsx infra/local/portal-build.ts --force    always build
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './paths.ts';
import { defaultPortalDir } from './portal.ts';

/** What the portal is built from: its own folder and the API contracts, catalog and messages it imports. */
const SOURCES = [
  'web/index.html',
  'web/vite.config.ts',
  'web/src',
  'web/public',
  'shared',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether `outDir` lacks the portal or holds one older than a source file. */
export function portalIsStale(outDir: string = defaultPortalDir): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(repoRoot, source)) > built);
}

/** Runs `vite build` for the portal into `outDir` (a child process, so it shares nothing with the caller). */
export function buildPortal(
  outDir: string = defaultPortalDir,
  env: Record<string, string> = {},
): Promise<void> {
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  const args = [
    vite,
    'build',
    '--config',
    'web/vite.config.ts',
    '--outDir',
    outDir,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`vite build exited with code ${code}`)),
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  if (!existsSync(join(repoRoot, 'web/vite.config.ts'))) {
    // A checkout without the portal's sources still starts the API.
    console.log('No portal sources in web/: the local stack serves the API only.');
  } else if (force || portalIsStale()) {
    console.log('Building the portal (web/ → web/dist)…');
    await buildPortal();
  }
}
