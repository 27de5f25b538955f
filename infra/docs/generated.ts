/**
 * Documentation pages with a generated part: the part between the two markers is written by
 * `npm run docs` from the code or the bench's figures, the rest of the page is prose kept by
 * hand. A test checks that each generated part is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const BEGIN = (source: string) =>
  `<!-- generated from ${source} by \`npm run docs\`: edit the source, not this part -->`;
export const END = '<!-- end of generated part -->';

/** A page of `docs/` with a generated part, and how to render that part. */
export interface GeneratedPage {
  /** Relative to the repository root. */
  readonly file: string;
  /** What the part is generated from, as the marker names it. */
  readonly source: string;
  readonly render: () => string;
}

function split(page: GeneratedPage, text: string): { before: string; part: string; after: string } {
  const begin = BEGIN(page.source);
  const start = text.indexOf(begin);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${page.file}: no generated part (markers missing)`);
  return {
    before: text.slice(0, start + begin.length),
    part: text.slice(start + begin.length, end),
    after: text.slice(end),
  };
}

/** The generated part as the file has it now, and as the source says it should be. */
export function compareGenerated(page: GeneratedPage): { written: string; expected: string } {
  const { part } = split(page, readFileSync(join(ROOT, page.file), 'utf8'));
  return { written: part, expected: `\n${page.render().trim()}\n` };
}

/** Rewrites the generated part of the page from its source; returns whether it changed. */
export function writeGenerated(page: GeneratedPage): boolean {
  const path = join(ROOT, page.file);
  const text = readFileSync(path, 'utf8');
  const { before, part, after } = split(page, text);
  const expected = `\n${page.render().trim()}\n`;
  if (part === expected) return false;
  writeFileSync(path, `${before}${expected}${after}`);
  return true;
}
