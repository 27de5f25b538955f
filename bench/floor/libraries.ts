import type { APIGatewayProxyEvent } from 'aws-lambda';
import { bodyUserCode, getItem, sessionSubject, withMiddy } from './uses.ts';

/**
 * A reference row of the cold-start table, not a route: the floor (`handler.ts`) plus the
 * libraries every API function loads whatever its use case does, used as the functions use
 * them: middy with its three HTTP middlewares, jose's HS256 verification, zod/mini parsing a
 * body. Its load time against the floor's is the part of the 1.2× budget that the libraries
 * the stack prescribes take by themselves; what lies between it and a route's row is the
 * module's own code. `middy.ts`, `jose.ts` and `zod.ts` are the same with one library each.
 * Never invoked by the bench.
 */
export const handler = withMiddy(async (event: APIGatewayProxyEvent) => ({
  statusCode: 200,
  body: JSON.stringify(await getItem(await sessionSubject(event), bodyUserCode(event))),
}));
