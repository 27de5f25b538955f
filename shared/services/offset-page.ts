import { validationError } from '../core/errors.ts';
import { readCursor, signCursor } from '../domain/cursor.ts';

/**
 * Offset paging over a list read whole (the user list, the operation lists): the position a
 * signed cursor carries, and one page with its previous/next cursors, signed for the caller's
 * query (`scope`), so a cursor of another company or query is refused.
 */

/** The offset a page cursor carries (0 without one); a forged or foreign cursor is a 400. */
export function cursorOffset(key: Uint8Array, scope: string, cursor: string | undefined): number {
  if (!cursor) return 0;
  const position = readCursor<number>(key, scope, cursor);
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
    throw validationError([{ field: 'query.cursor', rule: 'invalid_cursor' }]);
  }
  return position;
}

/** The page at `offset` (kept inside the list) of `pageSize` rows, with its position and cursors. */
export function offsetPage<T>(
  key: Uint8Array,
  scope: string,
  rows: readonly T[],
  offset: number,
  pageSize: number,
) {
  const total = rows.length;
  const start = Math.min(offset, Math.max(0, total - 1));
  const items = rows.slice(start, start + pageSize);
  return {
    items,
    page: {
      size: pageSize,
      number: Math.floor(start / pageSize) + 1,
      pages: Math.max(1, Math.ceil(total / pageSize)),
      total,
      from: total === 0 ? 0 : start + 1,
      to: start + items.length,
      ...(start + pageSize < total ? { nextCursor: signCursor(key, scope, start + pageSize) } : {}),
      ...(start > 0 ? { previousCursor: signCursor(key, scope, Math.max(0, start - pageSize)) } : {}),
    },
  };
}
