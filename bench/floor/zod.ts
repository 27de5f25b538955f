import type { APIGatewayProxyEvent } from 'aws-lambda';
import { bodyUserCode, getItem } from './uses.ts';

/** A reference row: the floor plus zod/mini parsing a body (see `libraries.ts`). */
export const handler = async (event: APIGatewayProxyEvent) => getItem('FLOOR', bodyUserCode(event));
