import { html } from 'lit-html';
import { userStateLabels } from '../../../shared/domain/model.ts';
import type { AppContext } from '../context.ts';
import { formatListDate } from '../i18n.ts';
import type { ListUsersResponse, UserRow } from '../types.ts';
import { lockText, withLocks } from '../ui/lock.ts';
import { type Column, PagedList, type PageSource } from '../ui/paged-list.ts';

/**
 * A list the API pages with signed cursors (GET /users, GET /operations/…): the source
 * remembers the cursor of each page it has seen, so "Anterior", "Siguiente" and the page
 * numbers all work, walking forward from the nearest known page when needed.
 */
export function cursorSource<Row>(
  app: AppContext,
  id: 'listUsers' | 'listPendingOperations' | 'listMyOperations',
): PageSource<Row> {
  let scope = '';
  let cursors = new Map<number, string | undefined>([[1, undefined]]);
  return {
    async load(page, pageSize, filter) {
      if (scope !== `${pageSize}|${filter}`) {
        scope = `${pageSize}|${filter}`;
        cursors = new Map([[1, undefined]]);
      }
      let current = Math.max(...[...cursors.keys()].filter((p) => p <= page));
      for (;;) {
        const answer = await app.api.call<{ items: Row[]; page: ListUsersResponse['page'] }>(id, {
          query: { pageSize: String(pageSize), filter, cursor: cursors.get(current) },
        });
        const info = answer.page;
        if (info.nextCursor) cursors.set(current + 1, info.nextCursor);
        if (info.previousCursor && current > 1) cursors.set(current - 1, info.previousCursor);
        if (current >= page || !info.nextCursor) {
          return {
            items: answer.items,
            page: info.number,
            pages: info.pages,
            total: info.total,
            from: info.from,
            to: info.to,
            hasNext: Boolean(info.nextCursor),
          };
        }
        current += 1;
      }
    },
  };
}

/** The company's end users page by page (GET /users). */
export const usersSource = (app: AppContext): PageSource<UserRow> => cursorSource<UserRow>(app, 'listUsers');

/** The guide's columns: Código de usuario, Nombre, Apellido, Ingresado por, Fecha (MM/DD/AA), Estado. */
export function userColumns(app: AppContext): Column<UserRow>[] {
  return [
    { header: () => app.t('col.userCode'), cell: (row) => html`<strong>${row.userCode}</strong>` },
    { header: () => app.t('col.firstName'), cell: (row) => row.firstName },
    { header: () => app.t('col.lastName'), cell: (row) => row.lastName },
    { header: () => app.t('col.createdBy'), cell: (row) => row.createdBy },
    { header: () => app.t('col.date'), cell: (row) => formatListDate(row.createdAt), nowrap: true },
    {
      header: () => app.t('col.state'),
      // The state, and any lock with its end.
      cell: (row) =>
        withLocks(
          userStateLabels[row.state][app.lang],
          lockText(app, 'password', row.lock),
          lockText(app, 'token', row.tokenLock),
        ),
    },
  ];
}

/** A selectable list of the company's end users with the guide's tools (Imprimir, Excel, PDF). */
export function userList(app: AppContext, id: string, caption: () => string): PagedList<UserRow> {
  return new PagedList(app, {
    id,
    caption,
    columns: userColumns(app),
    rowKey: (row) => row.userCode,
    source: usersSource(app),
    selectable: true,
    exportRoute: 'exportUsers',
  });
}
