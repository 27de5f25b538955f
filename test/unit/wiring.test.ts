import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';
import { routes } from '../../shared/routes.ts';
import { createRuntime } from '../../shared/runtime/base.ts';
import { mailingOf } from '../../shared/runtime/mail.ts';

/** A runtime as the tests build one: no I/O happens while functions are wired. */
function runtime() {
  const config = readConfig({
    TABLE_NAME: 'wiring',
    MAIL_FROM: 'no-reply@bank.example',
    LOCAL_IP_SETS_FILE: '/nonexistent/ip-sets.json',
  });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  return createRuntime(config, { doc, mail: mailingOf({ config }, { send: async () => ({}) }) });
}

/**
 * One wiring per function: each route's module exports `wire(runtime)`, and its Lambda `handler`
 * is that same `wire` on the runtime Lambda builds from the environment, so the tests
 * (`test/helpers/app.ts`) and the bench, which call `wire` on their own runtime, run the
 * dependencies Lambda runs.
 */
describe('function wiring', () => {
  it.each(routes.map((r) => [r.id, r.handler] as const))(
    '%s: the handler is wire() on the Lambda runtime',
    async (_id, path) => {
      const module = (await import(`../../${path}`)) as { wire?: (runtime: never) => unknown };
      expect(typeof module.wire).toBe('function');
      expect(typeof module.wire?.(runtime() as never)).toBe('function');
      expect(readFileSync(path, 'utf8')).toMatch(
        /export const handler = onColdStart\(\(\) => wire\((withMail\()?(session|core)Runtime\(\)\)?\)\);/,
      );
    },
  );
});
