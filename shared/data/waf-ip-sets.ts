import {
  GetIPSetCommand,
  type IPAddressVersion,
  type Scope,
  UpdateIPSetCommand,
  type WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { WAF_IP_SET_REF } from '../config.ts';
import { type BankIpSetName, sortEntries } from '../domain/bank-ip-sets.ts';
import { parseIpRule } from '../domain/ip.ts';
import { type BankIpSetStore, IpSetConflictError } from './bank-ip-sets.ts';

/** One AWS WAF IP set, as its CloudFormation `Ref` names it: `name|id|scope`. */
export interface WafIpSetRef {
  name: string;
  id: string;
  scope: Scope;
}

/** Parses a `name|id|scope` reference, or throws naming the variable it came from. */
export function parseWafIpSetRef(text: string, variable: string): WafIpSetRef {
  const match = WAF_IP_SET_REF.exec(text);
  if (!match) throw new Error(`Invalid configuration: ${variable} (expected name|id|REGIONAL)`);
  return { name: match[1] as string, id: match[2] as string, scope: match[3] as Scope };
}

/** An AWS WAF IP set holds one address family, so each bank-wide set is a pair of WAF IP sets. */
export type WafIpSetRefs = Record<BankIpSetName, Record<IPAddressVersion, WafIpSetRef>>;

const FAMILIES: readonly IPAddressVersion[] = ['IPV4', 'IPV6'];

/**
 * What the allowed pair holds when the bank's allowed list is empty ("no restriction"): every
 * address. The web ACL's rule stays one fixed statement — block what neither allowed set
 * holds — and AWS WAF takes no /0 range, so "everything" is two halves of each family.
 * The CDK creates the allowed sets holding these.
 */
export const EVERY_ADDRESS: Record<IPAddressVersion, readonly string[]> = {
  IPV4: ['0.0.0.0/1', '128.0.0.0/1'],
  IPV6: ['::/1', '8000::/1'],
};

const familyOf = (entry: string): IPAddressVersion => (entry.includes(':') ? 'IPV6' : 'IPV4');

/** Our canonical entry as AWS WAF wants it: always CIDR (`192.0.2.44/32`). */
const toWaf = (entry: string): string =>
  entry.includes('/') ? entry : `${entry}/${familyOf(entry) === 'IPV4' ? 32 : 128}`;

/** A WAF entry in our canonical form; an entry we cannot read (set outside this API) is kept as written. */
const fromWaf = (address: string): string => {
  const parsed = parseIpRule(address);
  return parsed.ok ? parsed.canonical : address;
};

const sameEntries = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  const sortedB = sortEntries(b);
  return sortEntries(a).every((entry, i) => entry === sortedB[i]);
};

const isEveryAddress = (family: IPAddressVersion, entries: readonly string[]) =>
  sameEntries(entries, EVERY_ADDRESS[family].map(fromWaf));

export interface WafIpSetStoreOptions {
  /** Reads and writes of one WAF IP set before giving up on a stale lock token; 4 by default. */
  attempts?: number;
  /** Waits before a retry; a short jittered backoff by default. */
  pause?: (attempt: number) => Promise<void>;
}

/**
 * The AWS WAF implementation of {@link BankIpSetStore}: each write is GetIPSet, then
 * UpdateIPSet with the lock token it returned (and the description it had, since UpdateIPSet
 * replaces every mutable field); a `WAFOptimisticLockException` — someone changed the set in
 * between — is retried from the read. The IPv4 and IPv6 sets of a pair are written one after
 * the other, so the change is not atomic across families; repeating the same PUT converges.
 */
export function wafIpSetStore(
  client: WAFV2Client,
  refs: WafIpSetRefs,
  options: WafIpSetStoreOptions = {},
): BankIpSetStore {
  const attempts = options.attempts ?? 4;
  const pause =
    options.pause ??
    ((attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 100 * attempt)));

  const get = async (ref: WafIpSetRef) => {
    const answer = await client.send(new GetIPSetCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope }));
    if (!answer.IPSet || !answer.LockToken)
      throw new Error(`WAF IP set ${ref.name} answered no set or lock token`);
    return {
      set: answer.IPSet,
      entries: (answer.IPSet.Addresses ?? []).map(fromWaf),
      lockToken: answer.LockToken,
    };
  };

  /** Writes one family's set; returns what it held just before the write that succeeded. */
  const replaceFamily = async (set: BankIpSetName, ref: WafIpSetRef, desired: readonly string[]) => {
    for (let attempt = 1; ; attempt++) {
      const current = await get(ref);
      if (sameEntries(current.entries, desired)) return current.entries;
      try {
        await client.send(
          new UpdateIPSetCommand({
            Name: ref.name,
            Id: ref.id,
            Scope: ref.scope,
            Addresses: desired.map(toWaf),
            LockToken: current.lockToken,
            ...(current.set.Description ? { Description: current.set.Description } : {}),
          }),
        );
        return current.entries;
      } catch (error) {
        if ((error as { name?: string })?.name !== 'WAFOptimisticLockException') throw error;
        if (attempt >= attempts) throw new IpSetConflictError(set);
        await pause(attempt);
      }
    }
  };

  /** A pair's entries as the bank sees them: an allowed pair holding every address is an empty list. */
  const asList = (set: BankIpSetName, byFamily: Record<IPAddressVersion, string[]>) =>
    set === 'allowed' && FAMILIES.every((family) => isEveryAddress(family, byFamily[family]))
      ? []
      : sortEntries([...byFamily.IPV4, ...byFamily.IPV6]);

  return {
    async read(set) {
      const [v4, v6] = await Promise.all(FAMILIES.map((family) => get(refs[set][family])));
      return asList(set, { IPV4: v4?.entries ?? [], IPV6: v6?.entries ?? [] });
    },

    async replace(set, entries) {
      const desired: Record<IPAddressVersion, readonly string[]> =
        set === 'allowed' && entries.length === 0
          ? { IPV4: EVERY_ADDRESS.IPV4.map(fromWaf), IPV6: EVERY_ADDRESS.IPV6.map(fromWaf) }
          : {
              IPV4: entries.filter((e) => familyOf(e) === 'IPV4'),
              IPV6: entries.filter((e) => familyOf(e) === 'IPV6'),
            };
      const before: Record<IPAddressVersion, string[]> = { IPV4: [], IPV6: [] };
      for (const family of FAMILIES) {
        before[family] = await replaceFamily(set, refs[set][family], desired[family]);
      }
      return { before: asList(set, before) };
    },
  };
}
