import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';

/** Purpose-bound keys, each derived from one master key with HKDF (RFC 5869). */
export interface Keys {
  /** HS256 key of session and challenge tokens. */
  sessionSigning: Uint8Array;
  /** HMAC key of the anti-phishing decoy (unknown users get a stable, unguessable image). */
  decoy: Uint8Array;
  /** AES-256-GCM key of the BOP Token secrets at rest. */
  totpEncryption: Uint8Array;
  /** HMAC key of page cursors, so a cursor cannot be forged or carried to another company. */
  cursorSigning: Uint8Array;
}

export function deriveKeys(master: Uint8Array): Keys {
  const derive = (info: string) =>
    new Uint8Array(hkdfSync('sha256', master, 'corporate-banking-admin', info, 32));
  return {
    sessionSigning: derive('session-signing'),
    decoy: derive('antiphishing-decoy'),
    totpEncryption: derive('totp-secret'),
    cursorSigning: derive('page-cursor'),
  };
}

const MIN_MASTER_BYTES = 32;

function masterFrom(secret: string): Uint8Array {
  const value = (JSON.parse(secret) as { masterKey?: string }).masterKey ?? '';
  const bytes = new TextEncoder().encode(value);
  if (bytes.length < MIN_MASTER_BYTES) throw new Error('Master key missing or too short');
  return bytes;
}

/**
 * Loads the master key once per cold start: in AWS from Secrets Manager through the
 * Parameters and Secrets Lambda extension (no SDK in the bundle, cached by the extension);
 * locally from a git-ignored file. Never from code, the repository or a plain variable.
 * Any failure rejects, so requests are refused rather than served without keys.
 */
export async function loadKeys(config: Config, fetchImpl: typeof fetch = fetch): Promise<Keys> {
  if (config.SECRETS_ARN) {
    const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
    const response = await fetchImpl(
      `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(config.SECRETS_ARN)}`,
      { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
    );
    if (!response.ok) throw new Error(`Secret unavailable (${response.status})`);
    const { SecretString } = (await response.json()) as { SecretString?: string };
    return deriveKeys(masterFrom(SecretString ?? '{}'));
  }
  if (config.LOCAL_SECRETS_FILE)
    return deriveKeys(masterFrom(readFileSync(config.LOCAL_SECRETS_FILE, 'utf8')));
  throw new Error('Invalid configuration: SECRETS_ARN or LOCAL_SECRETS_FILE');
}
