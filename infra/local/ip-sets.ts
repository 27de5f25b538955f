import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the local stack keeps the bank-wide IP sets that the local server enforces (AWS WAF's
 * IP sets in AWS): `.local/ip-sets.json` when the stack keeps its data (`--persist`), a
 * temporary folder otherwise. The file appears with the bank's first change; until then nothing is
 * blocked. Handlers write it through LOCAL_IP_SETS_FILE.
 */
export function localIpSetsFile(stateDir?: string): string {
  return stateDir
    ? join(stateDir, 'ip-sets.json')
    : join(mkdtempSync(join(tmpdir(), 'cba-ip-sets-')), 'ip-sets.json');
}
