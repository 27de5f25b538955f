import { describe, expect, it } from 'vitest';
import { readyAdministrator, testApp, testClock } from '../helpers/app.ts';
import { newUserBody } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 20, point 2: the company setting "a confirmed code is valid for N minutes" (0–5, 0 by
 * default): within the window after an accepted confirmation, the same administrator's next
 * confirmed actions in the same session need no code; changing the settings always asks for one.
 */
const table = fileTable('confwindow');

const user = (userCode: string) => newUserBody(userCode);

/** The administrator creates `userCode`, confirming with a fresh code from their token. */
const createWithCode = (
  app: ReturnType<typeof testApp>,
  admin: Awaited<ReturnType<typeof readyAdministrator>>,
  userCode: string,
) => app.call('createUser', { token: admin.token, headers: { 'X-OTP': admin.otp() }, body: user(userCode) });

async function adminWithWindow(company: string, minutes: number) {
  const clock = testClock();
  const app = testApp(table, { clock });
  const admin = await readyAdministrator(app, company);
  const set = await app.call('updateCompanySettings', {
    token: admin.token,
    headers: { 'X-OTP': admin.otp() },
    body: { confirmationWindowMinutes: minutes },
  });
  return { app, admin, clock, set };
}

describe('Company setting: a confirmed code is valid for N minutes (issue 20, point 2)', () => {
  it('is 0 by default: every confirmed action asks for a code', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'WIN0');
    const settings = await app.call('getCompanySettings', { token: admin.token });
    expect(settings.body.confirmationWindowMinutes).toBe(0);
    const first = await createWithCode(app, admin, 'UNO');
    expect(first.status).toBe(201);
    const second = await app.call('createUser', { token: admin.token, body: user('DOS') });
    expect([second.status, second.body.code]).toEqual([428, 'OTP_REQUIRED']);
  });

  it('is changed with a code and audited, up to 5 minutes', async () => {
    const { app, admin, set } = await adminWithWindow('WIN1', 5);
    expect(set.body).toMatchObject({ confirmationWindowMinutes: 5, otpConfirmation: true });
    const entry = (await table.readAudit('WIN1')).find((a) => a.action === 'COMPANY_SETTINGS_CHANGED');
    expect(entry?.changes).toEqual({ confirmationWindowMinutes: { before: 0, after: 5 } });
    const tooLong = await app.call('updateCompanySettings', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: { confirmationWindowMinutes: 6 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0]).toMatchObject({
      field: 'body.confirmationWindowMinutes',
      code: 'too_big',
    });
  });

  it('spares the code within the window after an accepted one, and asks again once it has passed', async () => {
    // Prepare
    const { app, admin, clock } = await adminWithWindow('WIN2', 2);

    // Act: one action with a code, then two without, then one past the window
    const withCode = await createWithCode(app, admin, 'UNO');
    clock.advance(60_000);
    const within = await app.call('createUser', { token: admin.token, body: user('DOS') });
    clock.advance(59_000);
    const stillWithin = await app.call('createUser', { token: admin.token, body: user('TRES') });
    clock.advance(2_000);
    const past = await app.call('createUser', { token: admin.token, body: user('CUATRO') });

    // Assess: the window counts from the accepted code, not from the actions it spared
    expect([withCode.status, within.status, stillWithin.status]).toEqual([201, 201, 201]);
    expect([past.status, past.body.code]).toEqual([428, 'OTP_REQUIRED']);
    expect(await table.readUser('WIN2', 'CUATRO')).toBeUndefined();
  });

  it('always asks for a code to change the settings, even within the window', async () => {
    const { app, admin } = await adminWithWindow('WIN3', 5);
    await createWithCode(app, admin, 'UNO');
    const change = await app.call('updateCompanySettings', {
      token: admin.token,
      body: { confirmationWindowMinutes: 0 },
    });
    expect([change.status, change.body.code]).toEqual([428, 'OTP_REQUIRED']);
  });

  it('does not carry over to another session of the administrator', async () => {
    const { app, admin } = await adminWithWindow('WIN4', 5);
    await createWithCode(app, admin, 'UNO');
    const again = await app.call('login', {
      body: { companyCode: 'WIN4', userCode: 'ADMON', password: admin.password },
    });
    const session = again.body.session.token as string;
    const other = await app.call('createUser', { token: session, body: user('DOS') });
    expect([other.status, other.body.code]).toEqual([428, 'OTP_REQUIRED']);
  });
});
