import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type * as z from 'zod/mini';
import type { onboardCompanyBody } from '../../shared/contracts/bank.ts';
import { type LocalStack, mailedGenericPassword } from './local-stack.ts';
import { parseOtpauthUri, processClock, type TestAuthenticator, testAuthenticator } from './totp.ts';

/*
 * node:http rather than fetch: choosing the client's source address (`localAddress`, e.g.
 * 127.0.0.2 to test IP rules) needs an undici Agent with fetch, and Node 20 bundles undici
 * without exposing it (the `undici` package is not a dependency).
 */

export interface HttpResponse<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body's bytes, and the same decoded as UTF-8. */
  raw: Buffer;
  text: string;
  /** The parsed JSON body when the response is JSON (`application/json`, `application/problem+json`). */
  body: T;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (set the Content-Type yourself). */
  body?: string | Buffer;
  /** The source address to connect from, e.g. 127.0.0.2. */
  localAddress?: string;
  timeoutMs?: number;
}

/** One HTTP request; never throws on an error status, only when there is no answer. */
export function request<T = unknown>(
  url: string | URL,
  options: RequestOptions = {},
): Promise<HttpResponse<T>> {
  const payload = options.json === undefined ? options.body : JSON.stringify(options.json);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(options.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...options.headers,
  };
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        timeout: options.timeoutMs ?? 20_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          const isJson = /json/i.test(incoming.headers['content-type'] ?? '');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            raw,
            text,
            body: (isJson && text ? JSON.parse(text) : undefined) as T,
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer from ${url} in time`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The header that stands in for the bank's IAM signature on the local stack. */
export function bankAuthorization(bankKey: string): Record<string, string> {
  return { Authorization: `Bearer ${bankKey}` };
}

/** An answer's body when it has `status`; an error naming `what` and the answer otherwise. */
async function expectAnswer<T>(what: string, status: number, answer: Promise<HttpResponse<T>>): Promise<T> {
  const got = await answer;
  if (got.status !== status) throw new Error(`${what}: expected ${status}, got ${got.status} ${got.text}`);
  return got.body;
}

type Challenged = { status: string; challenge: { token: string } };

/**
 * A user's first login over HTTP (the guide's steps 4–8): the generic or assigned password
 * `temporary` forces the change to `password`, the next login asks for the anti-phishing image,
 * and choosing `imageId` opens the session. Returns the session token; throws at a refused step.
 */
export async function firstLoginOverHttp(
  apiUrl: string,
  user: { companyCode: string; userCode: string; temporary: string; password: string; imageId?: string },
): Promise<string> {
  const { companyCode, userCode, temporary, password } = user;
  const post = <T>(what: string, path: string, json: unknown, challenge?: Challenged) =>
    expectAnswer<T>(
      `${userCode}: ${what}`,
      200,
      request<T>(new URL(path, apiUrl), {
        json,
        headers: challenge ? { Authorization: `Bearer ${challenge.challenge.token}` } : {},
      }),
    );
  const first = await post<Challenged>('login', '/auth/login', {
    companyCode,
    userCode,
    password: temporary,
  });
  if (first.status !== 'PASSWORD_CHANGE_REQUIRED')
    throw new Error(`${userCode}: first login ${first.status}`);
  await post(
    'password change',
    '/auth/password-change',
    { currentPassword: temporary, newPassword: password, confirmation: password },
    first,
  );
  const second = await post<Challenged>('second login', '/auth/login', { companyCode, userCode, password });
  if (second.status !== 'IMAGE_REQUIRED') throw new Error(`${userCode}: second login ${second.status}`);
  const chosen = await post<{ session: { token: string } }>(
    'image',
    '/auth/antiphishing-image',
    { imageId: user.imageId ?? 'anchor' },
    second,
  );
  return chosen.session.token;
}

/**
 * The guide's step 9 over HTTP: requests the session's BOP Token and installs it with a code
 * computed from the secret of its otpauth:// URI, as an authenticator app would: `code`, by
 * default the authenticator's `next()` on `clock`. Returns the authenticator, for the codes
 * that confirm what follows, and the state the installation left the token in.
 */
export async function enrollTokenOverHttp(
  apiUrl: string,
  session: string,
  options: { clock?: typeof processClock; code?: (authenticator: TestAuthenticator) => string } = {},
): Promise<{ authenticator: TestAuthenticator; state: string }> {
  const headers = { Authorization: `Bearer ${session}` };
  const requested = await expectAnswer<{ otpauthUri: string }>(
    'token request',
    201,
    request(new URL('/me/token', apiUrl), { method: 'POST', headers }),
  );
  const authenticator = testAuthenticator(
    parseOtpauthUri(requested.otpauthUri).secret,
    options.clock ?? processClock,
  );
  const installed = await expectAnswer<{ state: string }>(
    'token installation',
    200,
    request(new URL('/me/token/installation', apiUrl), {
      headers,
      json: { otp: (options.code ?? ((a) => a.next()))(authenticator) },
    }),
  );
  return { authenticator, state: installed.state };
}

/**
 * The bank onboards `company` over HTTP, as its back office does, and its administrator logs in
 * the first time with the generic password it was e-mailed, changing it to `password`
 * ({@link firstLoginOverHttp}). Returns the administrator's session token.
 */
export async function onboardAndLogInOverHttp(
  stack: Pick<LocalStack, 'apiUrl' | 'bankKey' | 'sesUrl'>,
  company: z.input<ReturnType<typeof onboardCompanyBody>>,
  password: string,
): Promise<string> {
  await expectAnswer(
    `onboarding ${company.companyCode}`,
    201,
    request(new URL('/bank/companies', stack.apiUrl), {
      headers: bankAuthorization(stack.bankKey),
      json: company,
    }),
  );
  return firstLoginOverHttp(stack.apiUrl, {
    companyCode: company.companyCode,
    userCode: company.administrator.userCode,
    temporary: await mailedGenericPassword(stack.sesUrl, company.administrator.email),
    password,
  });
}
