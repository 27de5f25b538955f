import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/core/audit.ts';
import { AppError } from '../../shared/core/errors.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { type BankIpSetStore, IpSetConflictError } from '../../shared/data/bank-ip-sets.ts';
import { localIpSetStore, readLocalIpSets } from '../../shared/data/local-ip-sets.ts';
import { bankIpVerdict } from '../../shared/domain/bank-ip-sets.ts';
import { replaceBankIpSet } from '../../shared/services/bank-ip-sets.ts';

const origin = (sourceIp = '198.51.100.7') => ({
  actorArn: 'arn:aws:iam::000000000000:role/bank-backoffice',
  sourceIp,
  correlationId: 'c-ipsets',
  log: createLogger({ write: () => {} }),
});

/** The local file store on a fresh file, with the audit entries it is given. */
function setup(ipSets?: BankIpSetStore) {
  const file = join(mkdtempSync(join(tmpdir(), 'ip-sets-test-')), 'ip-sets.json');
  const audits: AuditEntry[] = [];
  const deps = {
    ipSets: ipSets ?? localIpSetStore(file),
    audit: async (entry: AuditEntry) => {
      audits.push(entry);
    },
    now: () => new Date('2026-11-26T14:00:00Z'),
  };
  return { file, audits, deps };
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, issues: error.issues, params: error.params };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('Service: replacing a bank-wide IP set', () => {
  it('stores the set canonical and sorted, and audits it under the bank scope with before and after', async () => {
    // Prepare
    const { file, audits, deps } = setup();

    // Act
    const result = await replaceBankIpSet(
      deps,
      'blocked',
      { addresses: ['2001:DB8::/32', '203.0.113.9/32', '192.0.2.0/24'] },
      origin(),
    );

    // Assess
    expect(result).toEqual({
      ipSet: 'blocked',
      addresses: ['192.0.2.0/24', '203.0.113.9', '2001:db8::/32'],
      changed: true,
    });
    expect(readLocalIpSets(file)).toEqual({
      blocked: ['192.0.2.0/24', '203.0.113.9', '2001:db8::/32'],
      allowed: [],
    });
    expect(audits).toEqual([
      {
        companyCode: '_BANK',
        actor: 'BANCO',
        action: 'BANK_IP_SET_CHANGED',
        outcome: 'iam:arn:aws:iam::000000000000:role/bank-backoffice',
        sourceIp: '198.51.100.7',
        correlationId: 'c-ipsets',
        at: '2026-11-26T14:00:00.000Z',
        changes: { blocked: { before: [], after: ['192.0.2.0/24', '203.0.113.9', '2001:db8::/32'] } },
      },
    ]);
  });

  it('refuses bad entries all together, each named, and changes nothing', async () => {
    // Prepare
    const { file, audits, deps } = setup();

    // Act
    const refused = await refusal(
      replaceBankIpSet(
        deps,
        'blocked',
        {
          addresses: [
            '192.0.2.300',
            '192.0.2.0/33',
            '::ffff:192.0.2.1',
            '0.0.0.0/0',
            '192.0.2.1/24',
            '10.0.0.1',
            '10.0.0.1',
          ],
        },
        origin(),
      ),
    );

    // Assess
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['body.addresses.0', 'ip_format'],
      ['body.addresses.1', 'ip_prefix_out_of_range'],
      ['body.addresses.2', 'ip_v4_mapped'],
      ['body.addresses.3', 'ip_prefix_zero'],
      ['body.addresses.4', 'ip_host_bits'],
      ['body.addresses.6', 'duplicate_item'],
    ]);
    expect(existsSync(file)).toBe(false);
    expect(audits).toEqual([]);
  });

  it('refuses to block the address making the change (409), changing nothing', async () => {
    // Prepare
    const { file, audits, deps } = setup();

    // Act
    const refused = await refusal(
      replaceBankIpSet(deps, 'blocked', { addresses: ['198.51.100.0/24'] }, origin()),
    );

    // Assess
    expect(refused).toMatchObject({ code: 'IP_SET_LOCKS_OUT_CALLER', params: { sourceIp: '198.51.100.7' } });
    expect(existsSync(file)).toBe(false);
    expect(audits).toEqual([]);
  });

  it('refuses an allowed list that leaves out the address making the change, IPv4-mapped or not', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const refused = await refusal(
      replaceBankIpSet(deps, 'allowed', { addresses: ['192.0.2.0/24'] }, origin('::ffff:198.51.100.7')),
    );

    // Assess
    expect(refused).toMatchObject({ code: 'IP_SET_LOCKS_OUT_CALLER', params: { sourceIp: '198.51.100.7' } });
  });

  it('accepts an allowed list that holds the address making the change, and an empty one', async () => {
    // Prepare
    const { file, deps } = setup();

    // Act
    await replaceBankIpSet(deps, 'allowed', { addresses: ['198.51.100.0/24'] }, origin());
    const emptied = await replaceBankIpSet(deps, 'allowed', { addresses: [] }, origin());

    // Assess
    expect(emptied.changed).toBe(true);
    expect(readLocalIpSets(file).allowed).toEqual([]);
  });

  it('answers changed: false and audits nothing when the set already holds that list', async () => {
    // Prepare
    const { audits, deps } = setup();
    await replaceBankIpSet(deps, 'blocked', { addresses: ['192.0.2.1'] }, origin());

    // Act
    const again = await replaceBankIpSet(deps, 'blocked', { addresses: ['192.0.2.1/32'] }, origin());

    // Assess
    expect(again.changed).toBe(false);
    expect(audits).toHaveLength(1);
  });

  it('records the attempt before the change and its failure after, and answers VERSION_CONFLICT when writers keep racing', async () => {
    // Prepare
    const racing: BankIpSetStore = {
      read: async () => [],
      replace: async (set) => {
        throw new IpSetConflictError(set);
      },
    };
    const { audits, deps } = setup(racing);

    // Act
    const refused = await refusal(replaceBankIpSet(deps, 'blocked', { addresses: ['192.0.2.1'] }, origin()));

    // Assess
    expect(refused.code).toBe('VERSION_CONFLICT');
    expect(audits.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['BANK_IP_SET_CHANGED', 'iam:arn:aws:iam::000000000000:role/bank-backoffice'],
      ['BANK_IP_SET_CHANGE_FAILED', 'IpSetConflictError'],
    ]);
  });
});

describe('Domain: what the gateway does with a source address (bank-wide IP sets)', () => {
  it('blocks an address in the blocked set, IPv4-mapped or not', () => {
    const sets = { blocked: ['127.0.0.2', '2001:db8::/32'], allowed: [] };
    expect(bankIpVerdict(sets, '127.0.0.2')).toBe('blocked');
    expect(bankIpVerdict(sets, '::ffff:127.0.0.2')).toBe('blocked');
    expect(bankIpVerdict(sets, '2001:db8:1::9')).toBe('blocked');
    expect(bankIpVerdict(sets, '127.0.0.1')).toBe('pass');
  });

  it('lets only the allowed addresses through when the allowed set is not empty', () => {
    const sets = { blocked: [], allowed: ['127.0.0.1'] };
    expect(bankIpVerdict(sets, '127.0.0.1')).toBe('pass');
    expect(bankIpVerdict(sets, '127.0.0.2')).toBe('not-allowed');
    expect(bankIpVerdict(sets, '')).toBe('not-allowed');
  });

  it('blocks an address that is both blocked and allowed: blocking wins', () => {
    expect(bankIpVerdict({ blocked: ['127.0.0.1'], allowed: ['127.0.0.0/8'] }, '127.0.0.1')).toBe('blocked');
  });

  it('lets everyone through when both sets are empty', () => {
    expect(bankIpVerdict({ blocked: [], allowed: [] }, '203.0.113.9')).toBe('pass');
    expect(bankIpVerdict({ blocked: [], allowed: [] }, '')).toBe('pass');
  });
});

describe('Data: the local stack’s bank-wide IP sets file', () => {
  it('replaces one set, keeps the other, and answers what the set held before', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'ip-sets-test-')), 'ip-sets.json');
    const store = localIpSetStore(file);
    await store.replace('allowed', ['127.0.0.1']);

    // Act
    const first = await store.replace('blocked', ['127.0.0.2']);
    const second = await store.replace('blocked', ['127.0.0.3']);

    // Assess
    expect(first.before).toEqual([]);
    expect(second.before).toEqual(['127.0.0.2']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      blocked: ['127.0.0.3'],
      allowed: ['127.0.0.1'],
    });
    expect(await store.read('allowed')).toEqual(['127.0.0.1']);
  });
});
