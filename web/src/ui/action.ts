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
