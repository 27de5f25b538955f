import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const scripts = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts,
);

describe('README: a front door that keeps its promises', () => {
  it('stays short: at most about 10 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024);
  });

  it('names the two set-up commands and every prerequisite they need', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    const setUp = readme.slice(readme.indexOf('## Set-up'), readme.indexOf('## Scripts'));
    for (const prerequisite of ['Node.js 20', 'Java 17', 'Chromium']) expect(setUp).toContain(prerequisite);
  });

  it('names only npm scripts that exist, and names every test project script', () => {
    const named = new Set([
      ...[...readme.matchAll(/npm run ([\w-]+(?::[\w-]+)*)/g)].map((m) => m[1] as string),
      ...[...readme.matchAll(/`(test:[\w-]+)`/g)].map((m) => m[1] as string),
      ...[...readme.matchAll(/`(bench:[\w-]+)`/g)].map((m) => m[1] as string),
    ]);
    expect([...named].filter((script) => !scripts.includes(script))).toEqual([]);
    for (const project of ['unit', 'integration', 'e2e', 'infra', 'web'])
      expect(named).toContain(`test:${project}`);
  });

  it('links only files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !existsSync(link))).toEqual([]);
  });

  it('names only folders of the repository in its layout', () => {
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## How a request flows'));
    const folders = [...layout.matchAll(/^([\w/.-]+\/)\s/gm)].map((m) => m[1] as string);
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((folder) => !existsSync(folder))).toEqual([]);
  });
});

describe('docs/: links between pages lead somewhere', () => {
  it('links only files that exist', () => {
    const pages = [
      'api',
      'data-model',
      'deploy',
      'domain-rules',
      'performance',
      'runbook',
      'security',
      'testing',
    ];
    const broken = pages.flatMap((page) => {
      const file = join('docs', `${page}.md`);
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)]
        .map((m) => join(dirname(file), m[1] as string))
        .filter((target) => !existsSync(target))
        .map((target) => `${file} → ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
