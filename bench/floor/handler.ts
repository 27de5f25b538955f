import { getItem } from './get-item.ts';

/**
 * The floor of the bundle-size and cold-start budgets: the least a function of this module can
 * do (a document client and one GetItem). Like the real handlers, it builds its client on first
 * invocation, so that importing it costs only loading the code.
 */
export const handler = async (event: { pk?: string }) => getItem(event.pk ?? 'FLOOR', 'FLOOR');
