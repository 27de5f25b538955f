import { optionGroups } from '../../shared/domain/options-catalog.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { optionsCatalogRoute } from '../../shared/routes/catalog.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { tenantOptionGroups } from '../../shared/services/option-labels.ts';

/** GET /catalog/options: the checkboxes of step 12, with labels in both languages. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(optionsCatalogRoute, deps.http, async () => ({
    body: { groups: tenantOptionGroups(optionGroups) },
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(runtime);

export const handler = onColdStart(() => wire(sessionRuntime()));
