import { describe, expect, it } from 'vitest';
import { build as buildLogin } from '../../functions/auth/login.ts';
import { auditKeys } from '../../shared/data/keys.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { lambdaContext, newUserBody, restEvent } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';
import { queryAll } from './support/table.ts';

/**
 * Issue 9, point 6, against DynamoDB Local (the real engine, real conditional writes and
 * transactions): bursts of wrong passwords, edits racing on one user, one OTP used twice at
 * once. Each race is run for several rounds, so that the outcome does not depend on luck.
 */

const table = fileTable('concurrency');

const ROUNDS = 8;

const auditOf = (company: string) =>
  queryAll(table.documentClient, table.tableName, auditKeys.partition(company));

/** Entries written since `before` (the clock of these tests stands still, so order is not enough). */
const since = (before: Record<string, unknown>[], after: Record<string, unknown>[]) => {
  const known = new Set(before.map((e) => e.sk));
  return after.filter((e) => !known.has(e.sk));
};

const userItem = async (company: string, user: string) =>
  (await table.readUser(company, user)) as Record<string, unknown> & {
    version: number;
    credential?: { failedAttempts: number };
  };

describe('Concurrency: a burst of wrong passwords', () => {
  it.each([3, 10])(
    'locks at exactly the threshold (%i) under 50 concurrent wrong passwords, with one identical answer for all',
    async (threshold) => {
      // Arrange
      const company = `RAFAGA${threshold}`;
      const app = testApp(table, { threshold });
      await readyAdministrator(app, company);
      const personal = await hashPassword('Bueno12ab', { logN: 10, r: 8, p: 1 });
      await app.putEndUser({
        companyCode: company,
        userCode: 'VICTIMA',
        imageId: 'anchor',
        credential: {
          passwordHash: personal,
          kind: 'personal',
          failedAttempts: 0,
          history: [],
          changedAt: '',
        },
      });

      // The login function, with time enough: 50 memory-hard verifications share this one process
      // (in AWS each request has an execution environment of its own).
      const login = buildLogin(loginDeps(app.runtime));
      const attempt = async (password: string) => {
        const response = await login(
          restEvent({
            method: 'POST',
            path: '/auth/login',
            body: { companyCode: company, userCode: 'VICTIMA', password },
          }),
          { ...lambdaContext('login'), getRemainingTimeInMillis: () => 300_000 },
        );
        return { status: response.statusCode, body: JSON.parse(response.body) };
      };

      // Act
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => attempt(`Malo${String(i).padStart(2, '0')}ab`)),
      );

      // Assess: all 50 look alike; exactly `threshold` were verified, the rest found it locked
      const failures = answers.filter((a) => a.status >= 500);
      expect(failures.length, app.logLines.filter((l) => l.includes('"error"')).join('\n')).toBe(0);
      expect(new Set(answers.map((a) => `${a.status} ${a.body.code} ${a.body.detail}`))).toEqual(
        new Set([`401 LOGIN_FAILED ${answers[0]?.body.detail}`]),
      );
      expect((await userItem(company, 'VICTIMA')).credential?.failedAttempts).toBe(threshold);
      const refusals = (await auditOf(company)).filter(
        (e) => e.action === 'LOGIN_REFUSED' && e.target === 'VICTIMA',
      );
      expect(refusals).toHaveLength(50);
      const outcomes = refusals.map((e) => String(e.outcome));
      expect(outcomes.filter((o) => o === 'WRONG_PASSWORD')).toHaveLength(threshold - 1);
      expect(outcomes.filter((o) => o === 'WRONG_PASSWORD_NOW_LOCKED')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'LOCKED')).toHaveLength(50 - threshold);
      const right = await attempt('Bueno12ab');
      expect(right.body.code).toBe('LOGIN_FAILED');
    },
    60_000,
  );
});

describe('Concurrency: two edits of one user', () => {
  it('lets one of two simultaneous edits win and answers the other 409, round after round; the audit shows exactly the winner', async () => {
    // Arrange: the administrator in two tabs (one session), confirmation off
    const app = testApp(table, { confirm: async () => undefined });
    const { token } = await readyAdministrator(app, 'EDICION');
    await app.putEndUser({ companyCode: 'EDICION', userCode: 'EDITADO', jobTitle: 'INICIAL' });

    for (let round = 0; round < ROUNDS; round++) {
      const { version } = await userItem('EDICION', 'EDITADO');
      const auditBefore = await auditOf('EDICION');

      // Act: one tab renames, the other changes the job title, both from the same version
      const [rename, retitle] = await Promise.all([
        app.call('updateUser', {
          token,
          path: { userCode: 'EDITADO' },
          body: { version, firstName: `NOMBRE ${'ABCDEFGHIJ'[round]}` },
        }),
        app.call('updateUser', {
          token,
          path: { userCode: 'EDITADO' },
          body: { version, jobTitle: `CARGO ${'ABCDEFGHIJ'[round]}` },
        }),
      ]);

      // Assess
      const statuses = [rename.status, retitle.status].sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      const loser = rename.status === 409 ? rename : retitle;
      expect(loser.body.code).toBe('VERSION_CONFLICT');
      const winner = rename.status === 200 ? 'firstName' : 'jobTitle';
      const after = await userItem('EDICION', 'EDITADO');
      expect(after.version).toBe(version + 1);
      const entries = since(auditBefore, await auditOf('EDICION'));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'USER_UPDATED', target: 'EDITADO', actor: 'ADMON' });
      const changes = (entries[0]?.changes ?? {}) as Record<string, { after: unknown }>;
      expect(Object.keys(changes)).toEqual([winner]);
      expect(changes[winner]?.after).toBe(after[winner]);
    }
  }, 60_000);

  it('lets one of a state change and an edit of one user win; the other gets 409 and leaves no trace', async () => {
    const app = testApp(table, { confirm: async () => undefined });
    const { token } = await readyAdministrator(app, 'ESTADOS');
    await app.putEndUser({ companyCode: 'ESTADOS', userCode: 'CAMBIADO' });

    for (let round = 0; round < ROUNDS; round++) {
      const { version, state } = await userItem('ESTADOS', 'CAMBIADO');
      const auditBefore = await auditOf('ESTADOS');
      const [stateChange, edit] = await Promise.all([
        app.call('changeUserState', {
          token,
          path: { userCode: 'CAMBIADO' },
          body: { state: state === 'ACTIVE' ? 'DISABLED' : 'ACTIVE', version },
        }),
        app.call('updateUser', {
          token,
          path: { userCode: 'CAMBIADO' },
          body: { version, lastName: `APELLIDO ${'ABCDEFGHIJ'[round]}` },
        }),
      ]);
      expect([stateChange.status, edit.status].sort(), `round ${round}`).toEqual([200, 409]);
      const entries = since(auditBefore, await auditOf('ESTADOS'));
      expect(entries).toHaveLength(1);
      expect(entries[0]?.action).toBe(stateChange.status === 200 ? 'USER_STATE_CHANGED' : 'USER_UPDATED');
      expect((await userItem('ESTADOS', 'CAMBIADO')).version).toBe(version + 1);
    }
  }, 60_000);
});

describe('Concurrency: one OTP, two actions at once', () => {
  it('accepts one code for exactly one of two simultaneous confirmed actions, round after round', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'UNOTP');

    for (let round = 0; round < ROUNDS; round++) {
      const code = admin.otp();
      const auditBefore = await auditOf('UNOTP');
      const [first, second] = await Promise.all(
        [`UNO${round}A`, `UNO${round}B`].map((userCode) =>
          app.call('createUser', {
            token: admin.token,
            body: newUserBody(userCode),
            headers: { 'X-OTP': code },
          }),
        ),
      );

      expect([first?.status, second?.status].sort(), `round ${round}`).toEqual([201, 403]);
      const refused = first?.status === 403 ? first : second;
      expect(refused?.body.code).toBe('OTP_INVALID');
      const created = [await userItem('UNOTP', `UNO${round}A`), await userItem('UNOTP', `UNO${round}B`)];
      expect(created.filter(Boolean)).toHaveLength(1);
      const entries = since(auditBefore, await auditOf('UNOTP')).map((e) =>
        `${e.action} ${e.outcome ?? ''}`.trim(),
      );
      expect(entries.sort()).toEqual(
        [
          'CONFIRMATION_OTP_ACCEPTED createUser',
          'CONFIRMATION_OTP_REFUSED REPLAY_CODE',
          'USER_CREATED',
        ].sort(),
      );
    }
    // Each replay counted toward the lockout, and each accepted code cleared it.
    expect((await userItem('UNOTP', 'ADMON')).credential?.failedAttempts).toBeLessThan(3);
  }, 60_000);
});
