import { ActionCancelled, ApiError, type Problem } from '../api.ts';
import { focusAlert } from './fields.ts';

/** What an API action of a screen changes: its busy flag and the problem it shows. */
export interface ActionStatus {
  busy: boolean;
  problem: Problem | undefined;
}

/**
 * Runs one API action of a screen: busy while it runs; when the API refuses, the screen keeps
 * the problem and focus moves to it; a cancelled OTP dialog simply ends the action. Anything
 * else is a bug and propagates. The screen is drawn again when the action starts and ends.
 */
export async function runAction(
  status: ActionStatus,
  render: () => void,
  action: () => Promise<void>,
): Promise<void> {
  status.busy = true;
  render();
  try {
    await action();
  } catch (error) {
    if (error instanceof ActionCancelled) return;
    if (!(error instanceof ApiError)) throw error;
    status.problem = error.problem;
    focusAlert();
  } finally {
    status.busy = false;
    render();
  }
}

/** A list screen's row action: its status, the message it ends with and the "select a row" hint. */
export interface RowActionStatus extends ActionStatus {
  message: string | undefined;
  hint: string | undefined;
}

/** The part of a paged list a row action uses: the selected row and the page to reload. */
export interface RowActionList<Row> {
  readonly selected: Row | undefined;
  readonly result: { page: number } | undefined;
  load(page?: number): Promise<void>;
}

type RowActionApp = { t: (key: 'list.selectFirst') => string; render: () => void };

/**
 * The list's selected row, with the screen's last problem, message and hint cleared; with no
 * row selected, none, and the hint that asks for one is shown.
 */
export function selectedRow<Row>(
  status: RowActionStatus,
  app: RowActionApp,
  list: RowActionList<Row>,
): Row | undefined {
  const row = list.selected;
  status.problem = undefined;
  status.message = undefined;
  status.hint = undefined;
  if (!row) {
    status.hint = app.t('list.selectFirst');
    app.render();
  }
  return row;
}

/**
 * Runs an action on the list's selected row ("Activar", "Aprobar", …), or on the row a
 * confirmation dialog already took (see {@link selectedRow}): runs the action (see
 * {@link runAction}), shows the message it answers and reloads the list's page.
 */
export async function runRowAction<Row>(
  status: RowActionStatus,
  app: RowActionApp,
  list: RowActionList<Row>,
  action: (row: Row) => Promise<string>,
  row: Row | undefined = selectedRow(status, app, list),
): Promise<void> {
  if (!row) return;
  await runAction(
    status,
    () => app.render(),
    async () => {
      status.message = await action(row);
      await list.load(list.result?.page ?? 1);
    },
  );
}
