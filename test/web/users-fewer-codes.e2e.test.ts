import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTokenOverHttp, firstLoginOverHttp } from '../helpers/http.ts';
import { type LocalStack, mailedGenericPassword } from '../helpers/local-stack.ts';
import type { TestAuthenticator } from '../helpers/totp.ts';
import {
  type Browser,
  checkScreen,
  confirmWithOtp,
  menu,
  openPortal,
  type Page,
  poll,
  portalLogIn,
  skipAfterFailure,
  startPortalStack,
} from './browser.ts';

/*
 * Issue 20, point 2, in a real browser: the create form's option that assigns the password and
 * activates under one code, and the creation of users from a CSV file — every error listed by row
 * and column first, then all created under one code — with axe-core finding nothing serious.
 * ADMON's first login and BOP Token are done over the API; codes come from the token's secret on
 * a movable process clock (test/helpers/totp.ts), never waited for.
 */

const COMPANY = 'CORPORATIV';
const PASSWORD = 'Ventas42';

describe('Portal: fewer codes (create and activate, users from a file)', () => {
  let stack: LocalStack;
  let browser: Browser;
  let stop: () => Promise<void>;
  let admin: Page;
  let token: TestAuthenticator;
  const problems: string[] = [];

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  skipAfterFailure(() => [['fewer-codes', admin]]);

  beforeAll(async () => {
    ({ stack, browser, stop } = await startPortalStack('web_fewer', { seed: true, seedEndUsers: false }));
    // ADMON's first login, image and BOP Token over the API (the guide's walk has its own test).
    const session = await firstLoginOverHttp(stack.apiUrl, {
      companyCode: COMPANY,
      userCode: 'ADMON',
      temporary: await mailedGenericPassword(stack.sesUrl, 'admon@corporativ.example'),
      password: PASSWORD,
    });
    token = (await enrollTokenOverHttp(stack.apiUrl, session)).authenticator;

    admin = await openPortal(browser, problems, stack.apiUrl, { lang: 'es' });
    await portalLogIn(admin, { companyCode: COMPANY, userCode: 'ADMON', password: PASSWORD });
  }, 180_000);

  afterAll(() => stop?.());

  it('creates a user with the password assigned and Activo, with one code, from the create form', async () => {
    // Prepare
    await menu(admin, 'Usuarios');
    await admin.getByRole('button', { name: 'Crear usuario' }).click();
    await poll(() => heading(admin).textContent()).toBe('Administración de usuarios');
    await admin.getByLabel('Código de usuario').fill('NUEVO1');
    await admin.getByLabel('Nombre').fill('ANA');
    await admin.getByLabel('Apellido').fill('GOMEZ');
    await admin.getByLabel('Cargo').fill('CONTADORA');
    await admin.getByLabel('Correo Electrónico').fill('ana@correo.com');
    await admin.getByRole('radio', { name: 'Operador' }).check();
    await admin.getByRole('checkbox', { name: 'Consulta', exact: true }).check();
    await admin.getByRole('checkbox', { name: /^Cuenta 1 —/ }).check();

    // Act
    await admin.getByRole('checkbox', { name: /Asignar la clave y activar al usuario ahora/ }).check();
    await admin.getByLabel('Clave asignada').fill('Cuenta57');
    await admin.getByLabel('Confirmación de la clave').fill('Cuenta57');
    await checkScreen(admin, 'user-form-create-and-activate');
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, token.next());

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('El usuario NUEVO1 fue creado, con la clave asignada, en estado Activo.');
    expect(await admin.getByRole('row', { name: /NUEVO1/ }).textContent()).toContain('Activo');
  });

  it('lists every error of a file by row and column before anything is written, then creates its users with one code', async () => {
    // Prepare
    await menu(admin, 'Usuarios');
    await admin.getByRole('button', { name: 'Crear desde archivo' }).click();
    await poll(() => heading(admin).textContent()).toBe('Crear usuarios desde un archivo');
    const header = 'Código de usuario,Nombre,Apellido,Cargo,Correo electrónico,Perfil,Opciones,Cuentas';
    const file = (...rows: string[]) => ({
      name: 'usuarios.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`),
    });
    const good = [
      'LOTE1,JUAN,PEREZ,ANALISTA,lote1@correo.com,Operador,products.inquiry,TODAS',
      'LOTE2,LUIS,DIAZ,JEFE,lote2@correo.com,Supervisor,TODAS,TODAS',
    ];

    // Act: a file with errors on two rows
    await admin
      .getByLabel('Archivo CSV o Excel')
      .setInputFiles(
        file(
          good[0] as string,
          'LOTE2,LUIS,DIAZ,JEFE,no-es-correo,Supervisor,TODAS,9999999999',
          'NUEVO1,ANA,GOMEZ,X,a@b.com,Ambos,TODAS,TODAS',
        ),
      );
    await admin.getByRole('button', { name: 'Validar' }).click();

    // Assess: every error, by row and column, and nothing written
    const errors = admin.getByRole('table', { name: 'Errores del archivo, por fila y columna' });
    await poll(() => errors.isVisible()).toBe(true);
    expect(await admin.locator('#import-errors').textContent()).toContain('El archivo tiene 3 errores');
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('3') && r.includes('Correo electrónico'))).toBe(true);
    expect(rows.some((r) => r.startsWith('3') && r.includes('Cuentas'))).toBe(true);
    expect(
      rows.some((r) => r.startsWith('4') && r.includes('Código de usuario') && r.includes('NUEVO1')),
    ).toBe(true);
    await checkScreen(admin, 'user-import-errors');

    // Act: the corrected file, validated, then created under one code
    await admin.getByLabel('Archivo CSV o Excel').setInputFiles(file(...good));
    await admin.getByRole('button', { name: 'Validar' }).click();
    await poll(() => admin.locator('#import-ready').textContent()).toContain('2 usuarios listos para crear');
    await checkScreen(admin, 'user-import-ready');
    await admin.getByRole('button', { name: 'Crear usuarios' }).click();
    await confirmWithOtp(admin, token.next());

    // Assess
    await poll(() => admin.locator('#import-done').textContent()).toContain('Se crearon 2 usuarios');
    await checkScreen(admin, 'user-import-done');
    await admin.getByRole('button', { name: 'OK' }).click();
    await poll(() => admin.getByRole('row', { name: /LOTE2/ }).textContent()).toContain('Pendiente');
  });

  it('sets the minutes a confirmed code stays valid, with a code, on the settings screen', async () => {
    await menu(admin, 'Ajustes de seguridad');
    const minutes = admin.getByLabel('Minutos de validez de un código confirmado (0 a 5)');
    await poll(() => minutes.inputValue()).toBe('0');
    await checkScreen(admin, 'settings-window');
    await minutes.fill('2');
    await admin.getByRole('button', { name: 'Guardar' }).click();
    await confirmWithOtp(admin, token.next());
    await poll(() => admin.locator('main').textContent()).toContain('Los ajustes fueron guardados.');
    expect(await minutes.inputValue()).toBe('2');
    expect(problems).toEqual([]);
  });
});
