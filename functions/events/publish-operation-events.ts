import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger, type Logger } from '../../shared/core/logger.ts';
import {
  type BusEntry,
  type OutboxStreamRecord,
  type PutEventsAnswer,
  publishOutboxRecords,
} from '../../shared/services/operation-event-bus.ts';

/** What the publisher needs: the bus, a PutEvents call, a logger (tests pass their own). */
export interface PublisherDeps {
  eventBusName: string;
  putEvents: (entries: BusEntry[]) => Promise<PutEventsAnswer>;
  log: Logger;
}

/**
 * The table stream's consumer (not a route): the outbox items' inserts, already filtered by the
 * event source mapping, put on the stage's bus. Answers the records PutEvents refused, so Lambda
 * retries from the first of them; after the retries the batch goes to the on-failure queue
 * (docs/runbook.md, OperationEventsUndelivered).
 */
export const build =
  (deps: PublisherDeps) =>
  async (event: Pick<DynamoDBStreamEvent, 'Records'>): Promise<DynamoDBBatchResponse> => {
    const records = event.Records as OutboxStreamRecord[];
    const result = await publishOutboxRecords(records, deps.putEvents, deps.eventBusName);
    deps.log.info('operation events published', {
      records: records.length,
      published: result.published.length,
      failed: result.batchItemFailures.length,
    });
    return { batchItemFailures: result.batchItemFailures };
  };

let ready: ReturnType<typeof build> | undefined;

export const handler = (event: DynamoDBStreamEvent) => {
  if (!ready) {
    const eventBusName = process.env.EVENT_BUS_NAME;
    if (!eventBusName) throw new Error('EVENT_BUS_NAME is not set');
    const client = new EventBridgeClient({ region: process.env.AWS_REGION });
    ready = build({
      eventBusName,
      putEvents: (entries) => client.send(new PutEventsCommand({ Entries: entries })),
      log: createLogger({ level: 'info', fields: { function: 'publish-operation-events' } }),
    });
  }
  return ready(event);
};
