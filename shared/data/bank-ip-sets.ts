import type { BankIpSetName } from '../domain/bank-ip-sets.ts';

/** Thrown when other writers kept changing a set while it was being replaced, until the retries ran out. */
export class IpSetConflictError extends Error {
  constructor(readonly set: BankIpSetName) {
    super(`IP set ${set} kept changing`);
    this.name = 'IpSetConflictError';
  }
}

/**
 * The bank-wide IP sets that the gateway enforces in front of every handler. Two
 * implementations: the AWS WAF IP sets (`waf-ip-sets.ts`) in AWS, and a file the local server
 * reads (`local-ip-sets.ts`) on the local stack.
 */
export interface BankIpSetStore {
  /** The set's entries: canonical addresses and ranges (`shared/domain/ip.ts`), sorted. */
  read(set: BankIpSetName): Promise<string[]>;
  /**
   * Replaces the set's entries with `entries` (canonical, sorted) and returns what it held
   * just before. A writer that changes the set in between is detected (the WAF's lock token)
   * and the read and write are retried; when the retries run out, {@link IpSetConflictError}.
   */
  replace(set: BankIpSetName, entries: readonly string[]): Promise<{ before: string[] }>;
}
