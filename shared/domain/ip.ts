/**
 * IPv4 and IPv6 addresses and CIDR ranges: a strict parser, the canonical text of each, and
 * containment. Written here rather than taken from a library because what we need is small
 * (parse, print, contains) and stricter than what general-purpose parsers accept: no
 * shorthand, octal or hexadecimal IPv4 forms (`127.1`, `010.0.0.1`, `0x7f.0.0.1`), no zone
 * ids (`fe80::1%eth0`), no brackets, no leading zeros in a prefix — each of those would let a
 * rule mean something other than what the administrator read. Node's own `net.BlockList` is
 * the oracle the tests compare this module with.
 */

export type IpVersion = 4 | 6;

/** One address: its version and its bits as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  readonly version: IpVersion;
  readonly value: bigint;
}

/** A CIDR range; a single address is a range of prefix 32 (IPv4) or 128 (IPv6). */
export interface IpRange {
  readonly version: IpVersion;
  /** The network address: no bits set after the prefix. */
  readonly network: bigint;
  readonly prefix: number;
}

/** Why a text is not an acceptable rule entry; each is a field rule in `shared/http/messages.ts`. */
export type IpRuleProblem =
  | { rule: 'ip_format' }
  | { rule: 'ip_prefix_out_of_range'; params: { maximum: number } }
  | { rule: 'ip_v4_mapped' }
  | { rule: 'ip_host_bits'; params: { network: string } };

export type IpRuleParse = { ok: true; range: IpRange; canonical: string } | ({ ok: false } & IpRuleProblem);

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };
const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const LOW_32 = 0xffff_ffffn;

const mask = (version: IpVersion, prefix: number): bigint => {
  const bits = BITS[version];
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
};

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  return match.slice(1).reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** RFC 4291 §2.2 text forms: eight groups, one `::`, and an optional dotted IPv4 tail. */
function parseIpv6(text: string): bigint | undefined {
  if (text.length > 45 || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string, isLast: boolean): number[] | undefined => {
    if (part === '') return [];
    const pieces = part.split(':');
    const groups: number[] = [];
    for (const [index, piece] of pieces.entries()) {
      if (isLast && index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (HEX_GROUP.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const compressed = halves.length === 2;
  const head = groupsOf(halves[0] ?? '', !compressed);
  const tail = compressed ? groupsOf(halves[1] ?? '', true) : [];
  if (!head || !tail) return undefined;
  const given = head.length + tail.length;
  if (compressed ? given > 7 : given !== 8) return undefined;
  const groups = [...head, ...Array<number>(8 - given).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Parses one address in strict text form (no prefix), or undefined. */
export function parseAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** Whether an IPv6 address is IPv4-mapped: in ::ffff:0:0/96 (`::ffff:a.b.c.d`, in any notation; RFC 4291 §2.5.5.2). */
export const isV4Mapped = (address: IpAddress): boolean =>
  address.version === 6 && address.value >> 32n === 0xffffn;

/**
 * The address API Gateway saw, ready for matching: IPv4-mapped IPv6 (`::ffff:127.0.0.1`)
 * becomes the IPv4 address it carries; anything unparseable is undefined.
 */
export function normalizeSourceIp(text: string | undefined): IpAddress | undefined {
  const address = text ? parseAddress(text.trim()) : undefined;
  if (!address) return undefined;
  return isV4Mapped(address) ? { version: 4, value: address.value & LOW_32 } : address;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatAddress(address: IpAddress): string {
  if (address.version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Canonical text of a range: a single address without its prefix, otherwise `network/prefix`. */
export function formatRange(range: IpRange): string {
  const address = formatAddress({ version: range.version, value: range.network });
  return range.prefix === BITS[range.version] ? address : `${address}/${range.prefix}`;
}

/**
 * Parses a rule entry — an address or a CIDR range — strictly, refusing IPv4-mapped IPv6
 * forms (write the IPv4 address instead), prefixes out of range and ranges with host bits
 * set (`192.0.2.5/24`: the administrator must say which network they mean).
 */
export function parseIpRule(text: string): IpRuleParse {
  const [addressText = '', prefixText, ...extra] = text.split('/');
  if (extra.length > 0) return { ok: false, rule: 'ip_format' };
  const address = parseAddress(addressText);
  if (!address) return { ok: false, rule: 'ip_format' };
  const bits = BITS[address.version];
  let prefix = bits;
  if (prefixText !== undefined) {
    // A number without leading zeros (a negative one is a prefix out of range, not a typo).
    if (!/^(0|-?[1-9]\d{0,3})$/.test(prefixText)) return { ok: false, rule: 'ip_format' };
    prefix = Number(prefixText);
    if (prefix < 0 || prefix > bits) {
      return { ok: false, rule: 'ip_prefix_out_of_range', params: { maximum: bits } };
    }
  }
  if (isV4Mapped(address) && prefix >= 96) return { ok: false, rule: 'ip_v4_mapped' };
  const network = address.value & mask(address.version, prefix);
  const range: IpRange = { version: address.version, network, prefix };
  if (network !== address.value) {
    return { ok: false, rule: 'ip_host_bits', params: { network: formatRange(range) } };
  }
  return { ok: true, range, canonical: formatRange(range) };
}

/** Whether the range holds the address (never across versions). */
export function rangeContains(range: IpRange, address: IpAddress): boolean {
  return (
    range.version === address.version && (address.value & mask(range.version, range.prefix)) === range.network
  );
}

/** Parses canonical entries already validated by {@link parseIpRule} (stored rules); skips anything else. */
export function rangesOf(entries: readonly string[]): IpRange[] {
  const ranges: IpRange[] = [];
  for (const entry of entries) {
    const parsed = parseIpRule(entry);
    if (parsed.ok) ranges.push(parsed.range);
  }
  return ranges;
}

/** Whether any of the entries holds the address. */
export function anyContains(entries: readonly string[], address: IpAddress): boolean {
  return rangesOf(entries).some((range) => rangeContains(range, address));
}
