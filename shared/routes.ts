import { administratorsRoutes } from './routes/administrators.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { bankRoutes } from './routes/bank.ts';
import { bankIpSetRoutes } from './routes/bank-ip-sets.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { controlsRoutes } from './routes/controls.ts';
import { routeLookup } from './routes/definition.ts';
import { entitlementsRoutes } from './routes/entitlements.ts';
import { exportsRoutes } from './routes/exports.ts';
import { tokensRoutes } from './routes/tokens.ts';
import { usersRoutes } from './routes/users.ts';

export {
  type Access,
  confirmsWithOtp,
  type HttpMethod,
  needsConfirmation,
  type RouteDefinition,
} from './routes/definition.ts';

/**
 * THE route table: every route of the API, each once. CDK, the local server, the OpenAPI
 * document and the tests derive from it. Each route is a constant of its area's module
 * (`shared/routes/<area>.ts`, one per `functions/<area>/` folder, the bank's IP sets apart),
 * which its handler imports, so a handler's bundle holds no other route's schemas; this module
 * only assembles them.
 */
export const routes = [
  ...bankRoutes,
  ...authRoutes,
  ...usersRoutes,
  ...exportsRoutes,
  ...catalogRoutes,
  ...auditRoutes,
  ...tokensRoutes,
  ...controlsRoutes,
  ...bankIpSetRoutes,
  ...entitlementsRoutes,
  ...administratorsRoutes,
] as const;

export type RouteId = (typeof routes)[number]['id'];

/** The definition of one route, by id. */
export const route = routeLookup(routes);
