import {
  GetIPSetCommand,
  type GetIPSetCommandOutput,
  UpdateIPSetCommand,
  WAFInternalErrorException,
  WAFOptimisticLockException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';
import { IpSetConflictError } from '../../shared/data/bank-ip-sets.ts';
import { EVERY_ADDRESS, parseWafIpSetRef, wafIpSetStore } from '../../shared/data/waf-ip-sets.ts';
import { bankIpSetStore } from '../../shared/runtime/ip-sets.ts';

const client = new WAFV2Client({ region: 'us-east-1' });
// The class, not the instance: the production wiring builds its own client.
const waf = mockClient(WAFV2Client);

const ref = (name: string) => ({ name, id: `${name}-0000-1111`, scope: 'REGIONAL' as const });
const refs = {
  blocked: { IPV4: ref('blocked-v4'), IPV6: ref('blocked-v6') },
  allowed: { IPV4: ref('allowed-v4'), IPV6: ref('allowed-v6') },
};
const noPause = async () => {};
const store = (attempts?: number) =>
  wafIpSetStore(client, refs, { pause: noPause, ...(attempts ? { attempts } : {}) });

/** GetIPSet's answer for one of the sets above. */
const ipSet = (
  set: ReturnType<typeof ref>,
  addresses: string[],
  lockToken: string,
  description = `${set.name} description`,
): Partial<GetIPSetCommandOutput> => ({
  IPSet: {
    Name: set.name,
    Id: set.id,
    ARN: `arn:aws:wafv2:us-east-1:000000000000:regional/ipset/${set.name}/${set.id}`,
    Description: description,
    IPAddressVersion: set.name.endsWith('v4') ? 'IPV4' : 'IPV6',
    Addresses: addresses,
  },
  LockToken: lockToken,
});
/** GetIPSet answers `set` with `addresses` and `lockToken`. */
const answers = (set: ReturnType<typeof ref>, addresses: string[], lockToken: string) =>
  waf.on(GetIPSetCommand, { Id: set.id }).resolves(ipSet(set, addresses, lockToken));
const stale = () => new WAFOptimisticLockException({ message: 'The lock token is stale', $metadata: {} });
const updates = () => waf.commandCalls(UpdateIPSetCommand).map((call) => call.args[0].input);

beforeEach(() => waf.reset());

describe('Data: the bank-wide IP sets in AWS WAF (wafIpSetStore)', () => {
  it('reads a list as its IPv4 and IPv6 sets together, canonical and sorted', async () => {
    // Prepare
    answers(refs.blocked.IPV4, ['203.0.113.9/32', '192.0.2.0/24'], 't1');
    answers(refs.blocked.IPV6, ['2001:0DB8:0000::/32'], 't1');

    // Act
    const entries = await store().read('blocked');

    // Assess
    expect(entries).toEqual(['192.0.2.0/24', '203.0.113.9', '2001:db8::/32']);
  });

  it('reads an allowed pair holding every address as the empty list (no restriction)', async () => {
    // Prepare
    answers(refs.allowed.IPV4, [...EVERY_ADDRESS.IPV4], 't1');
    answers(refs.allowed.IPV6, [...EVERY_ADDRESS.IPV6], 't1');

    // Act / Assess
    expect(await store().read('allowed')).toEqual([]);
  });

  it('updates each family with the lock token GetIPSet gave, in CIDR form, keeping the description', async () => {
    // Prepare
    answers(refs.blocked.IPV4, [], 'v4-token');
    answers(refs.blocked.IPV6, ['2001:db8::/32'], 'v6-token');
    waf.on(UpdateIPSetCommand).resolves({ NextLockToken: 'next' });

    // Act
    const { before } = await store().replace('blocked', ['192.0.2.0/24', '203.0.113.9', '2001:db8::1']);

    // Assess
    expect(before).toEqual(['2001:db8::/32']);
    expect(updates()).toEqual([
      {
        Name: 'blocked-v4',
        Id: refs.blocked.IPV4.id,
        Scope: 'REGIONAL',
        Addresses: ['192.0.2.0/24', '203.0.113.9/32'],
        LockToken: 'v4-token',
        Description: 'blocked-v4 description',
      },
      {
        Name: 'blocked-v6',
        Id: refs.blocked.IPV6.id,
        Scope: 'REGIONAL',
        Addresses: ['2001:db8::1/128'],
        LockToken: 'v6-token',
        Description: 'blocked-v6 description',
      },
    ]);
  });

  it('retries a stale lock token from a fresh read, and writes with the new token', async () => {
    // Prepare: someone else adds 198.51.100.1 between our read and our write.
    waf
      .on(GetIPSetCommand, { Id: refs.blocked.IPV4.id })
      .resolvesOnce(ipSet(refs.blocked.IPV4, [], 'token-1'))
      .resolves(ipSet(refs.blocked.IPV4, ['198.51.100.1/32'], 'token-2'));
    answers(refs.blocked.IPV6, [], 'v6-token');
    waf
      .on(UpdateIPSetCommand, { Id: refs.blocked.IPV4.id })
      .rejectsOnce(stale())
      .resolves({ NextLockToken: 'token-3' });

    // Act
    const { before } = await store().replace('blocked', ['192.0.2.1']);

    // Assess
    const v4Writes = updates().filter((input) => input.Id === refs.blocked.IPV4.id);
    expect(v4Writes.map((input) => input.LockToken)).toEqual(['token-1', 'token-2']);
    expect(v4Writes.at(-1)?.Addresses).toEqual(['192.0.2.1/32']);
    // What the set held right before the write that took: the other writer's entry.
    expect(before).toEqual(['198.51.100.1']);
    // The IPv6 set already held what was asked (nothing): not written.
    expect(updates().filter((input) => input.Id === refs.blocked.IPV6.id)).toEqual([]);
  });

  it('gives up with IpSetConflictError when the token is stale on every attempt', async () => {
    // Prepare
    waf
      .on(GetIPSetCommand)
      .callsFake((input: { Id: string }) => ipSet({ ...ref('x'), id: input.Id }, [], 'always-stale'));
    waf.on(UpdateIPSetCommand).rejects(stale());

    // Act
    const attempt = store(3).replace('blocked', ['192.0.2.1']);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(IpSetConflictError);
    expect(updates()).toHaveLength(3);
    expect(waf.commandCalls(GetIPSetCommand)).toHaveLength(3);
  });

  it('does not retry other WAF errors', async () => {
    // Prepare
    waf
      .on(GetIPSetCommand)
      .callsFake((input: { Id: string }) => ipSet({ ...ref('x'), id: input.Id }, [], 't'));
    waf.on(UpdateIPSetCommand).rejects(new WAFInternalErrorException({ message: 'internal', $metadata: {} }));

    // Act / Assess
    await expect(store().replace('blocked', ['192.0.2.1'])).rejects.toBeInstanceOf(WAFInternalErrorException);
    expect(updates()).toHaveLength(1);
  });

  it('writes every address into both allowed sets when the allowed list is emptied', async () => {
    // Prepare
    answers(refs.allowed.IPV4, ['192.0.2.0/24'], 'a4');
    answers(refs.allowed.IPV6, [], 'a6');
    waf.on(UpdateIPSetCommand).resolves({ NextLockToken: 'next' });

    // Act
    const { before } = await store().replace('allowed', []);

    // Assess
    expect(before).toEqual(['192.0.2.0/24']);
    expect(updates().map((input) => input.Addresses)).toEqual([
      ['0.0.0.0/1', '128.0.0.0/1'],
      ['::/1', '8000::/1'],
    ]);
  });

  it('empties the IPv6 allowed set when the allowed list holds IPv4 addresses only', async () => {
    // Prepare
    answers(refs.allowed.IPV4, [...EVERY_ADDRESS.IPV4], 'a4');
    answers(refs.allowed.IPV6, [...EVERY_ADDRESS.IPV6], 'a6');
    waf.on(UpdateIPSetCommand).resolves({ NextLockToken: 'next' });

    // Act
    const { before } = await store().replace('allowed', ['192.0.2.0/24']);

    // Assess
    expect(before).toEqual([]);
    expect(updates().map((input) => [input.Id, input.Addresses])).toEqual([
      [refs.allowed.IPV4.id, ['192.0.2.0/24']],
      [refs.allowed.IPV6.id, []],
    ]);
  });

  it('writes nothing when the sets already hold what is asked', async () => {
    // Prepare
    answers(refs.blocked.IPV4, ['192.0.2.1/32'], 't');
    answers(refs.blocked.IPV6, [], 't');

    // Act
    await store().replace('blocked', ['192.0.2.1']);

    // Assess
    expect(updates()).toEqual([]);
  });
});

describe('Configuration: which bank-wide IP sets a deployment manages', () => {
  const base = { TABLE_NAME: 'bank-table' };
  const wafVariables = {
    WAF_BLOCKED_IPV4_SET: 'blocked-v4|a1b2c3d4-0000-1111-2222-333344445555|REGIONAL',
    WAF_BLOCKED_IPV6_SET: 'blocked-v6|a1b2c3d4-0000-1111-2222-333344445556|REGIONAL',
    WAF_ALLOWED_IPV4_SET: 'allowed-v4|a1b2c3d4-0000-1111-2222-333344445557|REGIONAL',
    WAF_ALLOWED_IPV6_SET: 'allowed-v6|a1b2c3d4-0000-1111-2222-333344445558|REGIONAL',
  };

  it('reads `name|id|scope`, the Ref of an AWS::WAFv2::IPSet', () => {
    expect(parseWafIpSetRef(wafVariables.WAF_BLOCKED_IPV4_SET, 'WAF_BLOCKED_IPV4_SET')).toEqual({
      name: 'blocked-v4',
      id: 'a1b2c3d4-0000-1111-2222-333344445555',
      scope: 'REGIONAL',
    });
  });

  it('fails at cold start on a malformed IP-set reference, naming the variable', () => {
    expect(() => readConfig({ ...base, WAF_BLOCKED_IPV4_SET: 'blocked-v4|REGIONAL' })).toThrow(
      /WAF_BLOCKED_IPV4_SET/,
    );
  });

  it('uses AWS WAF when all four sets are named, and reads them through GetIPSet', async () => {
    // Prepare
    waf
      .on(GetIPSetCommand)
      .callsFake((input: { Id: string; Name: string }) =>
        ipSet({ name: input.Name, id: input.Id, scope: 'REGIONAL' }, [], 't'),
      );

    // Act
    await bankIpSetStore(readConfig({ ...base, ...wafVariables })).read('blocked');

    // Assess
    expect(
      waf
        .commandCalls(GetIPSetCommand)
        .map((call) => call.args[0].input.Name)
        .sort(),
    ).toEqual(['blocked-v4', 'blocked-v6']);
  });

  it('fails at cold start when only some sets are named, listing the missing ones', () => {
    const { WAF_ALLOWED_IPV6_SET: _missing, ...three } = wafVariables;
    expect(() =>
      bankIpSetStore(readConfig({ ...base, ...three, LOCAL_IP_SETS_FILE: '/tmp/x.json' })),
    ).toThrow(/WAF_ALLOWED_IPV6_SET/);
  });

  it('fails at cold start when neither the WAF sets nor the local file are configured', () => {
    expect(() => bankIpSetStore(readConfig(base))).toThrow(/WAF_BLOCKED_IPV4_SET.*LOCAL_IP_SETS_FILE/);
  });
});
