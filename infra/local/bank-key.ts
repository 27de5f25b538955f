import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The local stand-in for the bank back office's IAM identity: API Gateway checks SigV4 in AWS;
 * the local server checks `Authorization: Bearer <key>` with this random key instead.
 */
export function generateBankKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the key where only this user can read it (the folder is git-ignored). */
export function writeBankKey(path: string, key: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
}

export function readBankKey(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** Whether an `Authorization` header carries `key`, compared in constant time. */
export function authorizationCarriesKey(header: string | undefined, key: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(key));
}
