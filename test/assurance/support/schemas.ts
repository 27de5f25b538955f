import type * as z from 'zod/mini';
import type { RouteDefinition } from '../../../shared/routes.ts';

type Def = {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  in?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
};

const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schema inside wrappers (default, optional, pipe …), if there is one. */
function objectDef(schema: z.ZodMiniType | undefined): Def | undefined {
  let def = schema ? defOf(schema) : undefined;
  for (let depth = 0; def && depth < 8; depth++) {
    if (def.type === 'object') return def;
    const inner = def.in ?? def.innerType;
    def = inner ? defOf(inner) : undefined;
  }
  return undefined;
}

/** The top-level field names of a request part's schema (none for a non-object schema). */
export function fieldsOf(schema: (() => z.ZodMiniType) | undefined): string[] {
  return Object.keys(objectDef(schema?.())?.shape ?? {});
}

/** A field's own schema. */
export function fieldSchema(
  schema: (() => z.ZodMiniType) | undefined,
  field: string,
): z.ZodMiniType | undefined {
  return objectDef(schema?.())?.shape?.[field];
}

export type RequestPart = 'body' | 'path' | 'query';

/** Every `part.field` of a route's request, e.g. `path.userCode`, `query.cursor`, `body.accounts`. */
export function requestFields(route: RouteDefinition): string[] {
  return (['path', 'query', 'body'] as const).flatMap((part) =>
    fieldsOf(route.request[part]).map((field) => `${part}.${field}`),
  );
}
