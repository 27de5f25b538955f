import type { APIGatewayProxyEvent } from 'aws-lambda';
import { getItem, sessionSubject } from './uses.ts';

/** A reference row: the floor plus jose's HS256 verification (see `libraries.ts`). */
export const handler = async (event: APIGatewayProxyEvent) => getItem(await sessionSubject(event), 'FLOOR');
