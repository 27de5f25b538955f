import { dynamoConnectionRuleStore } from '../data/connection-rules.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { ConnectionControlDeps } from '../services/connection-controls.ts';
import { baseDeps } from './base.ts';

/** Dependencies of the connection-control routes (step 25), from the environment. */
export function connectionControlDeps(): ConnectionControlDeps & { http: HttpOptions } {
  const { config, doc, http } = baseDeps();
  return { rules: dynamoConnectionRuleStore(doc, config.TABLE_NAME), http };
}
