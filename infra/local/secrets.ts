import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The local stand-in for the Secrets Manager secret: a master key generated at first start
 * and kept in a git-ignored file (`.local/secrets.json`, mode 0600), or in a temporary folder
 * when the stack keeps no state (tests). Handlers read it through LOCAL_SECRETS_FILE.
 */
export function ensureLocalSecrets(stateDir?: string): string {
  const file = stateDir
    ? join(stateDir, 'secrets.json')
    : join(mkdtempSync(join(tmpdir(), 'cba-secrets-')), 'secrets.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ masterKey: randomBytes(48).toString('base64url') }), {
      mode: 0o600,
    });
  }
  return file;
}
