import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTenant, tenantByName } from '../../infra/config/tenant.ts';
import { mailFrom, tenant } from '../../shared/core/tenant.ts';
import { optionGroups } from '../../shared/domain/options-catalog.ts';
import { renderExport } from '../../shared/export/index.ts';
import { problemBody } from '../../shared/http/problem.ts';
import { mailBank } from '../../shared/mail/bank.ts';
import { renderGenericPasswordMail } from '../../shared/mail/generic-password.ts';
import { tenantOptionGroups } from '../../shared/services/option-labels.ts';
import { enrollment } from '../../shared/services/token-enrollment.ts';
import { pdfPagesText, usersDocument } from './export/fixtures.ts';

/*
 * The server with the second, fictitious bank (tenants/cbs.json) as its TENANT, as the stack sets
 * it: its e-mail, its exports, its option labels, its problem texts and its authenticator issuer
 * name it, in its time zone and number format, and say nothing of the guide's bank.
 */

const first = tenantByName('bop');
const second = tenantByName('cbs');
const firstBankLiterals = [
  'Occidente',
  first.customerService.phone,
  first.customerService.email.split('@')[1] as string,
  first.token.name,
  'Panam',
];
const expectNoFirstBank = (text: string) => {
  for (const literal of firstBankLiterals) expect(text, literal).not.toContain(literal);
};

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.TENANT;
  process.env.TENANT = JSON.stringify(serverTenant(second));
});
afterAll(() => {
  if (saved === undefined) delete process.env.TENANT;
  else process.env.TENANT = saved;
});

describe('Server: a second bank from its TENANT', () => {
  it('reads the bank from TENANT, and the guide’s bank without it', () => {
    // Assess
    expect(tenant().name).toBe('Caja Boreal del Sur');
    expect(tenant({}).name).toBe('Banco de Occidente (Panamá)');
    expect(() => tenant({ TENANT: '{"name": 1}' })).toThrow('Invalid configuration: TENANT');
    expect(() => tenant({ TENANT: '{not json' })).toThrow('Invalid configuration: TENANT');
  });

  it('writes the generic-password e-mail in its name, dated in its time zone', () => {
    // Act
    const mail = renderGenericPasswordMail({
      language: 'es',
      bankName: mailBank().name,
      password: 'Abc12345',
      expiresAt: new Date('2026-03-01T15:00:00Z'),
    });

    // Assess
    expect(mail.subject).toBe('Caja Boreal del Sur: su clave genérica de Banca en Línea Corporativa');
    expect(mail.text).toContain('(hora de Santiago)');
    // 15:00 UTC is 12:00 in Santiago in March (summer time, UTC−3).
    expect(mail.text).toContain('12:00');
    expect(mail.text.trim().endsWith('Caja Boreal del Sur')).toBe(true);
    expectNoFirstBank(`${mail.subject}\n${mail.text}\n${mail.html}`);
  });

  it('sends from the bank’s name, MIME-encoded when it is not ASCII', () => {
    // Assess
    expect(mailFrom('avisos@banca.cajaboreal.example')).toBe(
      '"Caja Boreal del Sur" <avisos@banca.cajaboreal.example>',
    );
    const encoded = mailFrom('occinet@bank.example', serverTenant(first));
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <occinet@bank\.example>$/);
    const base64 = encoded.slice('=?UTF-8?B?'.length, encoded.indexOf('?= '));
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe('Banco de Occidente (Panamá)');
  });

  it('names exports after the bank, in its time zone and number format', async () => {
    // Arrange
    const doc = usersDocument({
      columns: [
        { key: 'userCode', header: { es: 'Usuario', en: 'User' } },
        { key: 'limit', header: { es: 'Límite', en: 'Limit' }, kind: 'amount' },
      ],
      rows: [{ userCode: 'USR0001', limit: 1234.5 }],
    });

    // Act
    const [csv, pdf] = await Promise.all([renderExport('csv', doc), renderExport('pdf', doc)]);
    const pages = pdfPagesText(pdf.body).flat();

    // Assess: 03:05 UTC on 12/28 is 00:05 in Santiago (UTC−3 in December)
    expect(csv.fileName).toBe('cbs-usuarios-EMP001-20231228-0005.csv');
    expect(pdf.fileName).toBe('cbs-usuarios-EMP001-20231228-0005.pdf');
    expect(pages).toContain('Caja Boreal del Sur — Banca en Línea Corporativa — Administración');
    expect(pages).toContain('Generado: 12/28/23 00:05 (hora de Santiago)');
    expect(pages).toContain('1.234,50');
    expectNoFirstBank(`${pages.join('\n')}\n${csv.body.toString('utf8')}`);
  });

  it('labels the options that name the bank, and its token product, as the bank does', () => {
    // Act
    const labels = tenantOptionGroups(optionGroups).flatMap((g) => g.options.map((o) => o.label.es));

    // Assess
    expect(labels).toContain('A otras cuentas Caja Boreal');
    expect(labels).toContain('Solicitud Llave Boreal');
    expectNoFirstBank(labels.join('\n'));
  });

  it('names its token product in the API’s problems', () => {
    // Act
    const problem = problemBody('TOKEN_REQUIRED', 'es');

    // Assess
    expect(problem.title).toBe('Llave Boreal requerido');
    expect(problem.detail).toContain('Llave Boreal');
    expectNoFirstBank(`${problem.title} ${problem.detail}`);
  });

  it('is the issuer an authenticator app shows (otpauth://)', async () => {
    // Arrange: the token functions' wiring, from the environment
    process.env.TABLE_NAME ??= 'test_tenant_issuer';
    const { tokenDeps } = await import('../../shared/runtime/tokens.ts');
    const { sessionRuntime } = await import('../../shared/runtime/base.ts');

    // Act
    const { issuer } = tokenDeps(sessionRuntime());
    const shown = await enrollment(new Uint8Array(20).fill(7), issuer, 'EMP001', 'ADMON');

    // Assess
    expect(shown.issuer).toBe('Caja Boreal del Sur');
    expect(new URL(shown.otpauthUri).searchParams.get('issuer')).toBe('Caja Boreal del Sur');
  });
});

describe('Server: the second bank’s clock', () => {
  it('judges connection hours and dates in its own time zone, and names that zone in its refusal', async () => {
    // Arrange: 2026-03-02T02:30Z is Sunday 21:30 in Panama (UTC−5) and Sunday 23:30 in Santiago (UTC−3 in summer)
    const { bankLocalTime, bankTimeZone, listDate } = await import('../../shared/domain/bank-calendar.ts');
    const instant = new Date('2026-03-02T02:30:00Z');

    // Act
    const local = bankLocalTime(instant);
    const refusal = problemBody('CONNECTION_HOURS', 'es');

    // Assess
    expect(bankTimeZone()).toBe(second.timeZone);
    expect(local).toEqual({ weekday: 'SUN', secondOfDay: (23 * 60 + 30) * 60 });
    expect(bankLocalTime(instant, 'America/Panama')).toEqual({
      weekday: 'SUN',
      secondOfDay: (21 * 60 + 30) * 60,
    });
    expect(listDate(new Date('2026-03-02T03:30:00Z'))).toBe(
      listDate(new Date('2026-03-02T03:30:00Z'), second.timeZone),
    );
    expect(refusal.detail).toContain(`(${second.timeZoneLabel.es})`);
    expectNoFirstBank(refusal.detail ?? '');
  });
});
