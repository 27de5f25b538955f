/** "Mostrar 10 registros": the rows a page of any list may hold, and the size when none is asked. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = PAGE_SIZES[0];
