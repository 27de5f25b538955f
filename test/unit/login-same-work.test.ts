import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../shared/auth/secrets.ts';
import { readConfig } from '../../shared/config.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { companyKeys, userKeys } from '../../shared/data/keys.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { createRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { login } from '../../shared/services/login.ts';

/**
 * Issue 16 §6: a refused login costs the same DynamoDB work whether the company and user exist
 * or not — compared call by call (command, keys' shape, expressions, transaction items), never
 * by timing.
 */
const TABLE = 'bank-table';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(doc);
const keys = deriveKeys(Buffer.alloc(32, 7));

const company = { ...companyKeys.profile('CORPORATIV'), code: 'CORPORATIV', settings: {}, version: 1 };
const userItem = async () => ({
  ...userKeys.profile('CORPORATIV', 'OPER1'),
  companyCode: 'CORPORATIV',
  userCode: 'OPER1',
  role: 'user',
  state: 'ACTIVE',
  imageId: 'bird',
  credential: {
    passwordHash: await hashPassword('Clave12Op', { logN: 10, r: 8, p: 1 }),
    kind: 'personal',
    failedAttempts: 0,
    history: [],
    changedAt: '2026-11-01T00:00:00Z',
  },
  version: 1,
});

/** What a call does to the table, without the values that name who it was about. */
function shape(call: { args: [{ constructor: { name: string }; input: Record<string, unknown> }] }) {
  const command = call.args[0];
  // biome-ignore lint/suspicious/noExplicitAny: the shapes of four command inputs, read loosely
  const input = command.input as Record<string, any>;
  const keyNames = (key: Record<string, unknown> | undefined) => Object.keys(key ?? {}).sort();
  switch (command.constructor.name) {
    case 'BatchGetCommand':
      return { command: 'BatchGet', reads: input.RequestItems[TABLE].Keys.length };
    case 'UpdateCommand':
      return {
        command: 'Update',
        key: keyNames(input.Key),
        update: input.UpdateExpression,
        condition: input.ConditionExpression,
      };
    case 'TransactWriteCommand':
      return {
        command: 'TransactWrite',
        // biome-ignore lint/suspicious/noExplicitAny: a transaction item of any kind
        items: input.TransactItems.map((item: Record<string, any>) =>
          item.Put
            ? { put: keyNames(item.Put.Item).filter((k) => /^(pk|sk|gsi1pk|gsi1sk|entity|action)$/.test(k)) }
            : Object.keys(item),
        ),
      };
    default:
      return { command: command.constructor.name };
  }
}

async function refusedLogin(companyCode: string, userCode: string) {
  ddb.reset();
  const known = companyCode === 'CORPORATIV' && userCode === 'OPER1';
  const items = [...(companyCode === 'CORPORATIV' ? [company] : []), ...(known ? [await userItem()] : [])];
  ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: items } });
  ddb.on(UpdateCommand).callsFake(async () => {
    if (!known) throw new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
    return { Attributes: { credential: { failedAttempts: 1 } } };
  });
  ddb.on(TransactWriteCommand).resolves({});
  // The login function's own dependencies, on the mocked client, with production's hashing.
  const deps = loginDeps(
    createRuntime(readConfig({ TABLE_NAME: TABLE }), {
      doc,
      keys: async () => keys,
      now: () => new Date('2026-11-26T14:00:00Z'),
    }),
  );
  const origin = { sourceIp: '198.51.100.7', correlationId: 'c-1', log: createLogger({ write: () => {} }) };
  const outcome = await login(deps, { companyCode, userCode, password: 'Mala12xyz' }, origin).catch(
    (error: { code?: string }) => error.code,
  );
  const audits = ddb
    .commandCalls(TransactWriteCommand)
    .flatMap((c) => c.args[0].input.TransactItems ?? [])
    .map((item) => item.Put?.Item);
  return { outcome, calls: ddb.calls().map((c) => shape(c as never)), audits };
}

beforeEach(() => ddb.reset());

describe('Login: the same work for known and unknown users', () => {
  it('makes the same DynamoDB calls for a wrong password, an unknown user and an unknown company', async () => {
    // Act
    const wrongPassword = await refusedLogin('CORPORATIV', 'OPER1');
    const unknownUser = await refusedLogin('CORPORATIV', 'NADIE1');
    const unknownCompany = await refusedLogin('NOEXISTE', 'OPER1');

    // Assess: one read, one conditional count, one audit write — identical in shape
    expect(wrongPassword.outcome).toBe('LOGIN_FAILED');
    expect(wrongPassword.calls.map((c) => c.command)).toEqual(['BatchGet', 'Update', 'TransactWrite']);
    expect(unknownUser.calls).toEqual(wrongPassword.calls);
    expect(unknownCompany.calls).toEqual(wrongPassword.calls);
    expect([unknownUser.outcome, unknownCompany.outcome]).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED']);
  });

  it('audits an unknown user’s attempt in the bank’s partition, with the IP and the codes tried', async () => {
    // Act
    const { audits } = await refusedLogin('CORPORATIV', 'NADIE1');
    const company = await refusedLogin('NOEXISTE', 'OPER1');

    // Assess
    expect(audits).toEqual([
      expect.objectContaining({
        pk: 'AUDIT#_BANK',
        companyCode: '_BANK',
        action: 'LOGIN_REFUSED',
        outcome: 'UNKNOWN_USER',
        target: 'CORPORATIV/NADIE1',
        sourceIp: '198.51.100.7',
      }),
    ]);
    expect(company.audits).toEqual([
      expect.objectContaining({ pk: 'AUDIT#_BANK', outcome: 'UNKNOWN_COMPANY', target: 'NOEXISTE/OPER1' }),
    ]);
  });
});
