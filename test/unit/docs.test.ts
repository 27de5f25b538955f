import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/report.ts';
import { apiPage, apiRouteTable } from '../../infra/docs/api.ts';
import { compareGenerated } from '../../infra/docs/generated.ts';
import { performanceFigures, performancePage } from '../../infra/docs/performance.ts';
import {
  auditKeys,
  BANK_AUDIT_SCOPE,
  challengeKeys,
  companyKeys,
  idempotencyKeys,
  sessionKeys,
  userKeys,
} from '../../shared/data/keys.ts';
import { routes } from '../../shared/routes.ts';

describe('docs: generated parts are current (run `npm run docs` after changing their source)', () => {
  it.each([apiPage, performancePage])('$file', (page) => {
    const { written, expected } = compareGenerated(page);
    expect(written).toBe(expected);
  });

  it('api.md lists every route once, with its access and whether an OTP confirms it', () => {
    // Act
    const rows = apiRouteTable().split('\n').slice(2);

    // Assess
    expect(rows).toHaveLength(routes.length);
    for (const route of routes) {
      const row = rows.find((r) => r.startsWith(`| \`${route.method} ${route.path}\` |`));
      expect(row, `${route.method} ${route.path}`).toContain(`| ${route.access} | ${route.otp ? 'yes' : ''}`);
    }
  });

  it('performance.md shows what bench/results.json holds, a route that missed its budget as a miss', () => {
    // Prepare
    const report = JSON.parse(readFileSync('bench/results.json', 'utf8')) as BenchReport;

    // Act
    const figures = performanceFigures(report);

    // Assess
    expect(figures).toContain(report.date);
    for (const route of report.routes) {
      const row = figures.split('\n').find((line) => line.startsWith(`| ${route.id} |`));
      expect(row, route.id).toBeDefined();
      expect(row?.endsWith(route.withinBudget ? '| yes |' : '|')).toBe(true);
      if (!route.withinBudget) expect(row).toContain('NO');
    }
  });
});

describe('docs/data-model.md: the entity chart is what the key builders build', () => {
  /** Each builder the chart names, called with the chart's placeholders. */
  const builders: Record<string, (entity: string) => Record<string, string>> = {
    'companyKeys.profile': () => companyKeys.profile('<company>'),
    'userKeys.profile': () => userKeys.profile('<company>', '<user>'),
    'sessionKeys.session': () => sessionKeys.session('<company>', '<user>'),
    'challengeKeys.challenge': () => challengeKeys.challenge('<company>', '<user>'),
    'auditKeys.entry': (entity) =>
      entity === 'Bank audit'
        ? auditKeys.entry(BANK_AUDIT_SCOPE, '<iso time>', '<id>')
        : auditKeys.entry('<company>', '<iso time>', '<id>', '<target>'),
    'idempotencyKeys.record': () => idempotencyKeys.record('<caller>', '<key>'),
  };
  const chart = readFileSync('docs/data-model.md', 'utf8')
    .split('\n')
    .filter((line) => /^\| [A-Z][\w ]* \| `\w+\.\w+` \|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')));

  it('names every builder', () => {
    expect(new Set(chart.map((cells) => cells[2]))).toEqual(new Set(Object.keys(builders)));
  });

  it.each(chart.map((cells) => [cells[1] as string, cells]))('%s', (entity, cells) => {
    // Prepare
    const [, , builder, pk, sk, gsi1pk, gsi1sk] = cells as string[];
    const build = builders[builder as string];
    if (!build) throw new Error(`No builder ${builder}`);

    // Act
    const keys = build(entity);

    // Assess
    expect(keys).toEqual({ pk, sk, ...(gsi1pk ? { gsi1pk, gsi1sk } : {}) });
  });
});
