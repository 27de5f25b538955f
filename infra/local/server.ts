import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Language } from '../../shared/core/language.ts';
import { type BankIpSets, bankIpVerdict } from '../../shared/domain/bank-ip-sets.ts';
import { negotiateLanguage } from '../../shared/http/locale.ts';
import { PROBLEM_CONTENT_TYPE, type ProblemBody, problemBody } from '../../shared/http/problem.ts';
import { type RouteDefinition, routes as routeTable } from '../../shared/routes.ts';
import { authorizationCarriesKey } from './bank-key.ts';
import { buildLambdaContext, buildProxyEvent, sourceIpOf } from './event.ts';
import { repoRoot } from './paths.ts';
import { portalServer } from './portal.ts';
import { listening } from './ports.ts';
import { createRouter } from './routing.ts';
import { asRoute, guardFunctionClients } from './table-guard.ts';

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The request body cap of the local server, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one answer the gateway gives that the error catalog (`shared/http/messages.ts`) has no
 * entry for: API Gateway itself refuses a method the resource does not have.
 */
const methodNotAllowed = {
  status: 405,
  es: {
    title: 'Método no permitido',
    detail: 'La ruta existe, pero no admite este método; vea el encabezado Allow.',
  },
  en: {
    title: 'Method not allowed',
    detail: 'The path exists but does not accept this method; see the Allow header.',
  },
} as const;

type GatewayProblem =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_GATEWAY'
  | 'IP_BLOCKED';

/** RFC 9457 body for an answer of the gateway (not of a handler), shaped as the handlers' problems are. */
function gatewayProblem(problem: GatewayProblem, language: Language, instance: string): ProblemBody {
  switch (problem) {
    case 'METHOD_NOT_ALLOWED':
      return {
        type: 'urn:problem-type:method-not-allowed',
        ...methodNotAllowed[language],
        status: methodNotAllowed.status,
        code: problem,
        instance,
      };
    case 'PAYLOAD_TOO_LARGE':
      return problemBody(problem, language, { params: { limit: MAX_BODY_BYTES }, instance });
    case 'BAD_GATEWAY':
      // A handler that throws or answers no proxy result: API Gateway says 502, and nothing more.
      return { ...problemBody('INTERNAL_ERROR', language, { instance }), status: 502 };
    default:
      return problemBody(problem, language, { instance });
  }
}

export interface LocalApiOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** `0` (the default) picks a free port. */
  port?: number;
  /** The key that stands in for the bank's IAM identity on `bank` routes. */
  bankKey: string;
  /**
   * The bank-wide IP sets, read for every request before anything else, as AWS WAF checks
   * every request in front of API Gateway; none by default.
   */
  bankIpSets?: () => BankIpSets;
  routes?: readonly RouteDefinition[];
  /** Origins a browser may call the API from (answered in CORS preflights). */
  allowedOrigins?: readonly string[];
  /** The built portal (`web/dist`), served on the same origin for paths that are no API route. */
  portalDir?: string;
  /** The portal's `/config.json` (the stack writes the same file next to the portal in AWS). */
  portalConfig?: unknown;
  region?: string;
  /**
   * How many times its route's timeout a local invocation gets before middy answers 503 (1,
   * Lambda's, by default). The tests raise it: on a loaded 2-core machine a request can wait
   * longer for the CPU than a Lambda function ever would.
   */
  timeoutScale?: number;
  /** Loads a route's handler; by default imports `route.handler` from the repository root. */
  loadHandler?: (route: RouteDefinition) => Promise<ProxyHandler>;
  /** The OpenAPI document for a server at `serverUrl`, or undefined when there is none yet. */
  loadOpenApiDocument?: (serverUrl: string) => Promise<unknown>;
  /** One line per request; silent by default. */
  log?: (line: string) => void;
  /** Handler failures (with stack); `console.error` by default. */
  logError?: (message: string, error: unknown) => void;
}

export interface LocalApi {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Imports a handler module lazily; a failed import is retried next time (the file may be being written). */
function moduleHandlerLoader(): (route: RouteDefinition) => Promise<ProxyHandler> {
  const loaded = new Map<string, ProxyHandler>();
  return async (route) => {
    const cached = loaded.get(route.handler);
    if (cached) return cached;
    const module = (await import(pathToFileURL(join(repoRoot, route.handler)).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${route.handler} exports no handler function`);
    const handler = module.handler as ProxyHandler;
    loaded.set(route.handler, handler);
    return handler;
  };
}

/** `buildOpenApiDocument()` from `infra/openapi/document.ts`, when that module exists, pointed at this server. */
async function loadOpenApiFromModule(serverUrl: string): Promise<unknown> {
  const path = join(repoRoot, 'infra/openapi/document.ts');
  if (!existsSync(path)) return undefined;
  const module = (await import(pathToFileURL(path).href)) as {
    buildOpenApiDocument?: (options: { serverUrl?: string }) => unknown;
  };
  return typeof module.buildOpenApiDocument === 'function'
    ? await module.buildOpenApiDocument({ serverUrl })
    : undefined;
}

/** Reads the body; undefined when it is larger than `limit` (read to its end, so the client gets the answer). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
    else if (size > 16 * limit) request.destroy();
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as { statusCode?: unknown }).statusCode)
  );
}

/** Writes a handler's result as API Gateway does: multiValueHeaders win over headers of the same name. */
function writeProxyResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const merged = new Map<string, { name: string; value: string | string[] }>();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    merged.set(name.toLowerCase(), { name, value: String(value) });
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    merged.set(name.toLowerCase(), { name, value: values.map(String) });
  }
  if (!merged.has('content-type'))
    merged.set('content-type', { name: 'Content-Type', value: 'application/json' });
  for (const { name, value } of merged.values()) response.setHeader(name, value);
  response.statusCode = result.statusCode;
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/**
 * Serves every route of the route table on one node:http server, invoking each route's own
 * handler with the API Gateway REST proxy event and Lambda context that AWS would give it.
 * Bank routes need the local bank key (IAM authorization in AWS); the bank-wide IP sets, when
 * given, refuse requests first (AWS WAF in AWS).
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const match = createRouter(options.routes ?? routeTable);
  guardFunctionClients();
  const loadHandler = options.loadHandler ?? moduleHandlerLoader();
  const loadOpenApi = options.loadOpenApiDocument ?? loadOpenApiFromModule;
  const log = options.log ?? (() => {});
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const servePortal = options.portalDir ? portalServer(options.portalDir, options.portalConfig) : undefined;

  const sendProblem = (
    response: ServerResponse,
    request: IncomingMessage,
    problem: GatewayProblem,
    extraHeaders: Record<string, string> = {},
  ) => {
    const language = negotiateLanguage(request.headers['accept-language']);
    const body = gatewayProblem(problem, language, String(response.getHeader('x-amzn-RequestId') ?? ''));
    response.writeHead(body.status, {
      'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      'Content-Language': language,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Language',
      ...extraHeaders,
    });
    response.end(JSON.stringify(body));
  };

  const serve = async (
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
  ): Promise<string> => {
    response.setHeader('x-amzn-RequestId', requestId);
    // Prefixed, not resolved against a base: a request target such as `//host/x` stays a path.
    const url = new URL(`http://localhost${request.url ?? '/'}`);
    const method = request.method ?? 'GET';

    const verdict = options.bankIpSets ? bankIpVerdict(options.bankIpSets(), sourceIpOf(request)) : 'pass';
    if (verdict !== 'pass') {
      sendProblem(response, request, 'IP_BLOCKED');
      return `${verdict} by the bank-wide IP sets`;
    }

    if (url.pathname === '/openapi.json') {
      const document =
        method === 'GET' ? await loadOpenApi(`http://${request.headers.host ?? host}`) : undefined;
      if (method !== 'GET') sendProblem(response, request, 'METHOD_NOT_ALLOWED', { Allow: 'GET' });
      else if (document === undefined) sendProblem(response, request, 'NOT_FOUND');
      else {
        response.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        response.end(JSON.stringify(document, null, 2));
      }
      return 'openapi';
    }

    const found = match(method, url.pathname);
    if (found.kind === 'not-found' && servePortal?.(request, response, url)) return 'portal';
    if (found.kind === 'not-found') {
      sendProblem(response, request, 'NOT_FOUND');
      return 'no route';
    }
    if (found.kind === 'method-not-allowed') {
      const allow = [...found.allow, 'OPTIONS'].join(', ');
      if (method === 'OPTIONS') answerPreflight(request, response, allow, allowedOrigins);
      else sendProblem(response, request, 'METHOD_NOT_ALLOWED', { Allow: allow });
      return method === 'OPTIONS' ? 'preflight' : 'no method';
    }

    const { route, pathParameters } = found;
    const isBank = route.access === 'bank';
    if (isBank && !authorizationCarriesKey(request.headers.authorization, options.bankKey)) {
      sendProblem(response, request, 'FORBIDDEN', { 'x-amzn-ErrorType': 'AccessDeniedException' });
      return `${route.id}, no bank key`;
    }

    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) {
      sendProblem(response, request, 'PAYLOAD_TOO_LARGE');
      return route.id;
    }

    const event = buildProxyEvent({
      request,
      url,
      body,
      route,
      pathParameters,
      bankIdentity: isBank,
      requestId,
      // The local bank key is a bearer secret: it stops here, as a SigV4 check would in AWS.
      omitHeaders: (name) => isBank && name === 'authorization',
    });
    try {
      const handler = await loadHandler(route);
      // The handler runs as its route's function: its DynamoDB calls get the role's statements.
      const result: unknown = await asRoute(route, () =>
        handler(event, buildLambdaContext(route, region, undefined, options.timeoutScale)),
      );
      if (!isProxyResult(result)) throw new Error(`${route.handler} returned no { statusCode } object`);
      writeProxyResult(response, result);
    } catch (error) {
      // As API Gateway does, the caller gets a generic 502; the details stay in this terminal.
      logError(`[local-api] ${route.id} (${route.handler}) failed`, error);
      if (!response.headersSent) sendProblem(response, request, 'BAD_GATEWAY');
      else response.destroy();
    }
    return route.id;
  };

  const server = createServer((request, response) => {
    const started = performance.now();
    const requestId = randomUUID();
    serve(request, response, requestId)
      .then((target) => {
        const ms = Math.round(performance.now() - started);
        log(`${request.method} ${request.url} → ${response.statusCode} (${target}, ${ms} ms)`);
      })
      .catch((error: unknown) => {
        logError('[local-api] request failed', error);
        if (!response.headersSent) sendProblem(response, request, 'BAD_GATEWAY');
        else response.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return listening(server, host, options.port ?? 0);
}

/** A CORS preflight, answered by the gateway (not a handler) and only for the configured origins. */
function answerPreflight(
  request: IncomingMessage,
  response: ServerResponse,
  allow: string,
  origins: Set<string>,
) {
  const origin = request.headers.origin;
  const headers: Record<string, string> = { Allow: allow, Vary: 'Origin' };
  if (origin && origins.has(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Methods'] = allow;
    headers['Access-Control-Allow-Headers'] =
      request.headers['access-control-request-headers'] ?? 'Content-Type';
    headers['Access-Control-Max-Age'] = '600';
  }
  response.writeHead(204, headers);
  response.end();
}
