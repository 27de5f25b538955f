import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, mailedGenericPassword } from '../helpers/local-stack.ts';
import { parseOtpauthUri, processClock, type TestAuthenticator, testAuthenticator } from '../helpers/totp.ts';
import {
  type Browser,
  checkScreen,
  confirmWithOtp,
  menu,
  newPage,
  openPortal,
  type Page,
  poll,
  portalLogIn,
  resetScreenshots,
  skipAfterFailure,
  startPortalStack,
} from './browser.ts';

/*
 * The bank's guide, walked in a real browser against the local stack: the administrator's
 * first login from the e-mailed generic password, the forced change, the image, the BOP Token,
 * OPERADOR created, given a password and activated, then OPERADOR's own login in a second
 * browser context, in English and Spanish. Each `it` is one step and continues the last.
 *
 * BOP Token codes are computed here from the secret the portal shows. Each code is accepted
 * once per 30-second step, so the process clock (which the in-process API reads) is moved to
 * the next step when a new code is needed, instead of waiting for it.
 */

describe('Portal: the guide in a browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  let stop: () => Promise<void>;
  let admin: Page;
  let operator: Page;
  let genericPassword: string;
  let adminToken: TestAuthenticator;
  const problems: string[] = [];

  const ADMIN_PASSWORD = 'Ventas42';
  const OPERATOR_ASSIGNED = 'Cuenta57';
  const OPERATOR_PASSWORD = 'Tierra38';
  const OPERATOR_NEW_PASSWORD = 'Bosque47';

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  skipAfterFailure(() => [
    ['admin', admin],
    ['operator', operator],
  ]);

  beforeAll(async () => {
    resetScreenshots();
    ({ stack, browser, stop } = await startPortalStack('web_portal', {
      seed: true,
      // The guide's walk starts from a company with no end user (the list shows "1-1 de 1").
      seedEndUsers: false,
    }));
    genericPassword = await mailedGenericPassword(stack.sesUrl, 'admon@corporativ.example');
    admin = await newPage(browser, problems, { lang: 'es' });
  }, 120_000);

  afterAll(() => stop?.());

  it('serves the portal on the API’s origin with a strict Content-Security-Policy', async () => {
    // Act
    const response = await admin.goto(stack.apiUrl);

    // Assess
    expect(genericPassword).toMatch(/^[A-Za-z0-9]{8,10}$/);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['strict-transport-security']).toContain('max-age=');
  });

  it('shows the login in Spanish, switches to English and remembers it (Idioma)', async () => {
    // Assess: Spanish by default
    await poll(() => heading(admin).textContent()).toBe('INGRESE A SU BANCA EN LÍNEA');
    await poll(() => admin.getByText('Idioma:').isVisible()).toBe(true);
    await checkScreen(admin, 'login-identify-es');

    // Act
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.reload();

    // Assess
    await poll(() => heading(admin).textContent()).toBe('LOG IN TO YOUR ONLINE BANKING');
    expect(await admin.getAttribute('html', 'lang')).toBe('en');
    await checkScreen(admin, 'login-identify-en');
    await admin.getByRole('button', { name: 'Español' }).click();
    await poll(() => heading(admin).textContent()).toBe('INGRESE A SU BANCA EN LÍNEA');
  });

  it('step 3–4: identifies ADMON and shows the anti-phishing image with the bank’s notice', async () => {
    // Act
    await admin.getByLabel('Código de empresa').fill('corporativ');
    await admin.getByLabel('Código de usuario').fill('admon');
    await admin.getByRole('button', { name: 'Continuar' }).click();

    // Assess
    await admin.getByLabel('Contraseña').waitFor();
    expect(await admin.getByRole('img').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await admin.locator('main').textContent()).toContain(
      'Si ya eligió su imagen de seguridad y esta no es la suya, no escriba su clave y comuníquese con Banco de Occidente (Panamá), S.A.',
    );
    await checkScreen(admin, 'login-password');
  });

  it('step 5: shows the password rules before typing and names each rule a refused password breaks', async () => {
    // Act
    await admin.getByLabel('Contraseña').fill(genericPassword);
    await admin.getByRole('button', { name: 'Ingresar' }).click();

    // Assess: the rules, before anything is typed
    await poll(() => heading(admin).textContent()).toBe('Cambio de clave');
    const rules = admin.locator('#password-rules');
    await poll(() => rules.textContent()).toContain('Personalice su contraseña de ingreso');
    expect((await rules.locator('[data-rule="password_letters"]').textContent())?.trim()).toBe(
      'La nueva clave debe contener exactamente 6 letras.',
    );
    await checkScreen(admin, 'password-change-rules');

    // Act: a password that breaks several rules
    await admin.getByLabel('Clave original').fill(genericPassword);
    await admin.getByLabel('Clave nueva').fill('abc');
    await admin.getByLabel('Confirmación').fill('abc');
    await admin.getByRole('button', { name: 'Aceptar' }).click();

    // Assess: each broken rule named
    const alert = admin.locator('main .alert-error');
    await expect
      .poll(() => alert.textContent())
      .toContain('Debe contener un mínimo de 8 y un máximo de 10 caracteres.');
    expect(await alert.textContent()).toContain('La nueva clave debe contener exactamente 6 letras.');
    expect(await alert.textContent()).toContain('La nueva clave debe contener de 2 a 4 números.');
    await checkScreen(admin, 'password-change-refused');
  });

  it('step 6: accepts a password that follows the rules and confirms the change', async () => {
    // Act
    await admin.getByLabel('Clave original').fill(genericPassword);
    await admin.getByLabel('Clave nueva').fill(ADMIN_PASSWORD);
    await admin.getByLabel('Confirmación').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Aceptar' }).click();

    // Assess
    await poll(() => heading(admin).textContent()).toBe('Clave modificada');
    expect(await admin.locator('main').textContent()).toContain('Su clave fue modificada exitosamente.');
    await checkScreen(admin, 'password-changed');
  });

  it('steps 7–8: logs in with the new password, chooses the anti-phishing image and enters the portal', async () => {
    // Act
    await admin.getByRole('button', { name: 'Ingresar' }).click();
    expect(await admin.getByLabel('Código de empresa').inputValue()).toBe('CORPORATIV');
    await admin.getByRole('button', { name: 'Continuar' }).click();
    await admin.getByLabel('Contraseña').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Ingresar' }).click();
    await poll(() => heading(admin).textContent()).toBe('Imagen antiphishing');
    await checkScreen(admin, 'choose-image');
    await admin.getByRole('radio', { name: 'Ancla' }).check();
    await admin.getByRole('button', { name: 'Aceptar' }).click();

    // Assess
    await poll(() => heading(admin).textContent()).toBe('Bienvenido(a), ADMINISTRADOR CORPORATIVO');
    expect(await admin.locator('main').textContent()).toContain(
      'En este punto ya se encuentra dentro del portal con el usuario ADMINISTRADOR.',
    );
    const nav = admin.getByRole('navigation', { name: 'Menú principal' });
    for (const entry of [
      'Usuarios',
      'Asignar Clave',
      'Cambiar Estado',
      'Administrar BOP-Token',
      'Solicitud BOP Token',
      'Cancelar BOP Token',
      'Cambio de Clave',
      'Bitácora de auditoría',
    ]) {
      expect(await nav.getByRole('link', { name: entry, exact: true }).count(), entry).toBe(1);
    }
    await checkScreen(admin, 'admin-home');
  });

  it('step 9: refuses administration until the BOP Token is installed', async () => {
    // Act
    await menu(admin, 'Usuarios');

    // Assess
    await expect
      .poll(() => admin.locator('main .alert-error').textContent())
      .toContain('BOP Token requerido');
  });

  it('step 9: installs the BOP Token from the QR code’s secret (Solicitud BOP Token)', async () => {
    // Act
    await menu(admin, 'Solicitud BOP Token');
    await admin.getByRole('button', { name: 'Solicitar BOP Token' }).click();
    const qr = admin.getByRole('img', { name: /Código QR para instalar el BOP Token/ });
    await qr.waitFor();
    const uri = (await admin.locator('code.secret').getAttribute('data-otpauth')) ?? '';
    const shown = ((await admin.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    const key = parseOtpauthUri(uri);
    expect(shown).toBe(key.secretBase32);
    adminToken = testAuthenticator(key.secret, processClock);
    await checkScreen(admin, 'token-request');
    await admin.getByLabel('OTP').fill(adminToken.next());
    await admin.getByRole('button', { name: 'Instalar' }).click();

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('Su BOP Token quedó instalado y activo.');
    await checkScreen(admin, 'token-installed');
  });

  it('steps 10–14: creates OPERADOR with options, limits and accounts, confirmed with the OTP after a refused one', async () => {
    // Prepare
    await menu(admin, 'Usuarios');
    await admin.getByRole('button', { name: 'Crear usuario' }).click();
    await poll(() => heading(admin).textContent()).toBe('Administración de usuarios');
    await admin.getByLabel('Código de usuario').fill('OPERADOR');

    // Act
    await admin.getByLabel('Nombre').fill('JUAN');
    await admin.getByLabel('Apellido').fill('PEREZ');
    await admin.getByLabel('Cargo').fill('ANALISTA TESORERIA');
    await admin.getByLabel('Correo Electrónico').fill('PRUEBA@CORREO.COM');
    await admin.getByRole('radio', { name: 'Operador' }).check();
    for (const option of [
      'Consulta',
      'Entre mis cuentas',
      'Histórico',
      'Pagos por Cheque',
      'Solicitud BOP Token',
      'Cambio de Clave',
      'Referencia Bancaria',
    ]) {
      await admin.getByRole('checkbox', { name: option, exact: true }).check();
    }
    expect(await admin.getByLabel('Límite de Entre mis cuentas (USD)').inputValue()).toBe('0.00');
    await admin.getByLabel('Límite de Entre mis cuentas (USD)').fill('1.500,00');
    await admin.getByLabel('Límite de Pagos por Cheque (USD)').fill('2000,5');
    await admin.getByLabel('Número de aprobaciones de Transferencias').fill('2');
    await admin.getByRole('checkbox', { name: /^Cuenta 1 —/ }).check();
    await admin.getByRole('checkbox', { name: /^Cuenta 3 —/ }).check();
    await checkScreen(admin, 'user-form');
    await admin.getByRole('button', { name: 'Aceptar' }).click();

    // Act: a wrong code first
    const dialog = admin.getByRole('dialog', { name: 'BOP Token' });
    await poll(() => dialog.isVisible()).toBe(true);
    await checkScreen(admin, 'otp-dialog');
    const wrong = String((Number(adminToken.at()) + 500_000) % 1_000_000).padStart(6, '0');
    await dialog.getByLabel('OTP').fill(wrong);
    await dialog.getByRole('button', { name: 'Aceptar' }).click();
    await poll(() => dialog.getByRole('alert').textContent()).toContain('El OTP no es válido');
    await checkScreen(admin, 'otp-refused');
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('El usuario OPERADOR fue creado');
    expect(await admin.locator('main').textContent()).toContain(
      'Recuerde que debe asignar la Clave de este Usuario',
    );
    expect(await admin.getByRole('row', { name: /OPERADOR/ }).textContent()).toContain('Pendiente');
  });

  it('steps 15–18: assigns OPERADOR’s password from the list, with the rules and the OTP', async () => {
    // Prepare
    await menu(admin, 'Asignar Clave');
    const row = admin.getByRole('row', { name: /OPERADOR/ });
    await row.waitFor();
    const main = (await admin.locator('main').textContent()) ?? '';
    for (const text of [
      'Mostrar',
      'registros',
      'Filtrar:',
      '1-1 de 1',
      'Haga clic en una fila para seleccionarla',
      'Anterior',
      'Siguiente',
      'Imprimir',
      'Excel',
      'PDF',
    ]) {
      expect(main, text).toContain(text);
    }
    const headers = await admin.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.trim())).toEqual([
      'Selección',
      'Código de usuario',
      'Nombre',
      'Apellido',
      'Ingresado por',
      'Fecha (MM/DD/AA)',
      'Estado',
    ]);
    expect(await row.textContent()).toMatch(/JUAN\s*PEREZ\s*ADMON\s*\d{2}\/\d{2}\/\d{2}\s*Pendiente/);
    await checkScreen(admin, 'assign-list');

    // Act
    await row.click();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await admin.locator('#assign-newPassword').fill(OPERATOR_ASSIGNED);
    await admin.locator('#assign-confirmation').fill(OPERATOR_ASSIGNED);
    await checkScreen(admin, 'assign-form');
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await expect
      .poll(() => admin.locator('#assign-done').textContent())
      .toContain(
        'Recuerde informar al usuario final la clave asignada, el código de empresa y el código de usuario.',
      );
    await checkScreen(admin, 'assign-done');
    await admin.getByRole('button', { name: 'OK' }).click();
  });

  it('steps 19–23: activates OPERADOR and the list shows the new state', async () => {
    // Act
    await menu(admin, 'Cambiar Estado');
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await poll(() => admin.locator('main').textContent()).toContain('Modifique el Estado del Usuario');
    await admin.getByRole('radio', { name: 'Activo' }).check();
    await checkScreen(admin, 'state-form');
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('El estado del usuario OPERADOR cambió a Activo.');
    await poll(() => admin.getByRole('row', { name: /OPERADOR/ }).textContent()).toContain('Activo');
    await checkScreen(admin, 'state-list-active');
  });

  it('TEN EN CUENTA: modifies OPERADOR’s data later, confirmed with the OTP', async () => {
    // Prepare
    await menu(admin, 'Usuarios');
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Modificar' }).click();
    await poll(() => heading(admin).textContent()).toBe('Modificar usuario OPERADOR');
    await poll(() => admin.getByLabel('Límite de Entre mis cuentas (USD)').inputValue()).toBe('1,500.00');
    expect(await admin.getByLabel('Código de usuario').getAttribute('readonly')).not.toBeNull();

    // Act
    await admin.getByLabel('Cargo').fill('JEFE DE TESORERIA');
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await poll(() => admin.locator('main [role="status"]').first().textContent()).toContain(
      'Los datos del usuario OPERADOR fueron modificados.',
    );
  });

  it('shows the company’s security settings (OTP to confirm actions, OTP at login)', async () => {
    // Act
    await menu(admin, 'Ajustes de seguridad');

    // Assess
    const confirmation = admin.getByRole('checkbox', { name: /confirmar las acciones administrativas/ });
    await poll(() => confirmation.isEnabled()).toBe(true);
    expect(await confirmation.isChecked()).toBe(true);
    expect(await admin.getByRole('checkbox', { name: /al ingresar/ }).isChecked()).toBe(false);
    await checkScreen(admin, 'settings');
    await menu(admin, 'Cambiar Estado');
  });

  it('shows "Cambios pendientes de aprobación" (issue 22): none while dual control is off', async () => {
    // Act
    await menu(admin, 'Cambios pendientes de aprobación');

    // Assess
    await poll(() => heading(admin).textContent()).toBe('Cambios pendientes de aprobación');
    await poll(() => admin.locator('main').textContent()).toContain('No hay cambios propuestos.');
    await checkScreen(admin, 'pending-changes');
    await menu(admin, 'Cambiar Estado');
  });

  it('shows the list in English with the English conventions, and downloads Excel and PDF', async () => {
    // Act
    await admin.getByRole('button', { name: 'English' }).click();

    // Assess
    const headers = await admin.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.trim())).toContain('Date (MM/DD/YY)');
    expect(await admin.getByRole('row', { name: /OPERADOR/ }).textContent()).toContain('Active');
    expect(await admin.locator('main').textContent()).toContain('Click a row to select it');
    await checkScreen(admin, 'state-list-en');
    for (const [button, extension] of [
      ['Download as Excel', /\.xlsx$/],
      ['Download as PDF', /\.pdf$/],
    ] as const) {
      const [download] = await Promise.all([
        admin.waitForEvent('download'),
        admin.getByRole('button', { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(extension);
    }
    await admin.getByRole('button', { name: 'Español' }).click();
  });

  it('OPERADOR logs in in a second browser, in English, and sees exactly the options granted', async () => {
    // Prepare
    operator = await openPortal(browser, problems, stack.apiUrl, { lang: 'en' });

    // Act: the assigned password is changed at the first login, then the image
    await operator.getByLabel('Company code').fill('CORPORATIV');
    await operator.getByLabel('User code').fill('OPERADOR');
    await operator.getByRole('button', { name: 'Continue' }).click();
    await operator.getByLabel('Password').fill(OPERATOR_ASSIGNED);
    await operator.getByRole('button', { name: 'Log in' }).click();
    await poll(() => heading(operator).textContent()).toBe('Password change');
    expect(await operator.locator('#password-rules').textContent()).toContain(
      'The new password must contain exactly 6 letters.',
    );
    await checkScreen(operator, 'operator-password-change-en');
    await operator.getByLabel('Original password').fill(OPERATOR_ASSIGNED);
    await operator.getByLabel('New password').fill(OPERATOR_PASSWORD);
    await operator.getByLabel('Confirmation').fill(OPERATOR_PASSWORD);
    await operator.getByRole('button', { name: 'Confirm' }).click();
    await operator.getByRole('button', { name: 'Log in' }).click();
    await operator.getByRole('button', { name: 'Continue' }).click();
    await operator.getByLabel('Password').fill(OPERATOR_PASSWORD);
    await operator.getByRole('button', { name: 'Log in' }).click();
    await operator.getByRole('radio', { name: 'Tree' }).check();
    await operator.getByRole('button', { name: 'Confirm' }).click();

    // Assess: the menu holds exactly the granted options, grouped as in the catalog
    await poll(() => heading(operator).textContent()).toBe('Welcome, JUAN PEREZ');
    const nav = operator.getByRole('navigation', { name: 'Main menu' });
    const groups = await nav.getByRole('heading', { level: 2 }).allTextContents();
    // An Operador captures: "My operations" (docs/entitlements.md) comes before the catalog's groups.
    expect(groups).toEqual([
      'Operations',
      'Products',
      'Transfers',
      'Payments',
      'Other services',
      'Certificates',
    ]);
    expect((await nav.getByRole('link').allTextContents()).map((l) => l.trim())).toEqual([
      'Home',
      'My operations',
      'Inquiry',
      'Between my accounts',
      'History',
      'Check payments',
      'Request BOP Token',
      'Change password',
      'Bank reference',
    ]);
    const main = (await operator.locator('main').textContent()) ?? '';
    expect(main).toContain('Limit per transaction: USD 1,500.00');
    expect(main).toContain('Limit per transaction: USD 2,000.50');
    expect(main).toContain('Number of approvals: 2');
    expect(main).toContain('2010000001');
    expect(main).toContain('2010000003');
    expect(main).not.toContain('2010000002');
    await checkScreen(operator, 'operator-home-en');

    // Act: Spanish, and an option of another module
    await operator.getByRole('button', { name: 'Español' }).click();
    expect(await operator.locator('main').textContent()).toContain('Límite por transacción: USD 1,500.00');
    await checkScreen(operator, 'operator-home-es');
    await menu(operator, 'Referencia Bancaria');

    // Assess
    await expect
      .poll(() => operator.locator('main').textContent())
      .toContain('Esta opción pertenece a otro módulo de la Banca en Línea Corporativa');
    await checkScreen(operator, 'operator-other-module');
  });

  it('step 24: OPERADOR installs a BOP Token and the administrator activates it (Administrar BOP-Token)', async () => {
    // Prepare: the operator installs
    await menu(operator, 'Solicitud BOP Token');
    await operator.getByRole('button', { name: 'Solicitar BOP Token' }).click();
    await operator.locator('code.secret').waitFor();
    const operatorToken = testAuthenticator(
      parseOtpauthUri((await operator.locator('code.secret').getAttribute('data-otpauth')) ?? '').secret,
      processClock,
    );
    await operator.getByLabel('OTP').fill(operatorToken.next());
    await operator.getByRole('button', { name: 'Instalar' }).click();
    await expect
      .poll(() => operator.locator('main [role="status"]').first().textContent())
      .toContain('Su administrador debe activarlo.');

    // Act
    await menu(admin, 'Administrar BOP-Token');
    const row = admin.getByRole('row', { name: /OPERADOR/ });
    await poll(() => row.textContent()).toContain('Instalado');
    await row.click();
    await checkScreen(admin, 'tokens-list');
    await admin.getByRole('button', { name: 'Activar', exact: true }).click();
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('BOP Token del usuario OPERADOR: Activo.');
    await poll(() => row.textContent()).toContain('Activo');
  });

  it('shows the audit log of what was done', async () => {
    // Act
    await menu(admin, 'Bitácora de auditoría');
    await admin.locator('tbody tr').first().waitFor();
    await admin.getByLabel(/Mostrar/).selectOption('100');

    // Assess
    await poll(() => admin.locator('tbody').textContent()).toContain('Usuario creado');
    const body = (await admin.locator('tbody').textContent()) ?? '';
    expect(body).toContain('Clave asignada');
    expect(body).toContain('Estado de usuario cambiado');
    await checkScreen(admin, 'audit-log');
  });

  it('step 25: sets the connection controls of all end users (days, hours, IP addresses)', async () => {
    // Prepare
    await menu(admin, 'Controles de conexión (todos los usuarios)');
    await poll(() => heading(admin).textContent()).toBe('Controles de conexión (todos los usuarios)');
    await admin.getByRole('checkbox', { name: 'Aplicar controles de conexión' }).check();
    await admin.getByRole('checkbox', { name: 'Lunes' }).check();
    await checkScreen(admin, 'controls-general-hours');
    await admin.getByRole('checkbox', { name: 'Aplicar controles de conexión' }).uncheck();

    // Act
    await admin.getByLabel('Direcciones IP o rangos CIDR permitidos').fill('127.0.0.0/8\n2001:db8::/32');
    await admin.getByRole('button', { name: 'Guardar' }).click();
    await confirmWithOtp(admin, adminToken.next());

    // Assess
    await poll(() => admin.locator('main [role="status"]').first().textContent()).toContain(
      'La regla de conexión fue guardada.',
    );
    expect(await admin.getByLabel('Direcciones IP o rangos CIDR permitidos').inputValue()).toBe(
      '127.0.0.0/8\n2001:db8::/32',
    );
  });

  it('step 25: a rule of OPERADOR’s own replaces the general one and ends their session at once', async () => {
    // Prepare
    await menu(admin, 'Controles de conexión por usuario');
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await poll(() => admin.locator('main').textContent()).toContain(
      'Sin regla: se aplica la regla general de la empresa.',
    );
    await checkScreen(admin, 'controls-user');

    // Act
    await admin.getByLabel('Direcciones IP o rangos CIDR permitidos').fill('203.0.113.0/24');
    await admin.getByRole('button', { name: 'Guardar' }).click();
    await confirmWithOtp(admin, adminToken.next());
    await poll(() => admin.locator('main [role="status"]').first().textContent()).toContain(
      'La regla de conexión fue guardada.',
    );
    await menu(operator, 'Solicitud BOP Token', { sessionEnds: true });

    // Assess
    await poll(() => heading(operator).textContent()).toBe('Dirección IP no permitida');
    expect(await operator.getByRole('navigation').count()).toBe(0);
    await checkScreen(operator, 'operator-connection-refused');

    // Act: the rule is removed; OPERADOR logs in again
    await admin.getByRole('button', { name: 'Quitar la regla' }).click();
    await confirmWithOtp(admin, adminToken.next());
    await poll(() => admin.locator('main').textContent()).toContain('La regla de conexión fue quitada.');
    await operator.getByRole('button', { name: 'Ingresar nuevamente' }).click();
    await portalLogIn(operator, {
      companyCode: 'CORPORATIV',
      userCode: 'OPERADOR',
      password: OPERATOR_PASSWORD,
    });
    await poll(() => heading(operator).textContent()).toBe('Bienvenido(a), JUAN PEREZ');
  });

  it('OPERADOR changes their own password (Cambio de Clave) and logs in again with it', async () => {
    // Prepare
    await menu(operator, 'Cambio de Clave');
    await poll(() => operator.locator('#password-rules').isVisible()).toBe(true);
    await checkScreen(operator, 'operator-change-password');

    // Act
    await operator.getByLabel('Clave actual').fill(OPERATOR_PASSWORD);
    await operator.getByLabel('Clave nueva').fill(OPERATOR_NEW_PASSWORD);
    await operator.getByLabel('Confirmación').fill(OPERATOR_NEW_PASSWORD);
    await operator.getByRole('button', { name: 'Aceptar' }).click();

    // Assess: the session ends with the change; the login says so, with the codes filled in
    await poll(() => operator.locator('main').textContent()).toContain('Su clave fue modificada.');
    expect(await operator.getByLabel('Código de usuario').inputValue()).toBe('OPERADOR');
    await operator.getByRole('button', { name: 'Continuar' }).click();
    await operator.getByLabel('Contraseña').fill(OPERATOR_NEW_PASSWORD);
    await operator.getByRole('button', { name: 'Ingresar' }).click();
    await poll(() => heading(operator).textContent()).toBe('Bienvenido(a), JUAN PEREZ');
  });

  it('clears OPERADOR’s screens when the administrator disables the user', async () => {
    // Act
    await menu(admin, 'Cambiar Estado');
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await admin.getByRole('radio', { name: 'Deshabilitado' }).check();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, adminToken.next());
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain('cambió a Deshabilitado');
    await menu(operator, 'Solicitud BOP Token', { sessionEnds: true });

    // Assess
    await poll(() => heading(operator).textContent()).toBe('Sesión finalizada');
    expect(await operator.getByRole('navigation').count()).toBe(0);
    expect(await operator.locator('body').textContent()).not.toContain('JUAN');
    await checkScreen(operator, 'operator-session-ended');
  });

  it('Modificar usuario says why OPERADOR is disabled, and that "Incluir todas" includes the accounts added later', async () => {
    // Prepare
    await menu(admin, 'Usuarios');
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Modificar' }).click();
    await poll(() => heading(admin).textContent()).toBe('Modificar usuario OPERADOR');
    await poll(() => admin.locator('#user-disabled-reason').textContent()).toBe(
      'Deshabilitado por el administrador.',
    );
    expect(await admin.locator('#all-accounts-granted').count()).toBe(0);

    // Act
    await admin.getByRole('checkbox', { name: 'Incluir todas', exact: true }).check();
    await admin.getByRole('button', { name: 'Aceptar' }).click();
    await confirmWithOtp(admin, adminToken.next());
    await poll(() => admin.locator('main [role="status"]').first().textContent()).toContain(
      'Los datos del usuario OPERADOR fueron modificados.',
    );
    await admin.getByRole('row', { name: /OPERADOR/ }).click();
    await admin.getByRole('button', { name: 'Modificar' }).click();

    // Assess: the stored grant is "all", said in words beside the ticked box
    await poll(() => admin.locator('#all-accounts-granted').textContent()).toBe(
      'Incluye todas: también las cuentas que el banco agregue después.',
    );
    expect(await admin.getByRole('checkbox', { name: 'Incluir todas', exact: true }).isChecked()).toBe(true);
    expect(await admin.locator('#all-options-granted').count()).toBe(0);
    await checkScreen(admin, 'user-detail-disabled');
  });

  it('Reiniciar BOP Token asks first (in Spanish and English), then the OTP, and the row shows the token gone', async () => {
    // Prepare
    await menu(admin, 'Administrar BOP-Token');
    const row = admin.getByRole('row', { name: /OPERADOR/ });
    await poll(() => row.textContent()).toContain('Activo');
    await row.click();
    await admin.getByRole('button', { name: 'Reiniciar BOP Token' }).click();
    const ask = admin.getByRole('alertdialog', { name: 'Reiniciar BOP Token' });
    await poll(() => ask.isVisible()).toBe(true);
    expect(await ask.textContent()).toContain(
      'El BOP Token del usuario OPERADOR dejará de funcionar de inmediato y su secreto se destruirá.',
    );
    await checkScreen(admin, 'token-reset-confirm-es');
    await ask.getByRole('button', { name: 'Volver' }).click();
    await poll(() => ask.isVisible()).toBe(false);
    await poll(() => row.textContent()).toContain('Activo');

    // Act: in English this time, confirmed, then the OTP
    await admin.getByRole('button', { name: 'English' }).click();
    const rowEn = admin.getByRole('row', { name: /OPERADOR/ });
    await rowEn.click();
    await admin.getByRole('button', { name: 'Reset BOP Token' }).click();
    const askEn = admin.getByRole('alertdialog', { name: 'Reset BOP Token' });
    await poll(() => askEn.isVisible()).toBe(true);
    expect(await askEn.textContent()).toContain(
      "User OPERADOR's BOP Token will stop working at once and its secret will be destroyed.",
    );
    await checkScreen(admin, 'token-reset-confirm-en');
    await askEn.getByRole('button', { name: 'Reset BOP Token' }).click();
    await confirmWithOtp(admin, adminToken.next(), { lang: 'en', screen: 'token-reset-otp-en' });

    // Assess
    await expect
      .poll(() => admin.locator('main [role="status"]').first().textContent())
      .toContain("User OPERADOR's BOP Token was reset: they may request a new one.");
    await poll(() => rowEn.textContent()).toContain('Cancelled');
    await checkScreen(admin, 'token-reset-done-en');
    await admin.getByRole('button', { name: 'Español' }).click();
    await poll(() => admin.getAttribute('html', 'lang')).toBe('es');
  });

  it('cancels the administrator’s BOP Token with a current code (Cancelar BOP Token)', async () => {
    // Prepare
    await menu(admin, 'Cancelar BOP Token');
    await poll(() => admin.locator('main').textContent()).toContain('Estado de su BOP Token: Activo');
    await checkScreen(admin, 'token-cancel');

    // Act
    await admin.getByLabel('OTP').fill(adminToken.next());
    await admin.getByRole('button', { name: 'Cancelar BOP Token' }).click();

    // Assess
    await poll(() => admin.locator('main [role="status"]').first().textContent()).toContain(
      'Su BOP Token fue cancelado.',
    );
    expect(await admin.locator('main').textContent()).toContain('Estado de su BOP Token: Cancelado');
  });

  it('logs out and leaves nothing of the session on the screen', async () => {
    // Act
    await admin.getByRole('button', { name: 'Cerrar sesión' }).click();

    // Assess
    await poll(() => heading(admin).textContent()).toBe('Sesión cerrada');
    expect(await admin.getByRole('navigation').count()).toBe(0);
    await admin.goBack();
    expect(await admin.getByRole('navigation').count()).toBe(0);
    await checkScreen(admin, 'logged-out');
  });

  it('warns before the idle timeout, keeps the session on request, and ends it at the timeout', async () => {
    // Prepare
    const page = await openPortal(browser, problems, stack.apiUrl, { fakeClock: true });
    await portalLogIn(page, { companyCode: 'CORPORATIV', userCode: 'ADMON', password: ADMIN_PASSWORD });

    // Act
    await page.clock.fastForward('12:30');

    // Assess
    const warning = page.getByRole('alertdialog', { name: 'Su sesión está por expirar' });
    await poll(() => warning.isVisible()).toBe(true);
    await checkScreen(page, 'idle-warning');
    await warning.getByRole('button', { name: 'Continuar sesión' }).click();
    await poll(() => warning.isVisible()).toBe(false);
    await page.clock.fastForward('15:00');
    await poll(() => heading(page).textContent()).toBe('Sesión expirada');
    await checkScreen(page, 'session-expired');
    await page.context().close();
  });

  it('ran every screen without a script error or a Content-Security-Policy refusal', () => {
    // Assess
    expect(problems).toEqual([]);
  });
});
