import type { AsyncLocalStorage } from 'node:async_hooks';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { foldConfirmationChecks } from './condition-merge.ts';
import { cancellationReasons } from './errors.ts';

export type TransactItems = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>;
type Key = Record<string, unknown>;

/**
 * The write that confirms a request with a BOP Token code: the accepted time step and the
 * cleared failure counter on the actor's item (conditioned on the step being new and the
 * credential not locked) and its audit entry. It rides in the request's own transaction, so
 * an OTP-confirmed change costs one write round trip, and the code is spent only if the
 * change is made.
 */
export interface PendingConfirmation {
  /** Its items; a transaction that writes one of their items too cannot carry them. */
  readonly items: TransactItems;
  /** Writes the confirmation on its own; refuses (throws) like {@link refused} when its condition fails. */
  writeAlone(): Promise<void>;
  /** Its condition failed: counts and audits the refusal and throws the error to answer. */
  refused(): Promise<never>;
}

interface Slot {
  pending: PendingConfirmation;
  taken: boolean;
}

/**
 * The confirmation of the request in flight (request-scoped, so concurrent requests in one
 * process never mix). Created by the first confirmed request: functions that confirm nothing
 * never load `node:async_hooks`.
 */
let current: AsyncLocalStorage<Slot> | undefined;

/** How often a confirmed transaction that met a concurrent one on the same item is tried. */
const CONFLICT_ATTEMPTS = 4;

/**
 * Runs a use case with a pending confirmation: its first transaction carries the confirmation
 * ({@link transactWrite}); any other write first writes the confirmation alone
 * ({@link confirmBeforeWrite}). A use case that succeeds without writing has its confirmation
 * written after it, so a replayed code is refused whatever the use case did. A use case that
 * fails spends no code.
 */
export async function runConfirmed<T>(pending: PendingConfirmation, useCase: () => Promise<T>): Promise<T> {
  const slot: Slot = { pending, taken: false };
  current ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)<Slot>();
  const result = await current.run(slot, useCase);
  if (!slot.taken) {
    slot.taken = true;
    await pending.writeAlone();
  }
  return result;
}

/** The request's pending confirmation, once: whoever takes it writes it. */
function take(): PendingConfirmation | undefined {
  const slot = current?.getStore();
  if (!slot || slot.taken) return undefined;
  slot.taken = true;
  return slot.pending;
}

/**
 * Takes the request's pending confirmation for a store that sends it itself in each attempt of
 * a transaction it retries after re-reading (the approval of an operation): whoever takes it
 * writes it, or fails the request.
 */
export const takeConfirmation = (): PendingConfirmation | undefined => take();

/**
 * Called before a write that cannot carry the confirmation (a single PutItem, UpdateItem,
 * DeleteItem): the confirmation is written first, so no change is ever made on a refused code.
 */
export async function confirmBeforeWrite(): Promise<void> {
  await take()?.writeAlone();
}

/** The `pk|sk` of the item a transaction item writes or checks. */
const keyOf = (item: TransactItems[number]): string => {
  const key: Key | undefined =
    item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? item.Put?.Item;
  return `${key?.pk}|${key?.sk}`;
};

/** Whether two lists of transaction items name one item (DynamoDB refuses that in one transaction). */
function overlap(a: TransactItems, b: TransactItems): boolean {
  const keys = new Set(a.map(keyOf));
  return b.some((item) => keys.has(keyOf(item)));
}

/**
 * Sends one TransactWriteItems; when it meets a concurrent transaction on the same item
 * (cancelled with TransactionConflict, nothing evaluated), tries it again after a short random
 * wait, up to {@link CONFLICT_ATTEMPTS} times. Any other refusal is thrown as it came.
 */
export async function transactRetryingConflicts(doc: DynamoDBDocumentClient, items: TransactItems) {
  const command = new TransactWriteCommand({ TransactItems: items });
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(command);
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflict = reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
}

/**
 * One TransactWriteItems of a store, carrying the request's pending confirmation, if any, as
 * its last items (so the store's own items keep their indexes in the cancellation reasons).
 * When the confirmation's condition fails, its refusal is thrown rather than the store's
 * error; when the transaction meets a concurrent one on the same item, it is tried again, so
 * that of two requests confirmed with one code exactly one is served and the other refused.
 */
export async function transactWrite(doc: DynamoDBDocumentClient, given: TransactItems): Promise<void> {
  let pending = take();
  let items = given;
  // Dual control's check of the target's version joins the write of that item (shared/data/condition-merge.ts).
  if (pending) ({ items, pending } = foldConfirmationChecks(items, pending));
  if (pending && overlap(pending.items, items)) {
    // DynamoDB refuses two operations on one item in a transaction: confirm first, on its own.
    await pending.writeAlone();
    pending = undefined;
  }
  if (!pending) {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return;
  }
  try {
    await transactRetryingConflicts(doc, [...items, ...pending.items]);
  } catch (error) {
    if (cancellationReasons(error).slice(items.length).includes('ConditionalCheckFailed'))
      await pending.refused();
    throw error;
  }
}
