import { getItem, withMiddy } from './uses.ts';

/** A reference row: the floor plus middy and its three HTTP middlewares (see `libraries.ts`). */
export const handler = withMiddy(async (event) => ({
  statusCode: 200,
  body: JSON.stringify(await getItem(event.pathParameters?.pk ?? 'FLOOR', 'FLOOR')),
}));
