import { tableDefinition } from './table.ts';

/**
 * Key builders: the only place that knows how keys are spelled.
 * Codes arrive already normalized (upper-case) by the domain layer.
 *
 * | entity     | pk                        | sk                      | gsi1pk                          | gsi1sk             |
 * |------------|---------------------------|-------------------------|---------------------------------|--------------------|
 * | Company    | COMPANY#<company>         | PROFILE                 | COMPANIES (2)                   | <company>          |
 * | User       | COMPANY#<company>         | USER#<user>             |                                 |                    |
 * | Audit      | AUDIT#<company>           | <iso time>#<id>         | AUDIT#<company>#USER#<target>   | <iso time>#<id>    |
 * | Audit      | AUDIT#_BANK (bank-wide)   | <iso time>#<id>         |                                 |                    |
 * | Session    | COMPANY#<company>         | SESSION#<user>          |                                 |                    |
 * | Challenge  | COMPANY#<company>         | CHALLENGE#<user>        |                                 |                    |
 * | Idempotency| IDEMPOTENCY#<caller>#<key>| IDEMPOTENCY             |                                 |                    |
 * | Operation  | OPERATION#<company>#<id>  | OPERATION               | OPERATIONS#<company>#PENDING (1)| <created>#<id>     |
 * | Maker index| OPERATIONS#<company>#MAKER#<maker> | <created>#<id> |                                 |                    |
 * | Op. event  | EVENTS#<company>          | <iso time>#<id>         |                                 |                    |
 *
 * (1) Only while the operation is pending: the final transition removes gsi1pk/gsi1sk, so the
 * pending list (Query gsi1) reads pending operations only. See docs/entitlements.md.
 * (2) The bank's company registry: written at onboarding and by every bank change of
 * the company, so the bank pages through companies with a Query (docs/lifecycle.md).
 */
export const companyKeys = {
  profile: (company: string) => ({ pk: `COMPANY#${company}`, sk: 'PROFILE' }),
  partition: (company: string) => `COMPANY#${company}`,
  /** The company's place in the bank's registry (gsi1), in code order. */
  registry: (company: string) => ({ gsi1pk: 'COMPANIES', gsi1sk: company }),
};

export const userKeys = {
  profile: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `USER#${user}` }),
  /** Prefix of every user item's sort key in the company partition. */
  prefix: 'USER#',
  codeFromSortKey: (sk: string) => sk.slice('USER#'.length),
};

export const auditKeys = {
  partition: (company: string) => `AUDIT#${company}`,
  entry: (company: string, at: string, id: string, target?: string) => ({
    pk: `AUDIT#${company}`,
    sk: `${at}#${id}`,
    ...(target ? { gsi1pk: `AUDIT#${company}#USER#${target}`, gsi1sk: `${at}#${id}` } : {}),
  }),
  byUser: (company: string, user: string) => `AUDIT#${company}#USER#${user}`,
};

/**
 * The audit scope of bank-wide changes that concern no company (the WAF IP sets): written as
 * the `companyCode` of their audit entries. The underscore keeps it apart from every company
 * code (letters and digits only).
 */
export const BANK_AUDIT_SCOPE = '_BANK';

/** One session item per user: a new login replaces it, so a user has one active session at most. */
export const sessionKeys = {
  session: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `SESSION#${user}` }),
};

/** One pending login challenge per user (password change, image choice, OTP), single use. */
export const challengeKeys = {
  challenge: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `CHALLENGE#${user}` }),
};

export const idempotencyKeys = {
  record: (caller: string, key: string) => ({ pk: `IDEMPOTENCY#${caller}#${key}`, sk: 'IDEMPOTENCY' }),
};

/** Maker-checker operations (docs/entitlements.md): one item each, plus one maker-index item. */
export const operationKeys = {
  operation: (company: string, id: string) => ({ pk: `OPERATION#${company}#${id}`, sk: 'OPERATION' }),
  /** gsi1 partition of a company's pending operations (sparse: removed when final). */
  pending: (company: string) => `OPERATIONS#${company}#PENDING`,
  makerIndex: (company: string, maker: string, createdAt: string, id: string) => ({
    pk: `OPERATIONS#${company}#MAKER#${maker}`,
    sk: `${createdAt}#${id}`,
  }),
  makerPartition: (company: string, maker: string) => `OPERATIONS#${company}#MAKER#${maker}`,
};

/** The outbox of operation events: one item per final transition, written with it. */
export const operationEventKeys = {
  partition: (company: string) => `EVENTS#${company}`,
  event: (company: string, at: string, id: string) => ({ pk: `EVENTS#${company}`, sk: `${at}#${id}` }),
};

/**
 * Dual control (docs/administrators.md): one item per proposed administrative change, in the
 * company's changes partition (newest first by its time-ordered id), and in gsi1 only while
 * pending (sparse, like operations).
 */
export const pendingChangeKeys = {
  change: (company: string, id: string) => ({ pk: `CHANGES#${company}`, sk: id }),
  partition: (company: string) => `CHANGES#${company}`,
  pending: (company: string) => `CHANGES#${company}#PENDING`,
};

/** The table's own attributes (keys, index keys, entity): no domain object carries them. */
const TABLE_ATTRIBUTES = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  'entity',
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];

/** The item's expiry for the table's TTL, left out of the objects that carry their own. */
export const TTL_ATTRIBUTES = [tableDefinition.timeToLiveAttribute];

/**
 * The domain object an item stores: the item without the table's own attributes and without
 * `also` (an item's expiry for the table's TTL, say).
 */
export function itemData<T>(item: Record<string, unknown>, also?: readonly string[]): T;
export function itemData<T>(
  item: Record<string, unknown> | undefined,
  also?: readonly string[],
): T | undefined;
export function itemData<T>(item: Record<string, unknown> | undefined, also: readonly string[] = []) {
  if (!item) return undefined;
  const data = { ...item };
  for (const name of [...TABLE_ATTRIBUTES, ...also]) delete data[name];
  return data as T;
}
