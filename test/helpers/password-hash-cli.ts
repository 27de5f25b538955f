/**
 * Hashes and verifies passwords with `shared/domain/password-hash.ts` in the Node.js that runs
 * it, for the cross-runtime test: `node --import tsx password-hash-cli.ts '<json>'` with
 * `{ "hash": ["password", …], "verify": [["password", "hash"], …] }`; prints the Node version,
 * the Argon2 implementation used, the hashes and the verdicts as JSON.
 */
import { argon2Implementation, hashPassword, verifyPassword } from '../../shared/domain/password-hash.ts';

const request = JSON.parse(process.argv[2] ?? '{}') as { hash?: string[]; verify?: [string, string][] };
const hashes = [];
for (const password of request.hash ?? []) hashes.push(await hashPassword(password));
const verified = [];
for (const [password, hash] of request.verify ?? []) verified.push(await verifyPassword(password, hash));
process.stdout.write(
  JSON.stringify({ version: process.version, implementation: argon2Implementation(), hashes, verified }),
);
