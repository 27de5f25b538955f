/**
 * The states of a maker-checker item (an operation, docs/entitlements.md; an administrative
 * change under dual control, docs/administrators.md): one pending state, four final ones.
 */
export type MakerCheckerState = 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'EXPIRED';

export interface Approval {
  userCode: string;
  at: string;
}

/** What the shared machinery reads of an item awaiting approval. */
export interface MakerChecked {
  makerCode: string;
  state: MakerCheckerState;
  approvals: Approval[];
  rejection?: Approval & { reason?: string };
  /** After this instant a pending item is EXPIRED (checked on every read and decision). */
  expiresOn: string;
  updatedAt: string;
  version: number;
}

/** The state as of `now`: a pending item past its expiry is EXPIRED, whether or not stored so yet. */
export const stateAt = (item: Pick<MakerChecked, 'state' | 'expiresOn'>, now: Date): MakerCheckerState =>
  item.state === 'PENDING_APPROVAL' && now.getTime() >= Date.parse(item.expiresOn) ? 'EXPIRED' : item.state;
