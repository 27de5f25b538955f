import { fillTemplate } from '../core/template.ts';
import { type ServerTenant, tenant, tenantPlaceholders } from '../core/tenant.ts';
import type { OptionGroup } from '../domain/options-catalog.ts';

/**
 * The option catalog as the bank names it: labels that name the bank come from the tenant's
 * `optionLabels`, and `{token}` in the others is the tenant's token product ("Solicitud BOP Token").
 */
export function tenantOptionGroups(
  groups: readonly OptionGroup[],
  t: ServerTenant = tenant(),
): OptionGroup[] {
  const params = tenantPlaceholders(t);
  return groups.map((group) => ({
    ...group,
    options: group.options.map((option) => {
      const own = t.optionLabels[option.id];
      return {
        ...option,
        label: own ?? {
          es: fillTemplate(option.label.es, params),
          en: fillTemplate(option.label.en, params),
        },
      };
    }),
  }));
}
