import * as nodeCrypto from 'node:crypto';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing. New hashes are Argon2id (RFC 9106), OWASP's first choice; hashes made
 * before are scrypt (RFC 7914) and still verify, and `needsRehash` says when a stored hash
 * should be replaced at the next successful login. The parameters travel with each hash.
 *
 * Argon2id comes from Node's own `crypto.argon2` (Node ≥ 24.7, the Lambda runtime): nothing
 * native is bundled. Only where Node lacks it (Node 20 on the developers' machines and CI)
 * is the `@node-rs/argon2` binding loaded, by a dynamic import that the bundle leaves out
 * (`external` in `infra/bundling.ts`). Both compute the same raw Argon2id output, so a hash
 * made by one verifies on the other (`test/unit/password-hash-runtimes.test.ts`).
 *
 * Formats:
 * - `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<key>` (PHC string, base64 unpadded);
 * - `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>` (legacy).
 */
export interface Argon2Parameters {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly passes: number;
  readonly parallelism: number;
}

export interface ScryptParameters {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

export type PasswordHashParameters = Argon2Parameters | ScryptParameters;

/** OWASP Password Storage Cheat Sheet's Argon2id minimum: 19 MiB, 2 passes, 1 lane. */
export const OWASP_MINIMUM_ARGON2: Argon2Parameters = { memoryKiB: 19_456, passes: 2, parallelism: 1 };

/**
 * 32 MiB, 2 passes, 1 lane: 1.7 times OWASP's minimum memory at its passes, chosen from
 * `npm run bench` so that a login's hash stays well inside its budget on the login functions'
 * memory size (figures and reasoning in docs/security.md, "Password hashing").
 */
export const DEFAULT_ARGON2: Argon2Parameters = { memoryKiB: 32_768, passes: 2, parallelism: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds on parameters read from a stored hash, so a malformed one cannot exhaust memory. */
const MAX_MEMORY_KIB = 256 * 1024;
const MAX_PASSES = 16;
const MAX_LANES = 8;

type Argon2Input = {
  message: Buffer;
  nonce: Buffer;
  memory: number;
  passes: number;
  parallelism: number;
  tagLength: number;
};
type Argon2Engine = (input: Argon2Input) => Promise<Buffer>;
type BuiltInArgon2 = (
  algorithm: 'argon2id',
  parameters: Argon2Input,
  callback: (error: Error | null, key: Buffer) => void,
) => void;

/** The binding's package, named through a variable so that no bundler follows it into a function. */
const ARGON2_BINDING = '@node-rs/argon2';
let engine: Promise<Argon2Engine> | undefined;

/** Which Argon2 implementation this process uses: Node's own, or the binding where Node lacks it. */
export function argon2Implementation(): 'node:crypto' | typeof ARGON2_BINDING {
  return typeof (nodeCrypto as { argon2?: unknown }).argon2 === 'function' ? 'node:crypto' : ARGON2_BINDING;
}

function argon2Engine(): Promise<Argon2Engine> {
  engine ??= (async () => {
    const builtIn = (nodeCrypto as { argon2?: BuiltInArgon2 }).argon2;
    if (typeof builtIn === 'function') {
      return (input) =>
        new Promise<Buffer>((resolve, reject) =>
          builtIn('argon2id', input, (error, key) => (error ? reject(error) : resolve(key))),
        );
    }
    // The CommonJS exports object itself (not the ES namespace's snapshot of it), read at each
    // call, so a wrapper put on it after loading (the bench's timing) is the one called.
    const loaded = (await import(ARGON2_BINDING)) as { default?: typeof import('@node-rs/argon2') };
    const binding = (loaded.default ?? loaded) as typeof import('@node-rs/argon2');
    return async (input) =>
      Buffer.from(
        await binding.hashRaw(input.message, {
          salt: input.nonce,
          memoryCost: input.memory,
          timeCost: input.passes,
          parallelism: input.parallelism,
          outputLen: input.tagLength,
          // Algorithm.Argon2id: a const enum, so written as its value.
          algorithm: 2,
        }),
      );
  })();
  return engine;
}

/** Passwords are compared as NFKC, so the same characters typed differently match. */
const message = (password: string) => Buffer.from(password.normalize('NFKC'), 'utf8');

async function deriveArgon2(password: string, salt: Buffer, params: Argon2Parameters, length: number) {
  const run = await argon2Engine();
  return run({
    message: message(password),
    nonce: salt,
    memory: params.memoryKiB,
    passes: params.passes,
    parallelism: params.parallelism,
    tagLength: length,
  });
}

function deriveScrypt(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/**
 * Hashes a password with a fresh random salt: Argon2id with the current parameters, or with
 * the ones given (scrypt parameters make a legacy hash, which tests use for speed).
 */
export async function hashPassword(
  password: string,
  params: PasswordHashParameters = DEFAULT_ARGON2,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  if ('logN' in params) {
    const key = await deriveScrypt(password, salt, params);
    return [
      'scrypt',
      params.logN,
      params.r,
      params.p,
      salt.toString('base64url'),
      key.toString('base64url'),
    ].join('$');
  }
  const key = await deriveArgon2(password, salt, params, KEY_LENGTH);
  return `$argon2id$v=19$m=${params.memoryKiB},t=${params.passes},p=${params.parallelism}$${b64(salt)}$${b64(key)}`;
}

type Parsed =
  | { scheme: 'argon2id'; params: Argon2Parameters; salt: Buffer; key: Buffer }
  | { scheme: 'scrypt'; params: ScryptParameters; salt: Buffer; key: Buffer };

const positiveUpTo = (n: number, max: number) => Number.isInteger(n) && n > 0 && n <= max;

function parseArgon2(encoded: string): Parsed | undefined {
  const match =
    /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/.exec(
      encoded,
    );
  if (!match) return undefined;
  const params = { memoryKiB: Number(match[1]), passes: Number(match[2]), parallelism: Number(match[3]) };
  if (
    !positiveUpTo(params.memoryKiB, MAX_MEMORY_KIB) ||
    !positiveUpTo(params.passes, MAX_PASSES) ||
    !positiveUpTo(params.parallelism, MAX_LANES) ||
    params.memoryKiB < 8 * params.parallelism
  ) {
    return undefined;
  }
  const salt = Buffer.from(match[4] as string, 'base64');
  const key = Buffer.from(match[5] as string, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { scheme: 'argon2id', params, salt, key };
}

function parseScrypt(encoded: string): Parsed | undefined {
  const [scheme, logN, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![params.logN, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) || params.logN > 20) {
    return undefined;
  }
  return {
    scheme: 'scrypt',
    params,
    salt: Buffer.from(salt, 'base64url'),
    key: Buffer.from(key, 'base64url'),
  };
}

const parse = (encoded: string): Parsed | undefined =>
  encoded.startsWith('$argon2id$') ? parseArgon2(encoded) : parseScrypt(encoded);

/** Checks a password against a stored hash (Argon2id or scrypt) in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key =
    parsed.scheme === 'argon2id'
      ? await deriveArgon2(password, parsed.salt, parsed.params, parsed.key.length)
      : await deriveScrypt(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * Whether a stored hash should be replaced by one with the current parameters: any scrypt
 * hash, an Argon2id hash weaker than `params` in any dimension, or an unreadable one.
 */
export function needsRehash(encoded: string, params: Argon2Parameters = DEFAULT_ARGON2): boolean {
  const parsed = parse(encoded);
  if (parsed?.scheme !== 'argon2id') return true;
  return (
    parsed.params.memoryKiB < params.memoryKiB ||
    parsed.params.passes < params.passes ||
    parsed.params.parallelism < params.parallelism
  );
}
