import type { AuditEntry } from '../core/audit.ts';
import { AppError, type ErrorCode } from '../core/errors.ts';
import type { PendingConfirmation, TransactItems, Transaction } from '../data/transact.ts';
import { type MakerChecked, stateAt } from '../domain/maker-checker.ts';

/**
 * The maker-checker machinery shared by the operations end users approve (docs/entitlements.md)
 * and the administrative changes administrators approve under dual control
 * (docs/administrators.md): an item with one pending state and four final ones, moved on by
 * conditional writes of its version, with its audit entry in the same transaction.
 */
export interface PendingItemPort<T extends MakerChecked> {
  get(): Promise<T | undefined>;
  /**
   * Writes `next` only if the item is still at `expected.version` and pending, with the audit
   * entry and the extra items (a confirmation): 'conflict' when another write got there first.
   */
  write(
    expected: T,
    next: T,
    audit: AuditEntry,
    extra?: TransactItems,
  ): Promise<'done' | 'conflict' | { extraFailed: true }>;
  /** The item stored EXPIRED and its audit entry (when a decision meets it past its expiry). */
  expire(item: T, now: Date): { item: T; audit: AuditEntry };
  /** After a final transition is written (publish its event); failures are the port's to log. */
  settled?(item: T): Promise<void>;
  /** The codes to answer: unknown item, final item, expired item. */
  errors: { notFound: AppError; notPending: ErrorCode; expired: ErrorCode };
}

/** Attempts of a decision that met a concurrent one on the same item (re-read, decide again). */
const TRANSITION_ATTEMPTS = 25;

const jitter = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));

/**
 * Moves a pending item on: reads it, lets `next` decide from what it read (or throw), and writes
 * the new version only if nobody else wrote it meanwhile — otherwise reads it again and decides
 * again. So concurrent decisions count exactly once each, and the item reaches a final state
 * exactly once. A pending item past its expiry is stored EXPIRED (audited) and the request refused.
 * The request's BOP Token code is asked for and checked once the decision is known to be allowed
 * (`transaction.takeConfirmation()`), then rides in each attempt's transaction: spent only with the change.
 */
export async function transitionPending<T extends MakerChecked>(
  port: PendingItemPort<T>,
  now: () => Date,
  transaction: Transaction,
  next: (item: T, now: Date) => Promise<{ item: T; audit: AuditEntry }>,
): Promise<{ item: T; at: Date }> {
  let confirmation: PendingConfirmation | undefined;
  let confirmed = false;
  for (let attempt = 1; ; attempt++) {
    const item = await port.get();
    if (!item) throw port.errors.notFound;
    const at = now();
    const state = stateAt(item, at);
    if (state === 'EXPIRED' && item.state === 'PENDING_APPROVAL') {
      const expired = port.expire(item, at);
      if ((await port.write(item, expired.item, expired.audit)) === 'done') {
        await port.settled?.(expired.item);
        throw new AppError(port.errors.expired);
      }
      continue;
    }
    if (state !== 'PENDING_APPROVAL') throw new AppError(port.errors.notPending, { state });
    const change = await next(item, at);
    if (!confirmed) {
      confirmed = true;
      confirmation = await transaction.takeConfirmation();
    }
    const result = await port.write(item, change.item, change.audit, confirmation?.items);
    if (result === 'done') {
      if (change.item.state !== 'PENDING_APPROVAL') await port.settled?.(change.item);
      return { item: change.item, at };
    }
    if (result !== 'conflict') return (confirmation as NonNullable<typeof confirmation>).refused();
    if (attempt >= TRANSITION_ATTEMPTS) throw new AppError('VERSION_CONFLICT');
    await jitter(attempt);
  }
}
