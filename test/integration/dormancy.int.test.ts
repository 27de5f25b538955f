import { describe, expect, it } from 'vitest';
import { dormancyDeps } from '../../functions/scheduled/disable-dormant.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { disableDormantUsers } from '../../shared/services/dormancy.ts';
import { personalCredential, readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('dormancy');

const DAY = 86_400_000;

describe('Dormant users (issue 18, point 4)', () => {
  it('disables end users inactive for N days, audited with the reason and notified; the administrator sees why and re-activates', async () => {
    // Prepare: the clock is 2026-11-26; one user last logged in 100 days ago, one 10 days ago
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'DORM1', 'Banco1234a', { language: 'en' });
    const at = (days: number) => new Date(app.clock.now().getTime() - days * DAY).toISOString();
    const credential = await personalCredential('Clave12Op');
    await app.putEndUser({
      companyCode: 'DORM1',
      userCode: 'DORMIDO',
      email: 'dormido@empresa.example',
      credential,
      createdAt: at(200),
      lastLoginAt: at(100),
    });
    await app.putEndUser({
      companyCode: 'DORM1',
      userCode: 'ACTIVO',
      credential,
      createdAt: at(200),
      lastLoginAt: at(10),
    });
    await app.putEndUser({ companyCode: 'DORM1', userCode: 'NUNCA', state: 'PENDING', createdAt: at(200) });
    app.mailbox.length = 0;
    const lines: string[] = [];
    const deps = { ...dormancyDeps(app.runtime), log: createLogger({ write: (line) => lines.push(line) }) };

    // Act
    const run = await disableDormantUsers(deps);

    // Assess
    expect(run.disabled).toContainEqual({ companyCode: 'DORM1', userCode: 'DORMIDO' });
    expect(run.disabled.filter((d) => d.companyCode === 'DORM1')).toHaveLength(1);
    expect(await table.readUser('DORM1', 'DORMIDO')).toMatchObject({
      state: 'DISABLED',
      disabledReason: 'DORMANT',
    });
    expect((await table.readUser('DORM1', 'ACTIVO'))?.state).toBe('ACTIVE');
    expect((await table.readUser('DORM1', 'NUNCA'))?.state).toBe('PENDING');
    expect((await table.readUser('DORM1', 'ADMON'))?.state).toBe('ACTIVE');
    const entry = (await table.readAudit('DORM1')).find((e) => e.target === 'DORMIDO');
    expect(entry).toMatchObject({
      actor: 'SISTEMA',
      action: 'USER_STATE_CHANGED',
      changes: { state: { before: 'ACTIVE', after: 'DISABLED' } },
      outcome: 'DORMANT: no activity for 90 days',
    });
    expect(app.mailbox.map((m) => [m.to, m.subject])).toEqual([
      ['dormido@empresa.example', 'Banco de Occidente (Panamá): Your user is Disabled'],
    ]);
    expect(app.mailbox[0]?.text).toContain('inactivity');
    // The administrator sees the reason and re-activates as today
    const detail = await app.call('getUser', { token: admin.token, path: { userCode: 'DORMIDO' } });
    expect(detail.body).toMatchObject({ state: 'DISABLED', disabledReason: 'DORMANT' });
    const reactivated = await app.call('changeUserState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'DORMIDO' },
      body: { state: 'ACTIVE', version: detail.body.version },
    });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.user.disabledReason).toBeUndefined();
    // The next run leaves the re-activated user alone (the re-activation is activity)
    const next = await disableDormantUsers(deps);
    expect(next.disabled.filter((d) => d.companyCode === 'DORM1')).toEqual([]);
  });

  it('keeps the user disabled when the e-mail fails', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'DORM2' });
    const at = new Date(app.clock.now().getTime() - 365 * DAY).toISOString();
    await app.putEndUser({ companyCode: 'DORM2', userCode: 'VIEJO', createdAt: at });
    app.mail.down = true;
    const lines: string[] = [];

    // Act
    await disableDormantUsers({
      ...dormancyDeps(app.runtime),
      log: createLogger({ write: (line) => lines.push(line) }),
    });

    // Assess
    expect((await table.readUser('DORM2', 'VIEJO'))?.state).toBe('DISABLED');
    expect(lines.filter((line) => line.includes('"event":"NOTIFICATION_FAILED"')).length).toBeGreaterThan(0);
  });
});
