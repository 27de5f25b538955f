import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  normalizeSourceIp,
  parseAddress,
  parseIpRule,
  rangeContains,
} from '../../shared/domain/ip.ts';

const rule = (text: string) => {
  const parsed = parseIpRule(text);
  return parsed.ok ? parsed.canonical : parsed.rule;
};

/** A range of the given version from random bits and prefix, with the host bits cleared (a valid rule). */
const v4Range = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([address, prefix]) => {
  const value = parseAddress(address)?.value ?? 0n;
  const network = prefix === 0 ? 0n : (value >> BigInt(32 - prefix)) << BigInt(32 - prefix);
  return { text: `${formatAddress({ version: 4, value: network })}/${prefix}`, network, prefix };
});
const v6Range = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 128 }))
  .map(([value, prefix]) => {
    const network = prefix === 0 ? 0n : (value >> BigInt(128 - prefix)) << BigInt(128 - prefix);
    return { text: `${formatAddress({ version: 6, value: network })}/${prefix}`, network, prefix };
  });

describe('Domain: IP addresses and CIDR ranges', () => {
  it('reads IPv4 and IPv6 addresses and ranges into their canonical text', () => {
    expect(rule('192.0.2.10')).toBe('192.0.2.10');
    expect(rule('192.0.2.10/32')).toBe('192.0.2.10');
    expect(rule('192.0.2.0/24')).toBe('192.0.2.0/24');
    expect(rule('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(rule('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(rule('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(rule('2001:db8::/32')).toBe('2001:db8::/32');
    expect(rule('::1/128')).toBe('::1');
    expect(rule('::')).toBe('::');
    expect(rule('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0');
    expect(rule('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221');
  });

  it('refuses malformed addresses, shorthand IPv4 forms, zone ids and stray characters as ip_format', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '010.0.0.1',
      '0x7f.0.0.1',
      '127.1',
      ' 1.2.3.4',
      '1.2.3.4/',
      '1.2.3.4/24/8',
      '1.2.3.4/024',
      '1.2.3.4/ 8',
      '1.2.3.4/-0',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '1:2:3:4:5:6:7::8',
      '1::2:3:4:5:6:7:8',
      ':1::',
      '12345::',
      'fe80::1%eth0',
      '[::1]',
      '::1.2.3',
      '1.2.3.4::',
      'localhost',
    ]) {
      expect(rule(text), text).toBe('ip_format');
    }
  });

  it('refuses prefixes longer than the address (33 for IPv4, 129 for IPv6) and negative ones', () => {
    expect(parseIpRule('192.0.2.0/33')).toMatchObject({
      ok: false,
      rule: 'ip_prefix_out_of_range',
      params: { maximum: 32 },
    });
    expect(parseIpRule('2001:db8::/129')).toMatchObject({
      ok: false,
      rule: 'ip_prefix_out_of_range',
      params: { maximum: 128 },
    });
    expect(rule('192.0.2.0/-1')).toBe('ip_prefix_out_of_range');
    expect(rule('192.0.2.0/32')).toBe('192.0.2.0');
    expect(rule('2001:db8::/128')).toBe('2001:db8::');
  });

  it('refuses IPv4-mapped IPv6 forms, in any notation, as ip_v4_mapped', () => {
    expect(rule('::ffff:1.2.3.4')).toBe('ip_v4_mapped');
    expect(rule('::FFFF:102:304')).toBe('ip_v4_mapped');
    expect(rule('0:0:0:0:0:ffff:1.2.3.4')).toBe('ip_v4_mapped');
    expect(rule('::ffff:1.2.3.0/120')).toBe('ip_v4_mapped');
    expect(rule('::ffff:0:0/96')).toBe('ip_v4_mapped');
    // A wider IPv6 range that merely includes the mapped block is an IPv6 rule like any other.
    expect(rule('::/64')).toBe('::/64');
  });

  it('refuses a range with host bits set, naming the network meant', () => {
    expect(parseIpRule('192.0.2.5/24')).toMatchObject({
      ok: false,
      rule: 'ip_host_bits',
      params: { network: '192.0.2.0/24' },
    });
    expect(parseIpRule('2001:db8::1/64')).toMatchObject({
      ok: false,
      rule: 'ip_host_bits',
      params: { network: '2001:db8::/64' },
    });
  });

  it('holds the range edges: first and last address in, the neighbours out (IPv4 /24 and IPv6 /64)', () => {
    const v4 = parseIpRule('192.0.2.0/24');
    const v6 = parseIpRule('2001:db8:0:1::/64');
    if (!v4.ok || !v6.ok) throw new Error('ranges expected');
    const contains = (range: typeof v4.range, text: string) =>
      rangeContains(range, normalizeSourceIp(text) ?? { version: 4, value: -1n });
    expect(contains(v4.range, '192.0.2.0')).toBe(true);
    expect(contains(v4.range, '192.0.2.255')).toBe(true);
    expect(contains(v4.range, '192.0.1.255')).toBe(false);
    expect(contains(v4.range, '192.0.3.0')).toBe(false);
    expect(contains(v6.range, '2001:db8:0:1::')).toBe(true);
    expect(contains(v6.range, '2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(true);
    expect(contains(v6.range, '2001:db8:0:0:ffff:ffff:ffff:ffff')).toBe(false);
    expect(contains(v6.range, '2001:db8:0:2::')).toBe(false);
  });

  it('never matches across versions: an IPv4 range does not hold an IPv6 address and back', () => {
    const v4 = parseIpRule('0.0.0.0/0');
    const v6 = parseIpRule('::/0');
    if (!v4.ok || !v6.ok) throw new Error('ranges expected');
    expect(rangeContains(v4.range, normalizeSourceIp('2001:db8::1') as never)).toBe(false);
    expect(rangeContains(v6.range, normalizeSourceIp('192.0.2.1') as never)).toBe(false);
  });

  it('normalizes the source IP: IPv4-mapped IPv6 becomes the IPv4 address; junk is unreadable', () => {
    expect(normalizeSourceIp('::ffff:127.0.0.1')).toEqual({ version: 4, value: 0x7f000001n });
    expect(normalizeSourceIp('::ffff:7f00:1')).toEqual({ version: 4, value: 0x7f000001n });
    expect(normalizeSourceIp('127.0.0.1')).toEqual({ version: 4, value: 0x7f000001n });
    expect(normalizeSourceIp('::1')).toEqual({ version: 6, value: 1n });
    expect(normalizeSourceIp('')).toBeUndefined();
    expect(normalizeSourceIp(undefined)).toBeUndefined();
    expect(normalizeSourceIp('198.51.100.7, 10.0.0.1')).toBeUndefined();
  });

  it('agrees with node:net on which texts are addresses (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ maxLength: 20 })), (text) => {
        // node:net also takes zone ids, which rules refuse.
        const expected = text.includes('%') ? 0 : isIP(text);
        const parsed = parseAddress(text);
        expect(parsed ? (parsed.version === 4 ? 4 : 6) : 0).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints canonical text that reads back to the same address (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
        const address = parseAddress(text);
        if (!address) throw new Error(`not read: ${text}`);
        const printed = formatAddress(address);
        expect(parseAddress(printed)).toEqual(address);
        expect(formatAddress(parseAddress(printed) as never)).toBe(printed);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with node:net BlockList on whether a range holds an address (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(v4Range, fc.ipV4()).map(([range, address]) => ({ range, address, type: 'ipv4' as const })),
          fc.tuple(v6Range, fc.ipV6()).map(([range, address]) => ({ range, address, type: 'ipv6' as const })),
        ),
        ({ range, address, type }) => {
          const parsed = parseIpRule(range.text);
          const source = normalizeSourceIp(address);
          if (!parsed.ok || !source) throw new Error(`not read: ${range.text} ${address}`);
          const oracle = new BlockList();
          oracle.addSubnet(range.text.split('/')[0] as string, range.prefix, type);
          // BlockList treats IPv4-mapped IPv6 as IPv4 too; compare on addresses of the range's own version.
          fc.pre(source.version === (type === 'ipv4' ? 4 : 6));
          expect(rangeContains(parsed.range, source)).toBe(oracle.check(address, type));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('holds every address inside a CIDR range, whatever its prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          v4Range.map((r) => ({ ...r, bits: 32, version: 4 as const })),
          v6Range.map((r) => ({ ...r, bits: 128, version: 6 as const })),
        ),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        (range, random) => {
          const hostBits = BigInt(range.bits - range.prefix);
          const inside = range.network | (hostBits === 0n ? 0n : random % (1n << hostBits));
          const parsed = parseIpRule(range.text);
          if (!parsed.ok) throw new Error(`not read: ${range.text}`);
          expect(rangeContains(parsed.range, { version: range.version, value: inside })).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
