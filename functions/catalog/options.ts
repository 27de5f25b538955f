import { optionGroups } from '../../shared/domain/options-catalog.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { optionsCatalogRoute } from '../../shared/routes/catalog.ts';
import { baseDeps } from '../../shared/runtime/base.ts';
import { tenantOptionGroups } from '../../shared/services/option-labels.ts';

/** GET /catalog/options: the checkboxes of step 12, with labels in both languages. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(optionsCatalogRoute, deps.http, async () => ({
    body: { groups: tenantOptionGroups(optionGroups) },
  }));

export const handler = onColdStart(() => build(baseDeps()));
