import * as z from 'zod/mini';
import { CODE_FORMAT } from '../core/codes.ts';
import { RESERVED_USER_CODES } from '../domain/model.ts';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '../domain/page-sizes.ts';

/**
 * A schema built on its first use and kept. Every contract schema is declared this way, so that
 * importing a contract module builds nothing: a function builds only the schemas of its own
 * route, when it first validates a request, instead of every schema of its route area at each
 * cold start (docs/adr/0004-lazy-schemas.md).
 * Each declaration carries the bundler's `@__PURE__` annotation, so that a bundle drops the
 * schemas its function never references, and the zod code only they need.
 */
export function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** The type a lazily built schema parses to. */
export type Infer<S extends () => z.ZodMiniType> = z.infer<ReturnType<S>>;

/** Company and user codes: 3–10 letters or digits, compared case-insensitively, stored upper-case. */
export const code = () => z.string().check(z.trim(), z.regex(CODE_FORMAT, 'code_format'), z.toUpperCase());

/** A new user's code: a code that means something to the system (the bank's) is reserved. */
export const newUserCode = () =>
  code().check(z.refine((value) => !RESERVED_USER_CODES.includes(value), 'reserved_code'));

/** A person's name: letters (any alphabet), spaces, apostrophes, hyphens and dots; no digits or controls. */
export const personName = () =>
  z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(50), z.regex(/^\p{L}[\p{L}\p{M} .'-]*$/u, 'name_format'));

export const email = () => z.email().check(z.maxLength(254), z.trim(), z.toLowerCase());

export const language = () => z.enum(['es', 'en']);

export const isoDateTime = () => z.iso.datetime();

/**
 * A credential's lock, as the administrator sees it: TEMPORARY until `until`, or PERMANENT
 * (until a new password, or for a token until it is re-activated or reset by the bank).
 */
export const credentialLock = /* @__PURE__ */ lazy(() =>
  z.object({
    kind: z.enum(['TEMPORARY', 'PERMANENT']),
    since: z.optional(isoDateTime()),
    until: z.optional(isoDateTime()),
  }),
);

/** "Mostrar 10 registros": one of the page sizes, the default when not given (a query string). */
export const pageSize = () =>
  z._default(
    z.pipe(
      z.string().check(z.regex(new RegExp(`^(${PAGE_SIZES.join('|')})$`), 'page_size_choice')),
      z.transform((s) => Number(s)),
    ),
    DEFAULT_PAGE_SIZE,
  );

/** Where a page of a list stands: its size and number, the pages and rows, and "1-10 de 37". */
export const pageNumbers = () => ({
  size: z.number(),
  number: z.number(),
  pages: z.number(),
  total: z.number(),
  from: z.number(),
  to: z.number(),
});

/** "Filtrar": the text a list is filtered by. */
export const listFilter = () =>
  z.optional(z.string().check(z.maxLength(60), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')));

/** A field error inside a problem response. */
export const fieldError = /* @__PURE__ */ lazy(() =>
  z.object({
    field: z.string(),
    code: z.string(),
    message: z.string(),
  }),
);

/** RFC 9457 problem details, as every error response of this API carries them. */
export const problem = /* @__PURE__ */ lazy(() =>
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(fieldError())),
  }),
);

/**
 * The fields of a body that pass their own schema, when the body as a whole does not: what the
 * business rules can still judge, so that one answer lists every problem.
 */
export function validFields<S extends z.ZodMiniObject>(schema: () => S, input: unknown): Partial<z.infer<S>> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {};
  const valid: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema().shape as Record<string, z.ZodMiniType>)) {
    const value = (input as Record<string, unknown>)[name];
    const parsed = field.safeParse(value);
    if (parsed.success && parsed.data !== undefined) valid[name] = parsed.data;
  }
  return valid as Partial<z.infer<S>>;
}
