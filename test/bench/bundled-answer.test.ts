import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHandler } from '../../bench/bundle.ts';
import { firstAnswerEvent, loadOnce } from '../../bench/cold-start.ts';
import { routes } from '../../shared/routes.ts';

/**
 * A production bundle, written to disk and run in a fresh Node process as Lambda would: its
 * first answer is an error (415), so it has to load the chunk of the error catalog it does not
 * load at cold start (see the bundle-size test).
 */
describe('a bundled function in a fresh process', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it.each(['getMe', 'createUser'])(
    '%s answers its first request, an error, from the chunk of the error catalog',
    { timeout: 60_000 },
    async (id) => {
      const route = routes.find((r) => r.id === id);
      if (!route) throw new Error(`no route ${id}`);
      const dir = await mkdtemp(join(tmpdir(), `bundled-${id}-`));
      dirs.push(dir);
      const bundle = await bundleHandler(route.handler, { outdir: dir });
      const sample = loadOnce(bundle.outfile, firstAnswerEvent(route));
      expect(sample).toMatchObject({ ok: true, firstStatus: 415 });
    },
  );
});
