import type { HttpMethod, RouteDefinition } from '../../shared/routes.ts';

export type RouteMatch =
  | { kind: 'route'; route: RouteDefinition; pathParameters: Record<string, string> | null }
  | { kind: 'method-not-allowed'; allow: HttpMethod[] }
  | { kind: 'not-found' };

type Segment = { literal: string } | { param: string; greedy: boolean };

interface Resource {
  readonly segments: Segment[];
  readonly routes: RouteDefinition[];
}

function parseTemplate(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(part);
      return param?.[1] ? { param: param[1], greedy: param[2] === '+' } : { literal: part };
    });
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Path parameters when `parts` fit `segments`, as API Gateway gives them (decoded). */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if ('literal' in segment) {
      if (index >= parts.length || safeDecode(parts[index] ?? '') !== segment.literal) return undefined;
      continue;
    }
    const value = segment.greedy ? parts.slice(index).join('/') : parts[index];
    const decoded = value ? safeDecode(value) : undefined;
    if (!decoded) return undefined;
    parameters[segment.param] = decoded;
    if (segment.greedy) return parameters;
  }
  return parts.length === segments.length ? parameters : undefined;
}

/** Literal segments outrank `{param}`, which outranks `{param+}`, as in API Gateway. */
function specificity(segments: Segment[]): number[] {
  return segments.map((s) => ('literal' in s ? 2 : s.greedy ? 0 : 1));
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * A matcher over `routes`: finds the most specific resource whose path template fits the
 * request path, then the route for the method on it.
 */
export function createRouter(
  routes: readonly RouteDefinition[],
): (method: string, path: string) => RouteMatch {
  const resources = new Map<string, Resource>();
  for (const route of routes) {
    const resource = resources.get(route.path) ?? { segments: parseTemplate(route.path), routes: [] };
    resource.routes.push(route);
    resources.set(route.path, resource);
  }

  return (method, path) => {
    const parts = path.split('/').slice(1);
    let best: { resource: Resource; parameters: Record<string, string> } | undefined;
    for (const resource of resources.values()) {
      const parameters = matchSegments(resource.segments, parts);
      if (!parameters) continue;
      if (
        !best ||
        compareSpecificity(specificity(resource.segments), specificity(best.resource.segments)) > 0
      ) {
        best = { resource, parameters };
      }
    }
    if (!best) return { kind: 'not-found' };
    const route = best.resource.routes.find((r) => r.method === method.toUpperCase());
    if (!route) return { kind: 'method-not-allowed', allow: best.resource.routes.map((r) => r.method) };
    const pathParameters = Object.keys(best.parameters).length > 0 ? best.parameters : null;
    return { kind: 'route', route, pathParameters };
  };
}

/** `template` with each `{param}` replaced by its encoded value, e.g. for a client calling a route. */
export function fillPath(template: string, parameters: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}
