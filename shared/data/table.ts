/**
 * The single table's shape. CDK (`infra/constructs/table.ts`) and the local stack
 * (`infra/local/`) both build the table from this one definition, so the two never drift.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB's TTL deletes sessions, challenges and idempotency records after it. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    /** Audit entries by the user they concern, newest first. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;

export type TableDefinition = typeof tableDefinition;
