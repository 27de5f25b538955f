import middy from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { jwtVerify } from 'jose';
import * as z from 'zod/mini';

/**
 * The reference rows' building blocks (`libraries.ts`, `middy.ts`, `jose.ts`, `zod.ts`): each
 * library used as every API function uses it, built on first invocation like the functions, so
 * that importing a reference costs only loading its code. Declarations only: a reference's
 * bundle keeps just the blocks it uses.
 */
export { getItem } from './get-item.ts';

type Handler = (event: APIGatewayProxyEvent) => Promise<unknown>;

/** middy with its three HTTP middlewares around `inner`, built on first invocation. */
export function withMiddy(inner: Handler): Handler {
  let chain: Handler | undefined;
  return (event) => {
    chain ??= middy(inner)
      .use(httpEventNormalizer())
      .use(httpHeaderNormalizer())
      .use(httpJsonBodyParser()) as unknown as Handler;
    return chain(event);
  };
}

/** jose's HS256 verification of the session token: its subject. */
export async function sessionSubject(event: APIGatewayProxyEvent): Promise<string> {
  const key = new TextEncoder().encode(process.env.SIGNING_KEY ?? '');
  const { payload } = await jwtVerify(event.headers.authorization ?? '', key, { algorithms: ['HS256'] });
  return String(payload.sub);
}

/** zod/mini parsing a body: the user code it names. */
export function bodyUserCode(event: APIGatewayProxyEvent): string {
  const body = z.object({
    userCode: z.string().check(z.regex(/^[A-Z0-9]{1,12}$/)),
    state: z.enum(['ACTIVE', 'INACTIVE']),
    version: z.int().check(z.positive()),
  });
  return body.parse(event.body).userCode;
}
