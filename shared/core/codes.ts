/** Company and user codes: 3–10 letters or digits (compared case-insensitively, stored upper-case). */
export const CODE_FORMAT = /^[A-Za-z0-9]{3,10}$/;

/**
 * The `{userCode}` path parameter of a request, normalized as the route's schema will (trimmed,
 * upper-case), if well-formed; read before the schema runs (authentication, refusal audits).
 */
export function pathUserCode(pathParameters: Record<string, string | undefined> | null | undefined) {
  const raw = pathParameters?.userCode?.trim();
  return raw && CODE_FORMAT.test(raw) ? raw.toUpperCase() : undefined;
}
