import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb.ts';
import { bankAuthorization, request } from '../helpers/http.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';

type Problem = { status: number; code: string; title: string; errors?: { field: string; code: string }[] };
type IpSet = { ipSet: string; addresses: string[]; changed?: boolean };

/** The bank's own address (the test client's default) and another client's: both loopback. */
const BANK = '127.0.0.1';
const OTHER = '127.0.0.2';

/**
 * The bank-wide IP sets over HTTP against the local stack: the bank back office changes them
 * through its routes, and the local server — AWS WAF's stand-in — refuses the addresses they
 * exclude before any handler runs.
 */
describe('Bank-wide IP sets over HTTP: the local server enforces them', () => {
  let stack: LocalStack;
  const api = (path: string) => new URL(path, stack.apiUrl);
  const put = (set: string, addresses: string[]) =>
    request<IpSet & Problem>(api(`/bank/ip-sets/${set}`), {
      method: 'PUT',
      headers: bankAuthorization(stack.bankKey),
      json: { addresses },
      localAddress: BANK,
    });
  /** Any route does: the gateway decides before the handler. */
  const from = (localAddress: string) => request<Problem>(api('/auth/password-rules'), { localAddress });

  beforeAll(async () => {
    stack = await startTestStack('e2e_ipsets');
  });
  afterAll(async () => stack?.stop());

  it('starts with both sets empty: every address gets through', async () => {
    // Act
    const blocked = await request<IpSet>(api('/bank/ip-sets/blocked'), {
      headers: bankAuthorization(stack.bankKey),
    });
    const allowed = await request<IpSet>(api('/bank/ip-sets/allowed'), {
      headers: bankAuthorization(stack.bankKey),
    });

    // Assess
    expect(blocked.body).toEqual({ ipSet: 'blocked', addresses: [] });
    expect(allowed.body).toEqual({ ipSet: 'allowed', addresses: [] });
    expect((await from(OTHER)).status).toBe(200);
  });

  it('refuses a bank-wide blocked address with 403 IP_BLOCKED, before any route, and lets the others through', async () => {
    // Act
    const set = await put('blocked', [`${OTHER}/32`, '2001:db8::/32']);
    const blocked = await from(OTHER);
    const unknownRoute = await request<Problem>(api('/nowhere'), { localAddress: OTHER });
    const bank = await from(BANK);

    // Assess
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ ipSet: 'blocked', addresses: [OTHER, '2001:db8::/32'], changed: true });
    expect(blocked.status).toBe(403);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.body).toMatchObject({ code: 'IP_BLOCKED', title: 'Acceso bloqueado' });
    expect(unknownRoute.body.code).toBe('IP_BLOCKED');
    expect(bank.status).toBe(200);
  });

  it('records the change in the bank-wide audit log, with the IAM identity', async () => {
    // Prepare
    const doc = DynamoDBDocumentClient.from(localDynamoDbClient(stack.dynamoEndpoint));

    // Act
    const audit = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#_BANK' },
      }),
    );

    // Assess
    expect(audit.Items).toEqual([
      expect.objectContaining({
        action: 'BANK_IP_SET_CHANGED',
        actor: 'BANCO',
        sourceIp: BANK,
        outcome: expect.stringMatching(/^iam:arn:aws:iam::/),
        changes: { blocked: { before: [], after: [OTHER, '2001:db8::/32'] } },
      }),
    ]);
    doc.destroy();
  });

  it('refuses to block the bank’s own address (409) and keeps the set', async () => {
    // Act
    const refused = await put('blocked', ['127.0.0.0/8']);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IP_SET_LOCKS_OUT_CALLER');
    const current = await request<IpSet>(api('/bank/ip-sets/blocked'), {
      headers: bankAuthorization(stack.bankKey),
    });
    expect(current.body.addresses).toEqual([OTHER, '2001:db8::/32']);
  });

  it('refuses bad entries with 400 naming each, and changes nothing', async () => {
    // Act
    const refused = await put('blocked', ['0.0.0.0/0', '127.0.0.300', '::ffff:127.0.0.3', '127.0.0.3/33']);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => [e.field, e.code])).toEqual([
      ['body.addresses.0', 'ip_prefix_zero'],
      ['body.addresses.1', 'ip_format'],
      ['body.addresses.2', 'ip_v4_mapped'],
      ['body.addresses.3', 'ip_prefix_out_of_range'],
    ]);
    expect((await from(OTHER)).status).toBe(403);
  });

  it('lets only the allowed addresses through once the allowed set has entries, and everyone once it is empty again', async () => {
    // Prepare
    await put('blocked', []);
    expect((await from(OTHER)).status).toBe(200);

    // Act
    const restricted = await put('allowed', [BANK]);
    const other = await from(OTHER);
    const bank = await from(BANK);
    const reopened = await put('allowed', []);

    // Assess
    expect(restricted.status).toBe(200);
    expect(other.body.code).toBe('IP_BLOCKED');
    expect(bank.status).toBe(200);
    expect(reopened.body).toEqual({ ipSet: 'allowed', addresses: [], changed: true });
    expect((await from(OTHER)).status).toBe(200);
  });

  it('answers 403 to the IP-set routes without the bank’s identity', async () => {
    // Act
    const refused = await request<Problem>(api('/bank/ip-sets/blocked'), {
      method: 'PUT',
      json: { addresses: [OTHER] },
    });

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });
});
