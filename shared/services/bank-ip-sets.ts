import type { BankActor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, validationError } from '../core/errors.ts';
import { type BankIpSetStore, IpSetConflictError } from '../data/bank-ip-sets.ts';
import { BANK_AUDIT_SCOPE } from '../data/keys.ts';
import { type BankIpSetName, resolveBankIpSet } from '../domain/bank-ip-sets.ts';
import { anyContains, formatAddress, normalizeSourceIp } from '../domain/ip.ts';
import { BANK_ACTOR } from '../domain/model.ts';

export interface BankIpSetDeps {
  ipSets: BankIpSetStore;
  /** Records an audit entry (bank-wide changes are audited under `BANK_AUDIT_SCOPE`). */
  audit: (entry: AuditEntry) => Promise<void>;
  now?: () => Date;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((entry, i) => entry === b[i]);

/** A bank-wide IP set, as the back office sees it. */
export async function getBankIpSet(deps: BankIpSetDeps, set: BankIpSetName) {
  return { ipSet: set, addresses: await deps.ipSets.read(set) };
}

/**
 * Refuses a change that would shut out the very address making it: the bank would lose the
 * API, this route included, and could only undo it in the AWS console.
 */
function guardCaller(set: BankIpSetName, entries: readonly string[], sourceIp: string) {
  const caller = normalizeSourceIp(sourceIp);
  if (!caller) return;
  const held = anyContains(entries, caller);
  if ((set === 'blocked' && held) || (set === 'allowed' && entries.length > 0 && !held)) {
    throw new AppError('IP_SET_LOCKS_OUT_CALLER', { sourceIp: formatAddress(caller) });
  }
}

/**
 * Replaces a bank-wide IP set (the whole list; `[]` empties it). Bad entries are refused all
 * together and nothing changes. The audit entry is written before the set changes — the WAF
 * is not in the table's transaction, so this way no change exists without its record — and a
 * failed change adds a `BANK_IP_SET_CHANGE_FAILED` entry.
 */
export async function replaceBankIpSet(
  deps: BankIpSetDeps,
  set: BankIpSetName,
  input: { addresses: string[] },
  origin: BankActor,
) {
  const { entries, issues } = resolveBankIpSet(input.addresses);
  if (issues.length > 0) throw validationError(issues);
  guardCaller(set, entries, origin.sourceIp);
  const before = await deps.ipSets.read(set);
  if (same(before, entries)) return { ipSet: set, addresses: entries, changed: false };
  const now = nowOf(deps);
  const audit = (action: string, outcome: string, changes?: AuditEntry['changes']): AuditEntry =>
    auditEntry(origin, now, {
      companyCode: BANK_AUDIT_SCOPE,
      actor: BANK_ACTOR,
      action,
      outcome,
      ...(changes ? { changes } : {}),
    });
  await deps.audit(
    audit('BANK_IP_SET_CHANGED', `iam:${origin.actorArn}`, { [set]: { before, after: entries } }),
  );
  try {
    await deps.ipSets.replace(set, entries);
  } catch (error) {
    origin.log.error('bank IP set not changed', { ipSet: set, error: (error as Error).name });
    await deps
      .audit(audit('BANK_IP_SET_CHANGE_FAILED', (error as Error).name ?? 'Error'))
      .catch(() => origin.log.error('bank IP set failure not audited', { ipSet: set }));
    if (error instanceof IpSetConflictError) throw new AppError('VERSION_CONFLICT');
    throw error;
  }
  origin.log.info('bank IP set changed', { ipSet: set, entries: entries.length });
  return { ipSet: set, addresses: entries, changed: true };
}
