import * as z from 'zod/mini';
import { pendingChangeResponse } from '../../shared/contracts/administrators.ts';
import { problem } from '../../shared/contracts/common.ts';
import { errorStatus } from '../../shared/core/errors.ts';
import { fillTemplate } from '../../shared/core/template.ts';
import { tenant, tenantPlaceholders } from '../../shared/core/tenant.ts';
import { responseBodies } from '../../shared/routes/responses.ts';
import { type RouteDefinition, type RouteId, routes } from '../../shared/routes.ts';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a contract schema (built here on first use, like every contract schema). */
const toSchema = (schema: () => z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema(), {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

const securityOf = (route: RouteDefinition) => {
  switch (route.access) {
    case 'public':
      return [];
    case 'bank':
      return [{ bankIam: [] }];
    case 'challenge':
      return [{ challenge: [] }];
    default:
      return [{ session: [] }];
  }
};

function parameters(route: RouteDefinition) {
  const out: Record<string, unknown>[] = [];
  for (const where of ['path', 'query'] as const) {
    const schema = route.request[where];
    if (!schema) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  if (route.otp) {
    out.push({
      name: 'X-OTP',
      in: 'header',
      required: false,
      description: `Current code of the caller’s ${tenant().token.name}, when the company requires OTP confirmation; without it, a request that would succeed is answered 428 OTP_REQUIRED and one that would fail its own problem / Código OTP del ${tenant().token.name}, pedido (428) solo cuando la solicitud sería aceptada.`,
      schema: { type: 'string', pattern: '^[0-9]{6}$' },
    });
  }
  if (route.dualControl) {
    out.push({
      name: 'X-Pending-Change',
      in: 'header',
      required: false,
      description:
        'Dual control (docs/administrators.md): the id of a pending change of this route to approve; the request then carries no body and runs the proposal’s input / aprobación de un cambio pendiente.',
      schema: { type: 'string', pattern: '^[0-9A-Z]{26}$' },
    });
  }
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A new random key (e.g. a UUID) per operation: repeating the request with the same key, for 24 h, answers the first execution’s result instead of acting again; the same key with another request is refused (422).',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
    });
  }
  out.push({
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'es (default) or en: the language of titles, details and field messages.',
    schema: { type: 'string' },
  });
  return out;
}

/** Statuses a route can answer, derived from its access level and inputs. */
function errorStatuses(route: RouteDefinition): number[] {
  const statuses = new Set<number>([500, 503]);
  if (route.request.body || route.request.path || route.request.query) statuses.add(400);
  if (route.request.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.method !== 'GET') statuses.add(409);
  if (route.request.path) statuses.add(404);
  if (route.idempotent) statuses.add(422);
  return [...statuses].sort();
}

/**
 * The OpenAPI 3.1 document of the whole API, derived from the route table and its zod
 * schemas: nothing about a route is written twice.
 */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}) {
  const bank = tenantPlaceholders();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes as readonly RouteDefinition[]) {
    const body = responseBodies[route.id as RouteId];
    const operation: Record<string, unknown> = {
      operationId: route.id,
      summary: fillTemplate(route.summary.en, bank),
      description: `${fillTemplate(route.summary.es, bank)}\n\nAccess: \`${route.access}\`${route.otp ? ' · OTP-confirmed' : ''}.`,
      tags: [route.tag],
      security: securityOf(route),
      parameters: parameters(route),
      'x-access': route.access,
      'x-otp': route.otp,
      ...(route.dualControl ? { 'x-dual-control': true } : {}),
      responses: {
        [route.response.status]: {
          description: 'Success',
          ...(body
            ? {
                content: {
                  [route.response.contentType ?? 'application/json']: {
                    schema: toSchema(body, 'output'),
                  },
                },
              }
            : route.response.contentType
              ? {
                  content: { [route.response.contentType]: { schema: { type: 'string', format: 'binary' } } },
                }
              : {}),
        },
        ...(route.dualControl
          ? {
              202: {
                description:
                  'Dual control on: stored as a pending change for another administrator to approve',
                content: { 'application/json': { schema: toSchema(pendingChangeResponse, 'output') } },
              },
            }
          : {}),
        ...Object.fromEntries(
          errorStatuses(route).map((status) => [status, { $ref: `#/components/responses/Problem${status}` }]),
        ),
      },
    };
    if (route.request.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.request.body, 'input') } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  const statuses = new Set((routes as readonly RouteDefinition[]).flatMap(errorStatuses));
  const codesByStatus = (status: number) =>
    Object.entries(errorStatus)
      .filter(([, code]) => code === status)
      .map(([code]) => code);
  return {
    openapi: '3.1.0',
    info: {
      // The bank's name (its tenant): the document of each bank's API names that bank.
      title: `${tenant().name} — Banca en Línea Corporativa — Módulo de Administración API`,
      version: '0.1.0',
      description:
        'Corporate online banking administration module. Errors are RFC 9457 problem+json with a stable `code`; titles and details in Spanish (default) or English (Accept-Language).',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: [...new Set((routes as readonly RouteDefinition[]).map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bankIam: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS SigV4 (IAM authorization) for the bank back office; locally `Bearer <.local/bank-key>`.',
        },
        session: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Session token from login.',
        },
        challenge: { type: 'http', scheme: 'bearer', description: 'Short-lived challenge token from login.' },
      },
      schemas: { Problem: toSchema(problem, 'output') },
      responses: Object.fromEntries(
        [...statuses].map((status) => [
          `Problem${status}`,
          {
            description: `Problem (codes: ${codesByStatus(status).join(', ') || 'see catalog'})`,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}
