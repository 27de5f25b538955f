import { describe, expect, it } from 'vitest';
import { ActionCancelled } from '../../web/src/api.ts';
import { type RowActionStatus, runRowAction } from '../../web/src/ui/action.ts';

/** The "selected row, or the select-first hint, then the action" skeleton of the token and operation lists. */
describe('Portal: an action on the selected row', () => {
  const setUp = (selected: { id: string } | undefined) => {
    const status: RowActionStatus = {
      busy: false,
      problem: { code: 'OLD' } as RowActionStatus['problem'],
      message: 'old message',
      hint: 'old hint',
    };
    const loads: (number | undefined)[] = [];
    const list = {
      selected,
      result: { page: 3 },
      load: async (page?: number) => void loads.push(page),
    };
    let renders = 0;
    const app = { t: (key: string) => `t:${key}`, render: () => void renders++ };
    return { status, list, loads, app, renders: () => renders };
  };

  it('asks for a row when none is selected, and does nothing else', async () => {
    // Prepare
    const world = setUp(undefined);
    let ran = false;

    // Act
    await runRowAction(world.status, world.app, world.list, async () => {
      ran = true;
      return 'done';
    });

    // Assess
    expect(ran).toBe(false);
    expect(world.status).toMatchObject({
      hint: 't:list.selectFirst',
      message: undefined,
      problem: undefined,
    });
    expect(world.loads).toEqual([]);
    expect(world.renders()).toBe(1);
  });

  it('runs the action on the selected row, shows its message and reloads the same page', async () => {
    // Prepare
    const world = setUp({ id: 'row-1' });
    const acted: string[] = [];

    // Act
    await runRowAction(world.status, world.app, world.list, async (row) => {
      acted.push(row.id);
      return 'Operación X: Aprobada.';
    });

    // Assess
    expect(acted).toEqual(['row-1']);
    expect(world.status).toMatchObject({
      busy: false,
      hint: undefined,
      problem: undefined,
      message: 'Operación X: Aprobada.',
    });
    expect(world.loads).toEqual([3]);
  });

  it('ends quietly when the OTP dialog is cancelled: no message, no reload', async () => {
    // Prepare
    const world = setUp({ id: 'row-1' });

    // Act
    await runRowAction(world.status, world.app, world.list, async () => {
      throw new ActionCancelled();
    });

    // Assess
    expect(world.status).toMatchObject({ busy: false, message: undefined, problem: undefined });
    expect(world.loads).toEqual([]);
  });
});
