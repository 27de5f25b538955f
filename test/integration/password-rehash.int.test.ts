import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  OWASP_MINIMUM_ARGON2,
  verifyPassword,
} from '../../shared/domain/password-hash.ts';
import { CHEAP_ARGON2, personalCredential, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 16, point 7: new hashes are Argon2id at or above OWASP's minimum; today's scrypt
 * hashes still verify and are re-hashed at the next successful login, by a conditional write
 * that never overwrites a password changed meanwhile.
 */
const table = fileTable('rehash');

const PASSWORD = 'Banco12abc';

async function scryptUser(app: ReturnType<typeof testApp>, companyCode: string) {
  await app.onboard({ companyCode, accounts: [{ number: '2000000001', type: 'CHECKING' }] });
  await app.putEndUser({
    companyCode,
    userCode: 'OPER1',
    imageId: 'anchor',
    credential: await personalCredential(PASSWORD),
  });
  return (await table.readUser(companyCode, 'OPER1')) as {
    credential: { passwordHash: string };
    version: number;
  };
}

const auditEntry = (companyCode: string) => ({
  companyCode,
  actor: 'OPER1',
  target: 'OPER1',
  action: 'PASSWORD_HASH_UPGRADED',
  sourceIp: '192.0.2.1',
  correlationId: 'rehash-test',
  at: new Date().toISOString(),
});

describe('Password hashing: Argon2id', () => {
  it('hashes new passwords with Argon2id at or above OWASP’s minimum (19 MiB, t=2, p=1)', async () => {
    const hash = await hashPassword(PASSWORD);
    const [, scheme, version, params] = hash.split('$');
    const [m, t, p] = (params as string).split(',').map((kv) => Number(kv.split('=')[1]));
    expect({ scheme, version }).toEqual({ scheme: 'argon2id', version: 'v=19' });
    expect(m).toBeGreaterThanOrEqual(OWASP_MINIMUM_ARGON2.memoryKiB);
    expect(t).toBeGreaterThanOrEqual(OWASP_MINIMUM_ARGON2.passes);
    expect(p).toBeGreaterThanOrEqual(OWASP_MINIMUM_ARGON2.parallelism);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword('Banco12abd', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('refuses malformed or out-of-bounds Argon2id hashes without deriving anything', async () => {
    const good = await hashPassword(PASSWORD);
    for (const bad of [
      good.replace('m=32768', 'm=99999999'),
      good.replace('t=2', 't=0'),
      good.replace('$argon2id$', '$argon2d$'),
      `${good.slice(0, -10)}`,
    ]) {
      expect(await verifyPassword(PASSWORD, bad)).toBe(false);
    }
  });
});

describe('Login: scrypt hashes move to Argon2id', () => {
  it('re-hashes a scrypt hash with Argon2id at the next successful login, leaving the version alone', async () => {
    // Prepare
    const app = testApp(table);
    const before = await scryptUser(app, 'RHASH1');
    expect(before.credential.passwordHash.startsWith('scrypt$')).toBe(true);

    // Act
    const login = await app.call('login', {
      body: { companyCode: 'RHASH1', userCode: 'OPER1', password: PASSWORD },
    });

    // Assess
    expect(login.body.status).toBe('AUTHENTICATED');
    const after = (await table.readUser('RHASH1', 'OPER1')) as typeof before;
    expect(after.credential.passwordHash.startsWith('$argon2id$v=19$m=1024,t=1,p=1$')).toBe(true);
    expect(needsRehash(after.credential.passwordHash, CHEAP_ARGON2)).toBe(false);
    expect(await verifyPassword(PASSWORD, after.credential.passwordHash)).toBe(true);
    expect(after.version).toBe(before.version);
    const audit = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#RHASH1' },
      }),
    );
    expect(audit.Items?.filter((item) => item.action === 'PASSWORD_HASH_UPGRADED')).toHaveLength(1);
    const again = await app.call('login', {
      body: { companyCode: 'RHASH1', userCode: 'OPER1', password: PASSWORD },
    });
    expect(again.body.status).toBe('AUTHENTICATED');
  });

  it('keeps the scrypt hash after a wrong password', async () => {
    const app = testApp(table);
    const before = await scryptUser(app, 'RHASH2');
    const wrong = await app.call('login', {
      body: { companyCode: 'RHASH2', userCode: 'OPER1', password: 'Banco12abd' },
    });
    expect(wrong.status).toBe(401);
    const after = (await table.readUser('RHASH2', 'OPER1')) as typeof before;
    expect(after.credential.passwordHash).toBe(before.credential.passwordHash);
  });

  it('never overwrites a password changed between the login’s read and the re-hash', async () => {
    // Prepare: the login read hash A; meanwhile the password changed to hash B.
    const app = testApp(table);
    const before = await scryptUser(app, 'RHASH3');
    const changed = await hashPassword('Otro12abcd', { logN: 10, r: 8, p: 1 });
    await app.authStore.upgradePasswordHash(
      { companyCode: 'RHASH3', userCode: 'OPER1' },
      before.credential.passwordHash,
      changed,
      auditEntry('RHASH3'),
    );

    // Act: the late re-hash of A
    const upgraded = await app.authStore.upgradePasswordHash(
      { companyCode: 'RHASH3', userCode: 'OPER1' },
      before.credential.passwordHash,
      await hashPassword(PASSWORD),
      auditEntry('RHASH3'),
    );

    // Assess
    expect(upgraded).toBe(false);
    const after = (await table.readUser('RHASH3', 'OPER1')) as typeof before;
    expect(after.credential.passwordHash).toBe(changed);
  });
});
