import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { costTable } from '../../bench/cost.ts';
import { localLoginTable } from '../../bench/login-local.ts';
import { type BenchReport, markdownTable, notes } from '../../bench/report.ts';
import { warmTable } from '../../bench/warm.ts';
import type { GeneratedPage } from './generated.ts';

const RESULTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'bench', 'results.json');

/** docs/performance.md's figures: every table `npm run bench` wrote to bench/results.json. */
export function performanceFigures(report: BenchReport): string {
  const sections = [
    `Figures of the run of ${report.date} (\`bench/results.json\`).`,
    '### Cold start, per function',
    markdownTable(report),
    notes(report).join('\n'),
  ];
  if (report.warm?.length)
    sections.push('### Warm overhead and DynamoDB round trips', warmTable(report.warm));
  if (report.localLogin) sections.push('### Login on the local stack', localLoginTable(report.localLogin));
  if (report.cost) sections.push('### Cost', costTable(report.cost));
  return sections.join('\n\n');
}

export const performancePage: GeneratedPage = {
  file: 'docs/performance.md',
  source: 'bench/results.json',
  render: () => performanceFigures(JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchReport),
};
