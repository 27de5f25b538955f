import { dynamoConnectionRuleStore } from '../data/connection-rules.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { ConnectionControlDeps } from '../services/connection-controls.ts';
import type { SessionRuntime } from './core.ts';
import { clockOf } from './core.ts';

/** Dependencies of the connection-control routes (step 25). */
export function connectionControlDeps(
  runtime: SessionRuntime,
): ConnectionControlDeps & { http: HttpOptions } {
  const { config, doc, http } = runtime;
  return { rules: dynamoConnectionRuleStore(doc, config.TABLE_NAME), http, ...clockOf(runtime) };
}
