import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../infra/openapi/document.ts';
import { responseBodies } from '../../shared/routes/responses.ts';
import { type RouteDefinition, type RouteId, routes } from '../../shared/routes.ts';

describe('OpenAPI: derived from the route table', () => {
  it('has one operation per route, with its method, path, access and OTP flag', () => {
    const document = buildOpenApiDocument();
    for (const route of routes) {
      const operation = (document.paths[route.path] as Record<string, Record<string, unknown>>)[
        route.method.toLowerCase()
      ];
      expect(operation, route.id).toMatchObject({
        operationId: route.id,
        'x-access': route.access,
        'x-otp': route.otp,
      });
    }
    const count = Object.values(document.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(count).toBe(routes.length);
  });

  it('describes the JSON body of every route that answers one, and of no other', () => {
    for (const route of routes as readonly RouteDefinition[]) {
      const answersJson = route.response.status !== 204 && !route.response.contentType;
      expect(responseBodies[route.id as RouteId] !== undefined, route.id).toBe(answersJson);
    }
  });

  it('is written to docs/openapi.json as the route table says (run `npm run openapi` after changing a route)', () => {
    const written = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
