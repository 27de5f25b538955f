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

/** How often a confirmed transaction that met a concurrent one on the same item is tried. */
const CONFLICT_ATTEMPTS = 4;

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
 * A confirmed request's BOP Token code, not yet checked: the confirmation step
 * (`shared/services/otp.ts`) hands it over, and the request's {@link Transaction} checks it only
 * when the use case commits — after every validation and business precondition — so a request
 * that fails anyway answers its own problem, asks for no code and spends none.
 */
export interface LazyConfirmation {
  /** Whether the request sent a code at all (`X-OTP`). */
  readonly codeSent: boolean;
  /**
   * Demands and checks the code now: throws OTP_REQUIRED without one, a 400 on a malformed one,
   * OTP_INVALID / TOKEN_LOCKED (counted and audited) on a refused one. Writes nothing on success.
   */
  verify(): Promise<PendingConfirmation>;
}

/**
 * The writes of one request, made visible: the middleware gives each use case its request's
 * transaction (`request.transaction`), the use case hands it to the stores it writes through,
 * and the stores send their items with {@link Transaction.write}. On a confirmed route the
 * first write carries the confirmation (the accepted code) in the same TransactWriteItems, so
 * the code is spent only with its change; on other routes it is a plain transaction.
 */
export interface Transaction {
  /**
   * Sends the change's items in one TransactWriteItems, with the request's confirmation if not
   * yet written (as its last items, so the store's own items keep their indexes in the
   * cancellation reasons). Without a code, the items' conditions are checked first (a
   * transaction of ConditionChecks, which writes nothing): a change that would be refused
   * throws the store's own refusal, one that would succeed throws OTP_REQUIRED. A refused
   * confirmation throws its refusal rather than the store's error. Two requests confirmed with
   * one code: exactly one is served.
   */
  write(doc: DynamoDBDocumentClient, items: TransactItems): Promise<void>;
  /**
   * The confirmation, checked now, for a store that sends it itself in each attempt of a
   * transaction it retries after re-reading (the approval of an operation): whoever takes it
   * writes it or fails the request. `undefined` when already taken or not needed.
   */
  takeConfirmation(): Promise<PendingConfirmation | undefined>;
  /**
   * After a use case that succeeded: a confirmation that no change carried is checked and
   * written alone, so a replayed code is refused whatever the use case did (and a request that
   * would succeed without writing still asks for its code).
   */
  settle(): Promise<void>;
  /** Whether the request sent its code (`X-OTP`); a plain transaction's never asks for one. */
  readonly codeSent: boolean;
}

/** The transaction of a request that confirms nothing: each write is a plain TransactWriteItems. */
export const plainTransaction: Transaction = {
  write: async (doc, items) => {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
  },
  takeConfirmation: async () => undefined,
  settle: async () => {},
  codeSent: false,
};

/** The transaction of a confirmed request; see {@link Transaction}. */
export function confirmedTransaction(lazy: LazyConfirmation): Transaction {
  let taken = false;
  const take = async (): Promise<PendingConfirmation | undefined> => {
    if (taken) return undefined;
    taken = true;
    return lazy.verify();
  };
  return {
    async write(doc, given) {
      let items = given;
      if (taken) return plainTransaction.write(doc, items);
      // Without a code, a change that would be refused says so before the code is asked for.
      if (!lazy.codeSent) await checkConditions(doc, items);
      let pending = await take();
      // Dual control's check of the target's version joins the write of that item (condition-merge.ts).
      if (pending) ({ items, pending } = foldConfirmationChecks(items, pending));
      if (pending && overlap(pending.items, items)) {
        // DynamoDB refuses two operations on one item in a transaction: confirm first, on its own.
        await pending.writeAlone();
        pending = undefined;
      }
      if (!pending) return plainTransaction.write(doc, items);
      try {
        await transactRetryingConflicts(doc, [...items, ...pending.items]);
      } catch (error) {
        if (cancellationReasons(error).slice(items.length).includes('ConditionalCheckFailed'))
          await pending.refused();
        throw error;
      }
    },
    takeConfirmation: take,
    codeSent: lazy.codeSent,
    async settle() {
      await (await take())?.writeAlone();
    },
  };
}

/** A condition that always holds, keeping an unconditional item's place (and index) in a check. */
const ALWAYS = 'attribute_exists(pk) OR attribute_not_exists(pk)';

/** Only the entries of an expression map that the expression uses (DynamoDB refuses unused ones). */
function usedBy<T>(expression: string, map: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!map) return undefined;
  const tokens = new Set(expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const used = Object.entries(map).filter(([name]) => tokens.has(name));
  return used.length > 0 ? Object.fromEntries(used) : undefined;
}

/** The ConditionCheck that asks what a transaction item's condition asks, writing nothing. */
function conditionOf(item: TransactItems[number]): TransactItems[number] {
  if (item.ConditionCheck) return item;
  const operation = item.Put ?? item.Update ?? item.Delete;
  const Key = item.Put ? { pk: item.Put.Item?.pk, sk: item.Put.Item?.sk } : (item.Update ?? item.Delete)?.Key;
  const condition = operation?.ConditionExpression ?? ALWAYS;
  const names = usedBy(condition, operation?.ExpressionAttributeNames);
  const values = usedBy(condition, operation?.ExpressionAttributeValues);
  return {
    ConditionCheck: {
      TableName: operation?.TableName,
      Key,
      ConditionExpression: condition,
      ...(names ? { ExpressionAttributeNames: names } : {}),
      ...(values ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

/**
 * Checks a change's conditions without writing it: throws as the change itself would (the same
 * cancellation reasons at the same indexes, which the stores map to their own refusals).
 */
async function checkConditions(doc: DynamoDBDocumentClient, items: TransactItems): Promise<void> {
  const conditional = items.some(
    (item) => (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck)?.ConditionExpression,
  );
  if (!conditional) return;
  await doc.send(new TransactWriteCommand({ TransactItems: items.map(conditionOf) }));
}

/**
 * One TransactWriteItems of a store, in the transaction its caller named: the request's (which
 * carries a confirmed request's code), or {@link plainTransaction} for a write of its own.
 */
export function transactWrite(
  doc: DynamoDBDocumentClient,
  items: TransactItems,
  transaction: Transaction,
): Promise<void> {
  return transaction.write(doc, items);
}
