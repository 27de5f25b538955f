import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

type Item = TransactItems[number];
type Key = Record<string, unknown>;

const keyOf = (item: Item): string => {
  const key: Key | undefined =
    item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? item.Put?.Item;
  return `${key?.pk}|${key?.sk}`;
};

/** Renames a check's placeholders (`#x`, `:x`) so they cannot clash with the write's own. */
function renamed(check: NonNullable<Item['ConditionCheck']>, tag: string) {
  const rename = (text: string) => text.replace(/([#:])([A-Za-z0-9_]+)/g, `$1${tag}$2`);
  const prefix = (record: Record<string, unknown> | undefined, sigil: string) =>
    Object.fromEntries(
      Object.entries(record ?? {}).map(([name, value]) => [`${sigil}${tag}${name.slice(1)}`, value]),
    );
  return {
    condition: rename(check.ConditionExpression as string),
    names: prefix(check.ExpressionAttributeNames, '#') as Record<string, string>,
    values: prefix(check.ExpressionAttributeValues, ':'),
  };
}

/**
 * A confirmation may carry ConditionChecks (dual control: the target's version, unchanged since
 * the change was proposed) on an item the use case's own transaction writes — which DynamoDB
 * refuses in one transaction. Each such check is folded into that write's condition (AND), so
 * the write happens only if both hold, and leaves the confirmation; everything else is as given.
 */
export function foldConfirmationChecks<P extends { readonly items: TransactItems }>(
  items: TransactItems,
  pending: P,
): { items: TransactItems; pending: P } {
  const written = new Map(items.map((item, index) => [keyOf(item), index]));
  const folded = new Set<number>();
  const merged = [...items];
  pending.items.forEach((item, index) => {
    const at = written.get(keyOf(item));
    const target = at === undefined ? undefined : merged[at];
    const write = target?.Update ?? target?.Put ?? target?.Delete;
    if (!item.ConditionCheck || !write || at === undefined) return;
    const check = renamed(item.ConditionCheck, `dc${index}`);
    const next = {
      ...write,
      ConditionExpression: write.ConditionExpression
        ? `(${write.ConditionExpression}) AND (${check.condition})`
        : check.condition,
      ExpressionAttributeNames: { ...write.ExpressionAttributeNames, ...check.names },
      ExpressionAttributeValues: { ...write.ExpressionAttributeValues, ...check.values },
    };
    merged[at] = target?.Update
      ? { Update: next as never }
      : target?.Put
        ? { Put: next as never }
        : { Delete: next as never };
    folded.add(index);
  });
  if (folded.size === 0) return { items, pending };
  return {
    items: merged,
    pending: { ...pending, items: pending.items.filter((_, index) => !folded.has(index)) },
  };
}
