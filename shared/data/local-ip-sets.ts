import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BankIpSets } from '../domain/bank-ip-sets.ts';
import type { BankIpSetStore } from './bank-ip-sets.ts';

/**
 * The bank-wide IP sets in the local stack's file; empty when there is no file yet. The local
 * server reads it on every request, as AWS WAF checks every request (the file is small).
 */
export function readLocalIpSets(file: string): BankIpSets {
  if (!existsSync(file)) return { blocked: [], allowed: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BankIpSets>;
  return { blocked: [...(parsed.blocked ?? [])], allowed: [...(parsed.allowed ?? [])] };
}

/**
 * The local stack's implementation of {@link BankIpSetStore}: a JSON file
 * (`{ "blocked": [...], "allowed": [...] }`) that the local server enforces. The handlers run
 * in the server's one process and read and write the file synchronously, so no other writer
 * can come between a read and a write (the WAF's lock token has nothing to guard here); the
 * write goes to a temporary file first and is renamed into place, so a reader never sees half
 * of it.
 */
export function localIpSetStore(file: string): BankIpSetStore {
  return {
    async read(set) {
      return readLocalIpSets(file)[set];
    },
    async replace(set, entries) {
      const sets = readLocalIpSets(file);
      const before = sets[set];
      sets[set] = [...entries];
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(sets, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
      return { before };
    },
  };
}
