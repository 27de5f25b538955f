import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureNode24 } from '../../infra/tools/node24.ts';
import { hashPassword, verifyPassword } from '../../shared/domain/password-hash.ts';

/**
 * Issue 16, point 7: the Lambda runtime (Node 24, `crypto.argon2`) and the developers' Node 20
 * (the `@node-rs/argon2` binding) make and verify the same Argon2id hashes, both ways. Each
 * side runs in its own process, so neither borrows the other's implementation.
 */
/** The Lambda runtime's major, fetched on demand (infra/tools/node24.ts; `.ci/run` fetches it first). */
let NODE24 = '';
/** A Node.js without `crypto.argon2`: the one that runs npm (Node 20 on these machines). */
const NODE20 = [process.env.npm_node_execpath, process.execPath, '/usr/bin/node'].find(
  (path) =>
    path && existsSync(path) && /^v20\./.test(execFileSync(path, ['--version'], { encoding: 'utf8' })),
);

interface Answer {
  version: string;
  implementation: string;
  hashes: string[];
  verified: boolean[];
}

const run = (node: string, request: { hash?: string[]; verify?: [string, string][] }): Answer =>
  JSON.parse(
    execFileSync(node, ['--import', 'tsx', 'test/helpers/password-hash-cli.ts', JSON.stringify(request)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    }),
  );

const PASSWORDS = ['Banco12abc', 'Contraseña1234ñ'];

describe('Password hashes across runtimes', () => {
  beforeAll(() => {
    NODE24 = ensureNode24();
  });

  it('has a Node 20 and the Node 24 binary to compare', () => {
    expect(NODE20).toBeTruthy();
    expect(existsSync(NODE24)).toBe(true);
  });

  it('hashes with Argon2id on Node 20 (binding) and verifies on Node 24 (crypto.argon2), and the reverse', () => {
    // Prepare
    const node20 = NODE20 as string;
    const made20 = run(node20, { hash: PASSWORDS });
    const made24 = run(NODE24, { hash: PASSWORDS });
    // Act
    const checkedOn24 = run(NODE24, {
      verify: [
        ...PASSWORDS.map((p, i) => [p, made20.hashes[i]] as [string, string]),
        ['Banco12abd', made20.hashes[0] as string],
      ],
    });
    const checkedOn20 = run(node20, {
      verify: [
        ...PASSWORDS.map((p, i) => [p, made24.hashes[i]] as [string, string]),
        ['Banco12abd', made24.hashes[0] as string],
      ],
    });
    // Assess
    expect(made20.version).toMatch(/^v20\./);
    expect(made20.implementation).toBe('@node-rs/argon2');
    expect(made24.version).toMatch(/^v24\./);
    expect(made24.implementation).toBe('node:crypto');
    for (const hash of [...made20.hashes, ...made24.hashes]) {
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=32768,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    }
    expect(checkedOn24.verified).toEqual([true, true, false]);
    expect(checkedOn20.verified).toEqual([true, true, false]);
  }, 60_000);

  it('verifies a legacy scrypt hash on both runtimes', async () => {
    const legacy = await hashPassword('Banco12abc', { logN: 10, r: 8, p: 1 });
    expect(await verifyPassword('Banco12abc', legacy)).toBe(true);
    expect(
      run(NODE24, {
        verify: [
          ['Banco12abc', legacy],
          ['Banco12abd', legacy],
        ],
      }).verified,
    ).toEqual([true, false]);
    expect(run(NODE20 as string, { verify: [['Banco12abc', legacy]] }).verified).toEqual([true]);
  }, 60_000);
});
