import { fillTemplate } from '../../shared/core/template.ts';
import { tenantPlaceholders } from '../../shared/core/tenant.ts';
import type { RouteDefinition } from '../../shared/routes/definition.ts';
import { routes } from '../../shared/routes.ts';
import type { GeneratedPage } from './generated.ts';

const yes = (value: boolean | undefined) => (value ? 'yes' : '');

/** docs/api.md's route table, one row per route of the route table, in its order. */
export function apiRouteTable(table: readonly RouteDefinition[] = routes): string {
  const rows = table.map((r) =>
    [
      `\`${r.method} ${r.path}\``,
      fillTemplate(r.summary.en, tenantPlaceholders()),
      r.access,
      r.otp ? 'yes' : r.otpExemption ? 'exempt' : '',
      yes(r.idempotent),
      r.table,
      `${r.response.status}`,
      `\`${r.id}\``,
    ].join(' | '),
  );
  return [
    '| route | what | access | OTP | idempotent | table | success | id |',
    '| --- | --- | --- | --- | --- | --- | ---: | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

export const apiPage: GeneratedPage = {
  file: 'docs/api.md',
  source: 'the route table (shared/routes.ts)',
  render: () => apiRouteTable(),
};
