import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTokenOverHttp, firstLoginOverHttp } from '../helpers/http.ts';
import { type LocalStack, mailedGenericPassword } from '../helpers/local-stack.ts';
import type { TestAuthenticator } from '../helpers/totp.ts';
import {
  type Browser,
  checkScreen,
  everyViolation,
  type Lang,
  menu,
  openPortal,
  type Page,
  poll,
  portalLogIn,
  SCREENSHOTS,
  skipAfterFailure,
  startPortalStack,
} from './browser.ts';

/*
 * Issue 20, points 3–6, in a real browser against the local stack: the create and modify form's
 * grid (long option names, limit errors, a phone), "Consultar usuario", amounts and words in
 * both languages, the audit log in words on screen and in every export, the phone menu, the
 * printed list, and the session across a reload. ADMON is made ready over the API (first
 * login, image, BOP Token); the demo end users are seeded. Codes are computed from the token's
 * secret; the process clock moves to the next 30-second step instead of waiting.
 */

const COMPANY = 'CORPORATIV';
const ADMIN_PASSWORD = 'Ventas42';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
/** How far the page scrolls sideways (0 when nothing sticks out). */
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
const SAVED = "sessionStorage.getItem('bop.session')";

/**
 * This walk's screenshots, by name, in their own git-ignored folder (`npm run screenshots`
 * regenerates them): the create form, the audit log and the phone menu in both languages.
 */
const SHOTS = join(SCREENSHOTS, 'issue-20');
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('Portal: form, words, audit log, phone, print and session (issue 20)', () => {
  let stack: LocalStack;
  let browser: Browser;
  let stop: () => Promise<void>;
  let adminToken: TestAuthenticator;
  let apiSession: string;
  const pages: Page[] = [];
  const problems: string[] = [];

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(path, stack.apiUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(apiSession ? { authorization: `Bearer ${apiSession}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response;
  }

  async function json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await call(method, path, body, headers);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** ADMON from the e-mailed generic password to an installed (active) BOP Token, over the API. */
  async function readyAdmin(): Promise<void> {
    apiSession = await firstLoginOverHttp(stack.apiUrl, {
      companyCode: COMPANY,
      userCode: 'ADMON',
      temporary: await mailedGenericPassword(stack.sesUrl, 'admon@corporativ.example'),
      password: ADMIN_PASSWORD,
      imageId: 'bird',
    });
    adminToken = (await enrollTokenOverHttp(stack.apiUrl, apiSession)).authenticator;
  }

  /** Changes that the audit log must show in words: OPERA's data, options and state. */
  async function changeOpera(): Promise<void> {
    const user = await json('GET', '/users/OPERA');
    const updated = await json(
      'PATCH',
      '/users/OPERA',
      {
        version: user.body.version,
        jobTitle: 'Tesorería',
        options: ['transfers.ownAccounts', 'transfers.international'],
        limits: { 'transfers.ownAccounts': '25000.00', 'transfers.international': '1500.50' },
        approvals: { transfers: 1 },
      },
      { 'X-OTP': adminToken.next() },
    );
    if (updated.status !== 200) throw new Error(JSON.stringify(updated.body));
    const state = await json(
      'PUT',
      '/users/OPERA/state',
      { state: 'DISABLED', version: updated.body.user.version },
      { 'X-OTP': adminToken.next() },
    );
    if (state.status !== 200) throw new Error(JSON.stringify(state.body));
  }

  /** The portal in a browser of its own, in `lang`. */
  const open = (lang: Lang, viewport = DESKTOP, fakeClock = false) =>
    openPortal(browser, problems, stack.apiUrl, { lang, viewport, fakeClock, pages });

  /** ADMON logs in with the portal's own screens. */
  async function logIn(lang: Lang, viewport = DESKTOP, fakeClock = false): Promise<Page> {
    const page = await open(lang, viewport, fakeClock);
    await portalLogIn(page, { companyCode: COMPANY, userCode: 'ADMON', password: ADMIN_PASSWORD }, lang);
    return page;
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const go = async (page: Page, hash: string, title: string | RegExp) => {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await poll(() => heading(page).textContent()).toMatch(title);
  };

  skipAfterFailure(() => pages.map((page, index) => [`usability-${index}`, page]), screenshot);

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    ({ stack, browser, stop } = await startPortalStack('web_usability', { seed: true }));
    await readyAdmin();
    await changeOpera();
  }, 180_000);

  afterAll(() => stop?.());

  for (const lang of ['es', 'en'] as const) {
    const es = lang === 'es';
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`§3 lays options and limits out as a table that survives long names, errors and ${size} (${lang})`, async () => {
        // Arrange
        const page = await logIn(lang, viewport);
        await go(page, '#/admin/users/new', es ? 'Administración de usuarios' : 'User administration');
        const international = es ? 'A cuentas internacionales' : 'To international accounts';
        const limitName = es ? `Límite de ${international} (USD)` : `Limit for ${international} (USD)`;
        const ownName = es ? 'Límite de Entre mis cuentas (USD)' : 'Limit for Between my accounts (USD)';

        // Act: tick three options, two limits in either convention, one wrong
        await page.getByLabel(international, { exact: true }).check();
        await page.getByLabel(es ? 'Entre mis cuentas' : 'Between my accounts', { exact: true }).check();
        await page.getByLabel(ownName).fill('25,000.00');
        await page.getByLabel(limitName).fill('1,50,0');
        await page.getByRole('button', { name: es ? 'Aceptar' : 'Confirm' }).click();

        // Assess: the error sits under its field, the column keeps its width, nothing overlaps
        const error = page.locator('#limit-transfers-international-error');
        await poll(() => error.textContent()).toContain(
          es ? 'escríbalo como 1,500.00' : 'write it as 1,500.00',
        );
        const label = await page.locator('label[for="option-transfers-international"]').boundingBox();
        const field = await page.getByLabel(limitName).boundingBox();
        expect(label && field).toBeTruthy();
        if (!label || !field) return;
        expect(label.x + label.width).toBeLessThanOrEqual(field.x);
        expect(field.width).toBeGreaterThan(60);
        await checkScreen(page, `create-form-${lang}-${size}-error`);
        expect(await page.getByText('USD', { exact: true }).first().isVisible()).toBe(true);
        // Clicking the option's checkbox leaves focus on it, never on the limit.
        await page.getByLabel(international, { exact: true }).click();
        expect(await page.evaluate('document.activeElement?.id')).toBe('option-transfers-international');
        await page.getByLabel(international, { exact: true }).check();
        // The other convention is read as well: "25.000,00" is 25,000.00.
        await page.getByLabel(limitName).fill('25.000,00');
        await page.getByLabel(limitName).blur();
        await poll(() => page.getByLabel(limitName).inputValue()).toBe('25,000.00');
        expect(await error.count()).toBe(0);
        expect(await page.locator('.reminder').count()).toBe(1);
        const overflow = Number(await page.evaluate(OVERFLOW));
        expect(overflow).toBeLessThanOrEqual(0);
        await checkScreen(page, `create-form-${lang}-${size}`);
        await page.context().close();
      });
    }

    it(`§3 modifies without the password reminder and consults a user read only (${lang})`, async () => {
      // Arrange
      const page = await logIn(lang);

      // Act
      await go(page, '#/admin/users/OPERA', es ? 'Modificar usuario OPERA' : /OPERA/);

      // Assess
      expect(await page.locator('.reminder').count()).toBe(0);
      expect(
        await page
          .getByLabel(es ? 'Límite de Entre mis cuentas (USD)' : 'Limit for Between my accounts (USD)')
          .inputValue(),
      ).toBe('25,000.00');

      // Act
      await go(page, '#/admin/users/OPERA/view', es ? 'Consultar usuario OPERA' : 'View user OPERA');

      // Assess
      const main = page.locator('main');
      await poll(() => main.textContent()).toContain(es ? 'Deshabilitado' : 'Disabled');
      const text = (await main.textContent()) ?? '';
      expect(text).toContain('USD 25,000.00');
      expect(text).toContain('USD 1,500.50');
      expect(text).toContain(es ? 'Ingresado por' : 'Entered by');
      expect(text).toContain('ADMON');
      expect(text).toContain(es ? 'Estado del BOP Token' : 'BOP Token state');
      expect(text).toContain(es ? 'Deshabilitado por el administrador' : 'Disabled by the administrator');
      expect(await page.locator('main input').count()).toBe(0);
      await checkScreen(page, `consult-user-${lang}`);
      await page.context().close();
    });

    it(`§5 shows every action and change of the audit log in words, before → after (${lang})`, async () => {
      // Arrange
      const page = await logIn(lang);

      // Act
      await menu(page, es ? 'Bitácora de auditoría' : 'Audit log');
      await poll(() => page.locator('main table tbody tr').count()).toBe(10);
      await page.locator('main select').selectOption('100');
      await poll(() => page.locator('main table tbody tr').count()).toBeGreaterThan(10);

      // Assess
      const table = (await page.locator('main table').first().textContent()) ?? '';
      expect(table).toContain(es ? 'Usuario modificado' : 'User modified');
      expect(table).toContain(es ? 'Estado: Activo → Deshabilitado' : 'State: Active → Disabled');
      expect(table).toContain(es ? 'Cargo: Tesorería' : 'Job title: Tesorería');
      expect(table).toContain(es ? 'Confirmó: Modificar usuario' : 'Confirmed: Modify user');
      expect(table).toMatch(/USD 25,000\.00/);
      expect(table).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
      expect(table).not.toMatch(/updateUser|changeUserState|limitsCents|jobTitle|\{"/);
      await checkScreen(page, `audit-log-${lang}`);
      await page.context().close();
    });

    it(`§5 exports the audit log in words in CSV, Excel and PDF (${lang})`, async () => {
      // Arrange: a session of its own (one per user: the browser's login replaced the first)
      apiSession = '';
      const login = await json('POST', '/auth/login', {
        companyCode: COMPANY,
        userCode: 'ADMON',
        password: ADMIN_PASSWORD,
      });
      apiSession = login.body.session.token;

      // Act
      const fetchExport = async (format: string) => {
        const response = await call('GET', `/exports/audit?format=${format}`, undefined, {
          'Accept-Language': lang,
        });
        expect(response.status).toBe(200);
        return Buffer.from(await response.arrayBuffer());
      };
      const [csv, xlsx, pdf] = [
        await fetchExport('csv'),
        await fetchExport('xlsx'),
        await fetchExport('pdf'),
      ];

      // Assess: CSV
      const csvText = csv.toString('utf8');
      expect(csvText).toContain(es ? 'Usuario modificado' : 'User modified');
      expect(csvText).toContain(es ? 'Estado: Activo → Deshabilitado' : 'State: Active → Disabled');
      expect(csvText).not.toMatch(/USER_UPDATED|CONFIRMATION_OTP|\{"|updateUser/);
      // Excel
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      const cells: string[] = [];
      book.worksheets[0]?.eachRow((row) => {
        row.eachCell((cell) => {
          cells.push(String(cell.value ?? ''));
        });
      });
      expect(cells.join('\n')).toContain(es ? 'Estado: Activo → Deshabilitado' : 'State: Active → Disabled');
      expect(cells.join('\n')).not.toMatch(/USER_UPDATED|\{"/);
      // PDF: the content streams, inflated, draw the same words (arrows spelled "->")
      const streams = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
        try {
          return inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      });
      const drawn = streams.join('\n');
      expect(drawn).toContain(es ? 'Usuario modificado' : 'User modified');
      expect(drawn).toContain(es ? 'Estado: Activo -> Deshabilitado' : 'State: Active -> Disabled');
      expect(drawn).not.toMatch(/USER_UPDATED|CONFIRMATION_OTP_ACCEPTED/);
    });
  }

  it('§6 folds the menu on a phone, so the screen starts near the top, and lists adapt (es, en)', async () => {
    for (const lang of ['es', 'en'] as const) {
      // Arrange
      const page = await logIn(lang, PHONE);
      const es = lang === 'es';
      const nav = page.getByRole('navigation', { name: es ? 'Menú principal' : 'Main menu' });
      const toggle = nav.getByRole('button', { name: es ? 'Menú' : 'Menu' });

      // Assess: folded, the heading near the top
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.getByRole('link').first().isVisible()).toBe(false);
      expect((await heading(page).boundingBox())?.y ?? 999).toBeLessThan(300);
      await checkScreen(page, `phone-menu-closed-${lang}`);

      // Act
      await toggle.click();

      // Assess
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await poll(() =>
        nav.getByRole('link', { name: es ? 'Usuarios' : 'Users', exact: true }).isVisible(),
      ).toBe(true);
      await checkScreen(page, `phone-menu-open-${lang}`);

      // Act: a choice folds it again; the list shows every column as a card
      await nav.getByRole('link', { name: es ? 'Usuarios' : 'Users', exact: true }).click();
      await poll(() => page.locator('main table tbody tr').count()).toBeGreaterThan(1);

      // Assess
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      const row = page.locator('main table tbody tr').first();
      for (const cell of await row.locator('td[data-label]').all()) {
        const box = await cell.boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
      const overflow = Number(await page.evaluate(OVERFLOW));
      expect(overflow).toBeLessThanOrEqual(0);
      await checkScreen(page, `phone-users-${lang}`);
      await page.context().close();
    }
  });

  it('§6 finds no axe-core violation of any impact (landmark-unique among them) on every paged list', async () => {
    for (const lang of ['es', 'en'] as const) {
      // Arrange
      const page = await logIn(lang);
      const es = lang === 'es';
      for (const [entry, name] of [
        [es ? 'Usuarios' : 'Users', 'users'],
        [es ? 'Asignar Clave' : 'Assign Password', 'assign'],
        [es ? 'Cambiar Estado' : 'Change State', 'state'],
        [es ? 'Administrar BOP-Token' : 'Manage BOP-Token', 'tokens'],
        [es ? 'Controles de conexión por usuario' : 'Connection controls per user', 'controls'],
        [es ? 'Bitácora de auditoría' : 'Audit log', 'audit'],
      ] as const) {
        // Act
        await menu(page, entry);
        await poll(() => page.locator('main table tbody tr').count()).toBeGreaterThan(0);

        // Assess
        expect(await everyViolation(page), `every axe-core violation of ${name} (${lang})`).toEqual([]);
      }
      await page.context().close();
    }
  });

  it('§6 "Imprimir" prints every row of the filtered list with the bank, company, date and author', async () => {
    // Arrange
    const page = await logIn('es');
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    await menu(page, 'Bitácora de auditoría');
    await poll(() => page.locator('main table tbody tr').count()).toBe(10);

    // Act
    await page.getByRole('button', { name: 'Imprimir' }).click();

    // Assess
    await poll(() => page.evaluate('window.printed')).toBe(1);
    const printed = page.locator('.print-only');
    const rows = Number(await printed.getAttribute('data-print-rows'));
    expect(rows).toBeGreaterThan(10);
    expect(await printed.locator('tbody tr').count()).toBe(rows);
    const header = (await printed.locator('.print-header').textContent()) ?? '';
    expect(header).toContain('Banco de Occidente (Panamá)');
    expect(header).toContain('Empresa: CORPORATIV');
    expect(header).toContain('ADMON');
    expect(header).toMatch(/Impreso el \d\d\/\d\d\/\d\d/);
    await page.emulateMedia({ media: 'print' });
    expect(await printed.isVisible()).toBe(true);
    expect(await page.locator('.table-wrap').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.context().close();
  });

  it('§6 keeps the session across a reload, counts typing as activity, and forgets it at logout', async () => {
    // Arrange
    const page = await logIn('es', DESKTOP, true);
    await go(page, '#/admin/users/new', 'Administración de usuarios');

    // Act
    await page.reload();

    // Assess: same screen, same user
    await poll(() => heading(page).textContent()).toBe('Administración de usuarios');
    expect(await page.getByText('Usuario: ADMINISTRADOR CORPORATIVO (ADMON)').isVisible()).toBe(true);

    // Act: a minute later (the form loaded), typing tells the API the session is in use
    await page.locator('#user-firstName').waitFor();
    await page.clock.fastForward(61_000);
    const touched = page.waitForRequest((request) => new URL(request.url()).pathname === '/me');
    await page.locator('#user-firstName').pressSequentially('ANA');

    // Assess
    expect((await touched).method()).toBe('GET');

    // Act
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();

    // Assess
    await poll(() => page.evaluate(SAVED)).toBeNull();
    await page.reload();
    await poll(() => heading(page).textContent()).toBe('INGRESE A SU BANCA EN LÍNEA');
    await page.context().close();
  });

  it('§6 a session the API ended is not resumed by a reload', async () => {
    // Arrange
    const page = await logIn('es');
    const saved = (await page.evaluate(SAVED)) as string | null;
    const token = JSON.parse(saved ?? '{}').session.token as string;

    // Act: the session ends on the API's side (as an idle or absolute expiry would)
    await fetch(new URL('/auth/logout', stack.apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await page.reload();

    // Assess
    await poll(() => page.locator('main').textContent()).toMatch(/sesión|Sesión/);
    expect(await page.evaluate(SAVED)).toBeNull();
    await page.context().close();
  });

  it('§4 words the rules "exactamente 6 letras y de 2 a 4 números" with a live checklist', async () => {
    // Arrange
    const page = await logIn('es');
    await go(page, '#/admin/password/AMBOS', /Asignar clave|AMBOS/);
    const letters = page.locator('li[data-rule="password_letters"]');
    await poll(() => letters.textContent()).toContain('exactamente 6 letras');
    expect(await page.getByText('exactamente 6 letras y de 2 a 4 números').first().isVisible()).toBe(true);

    // Act: seven letters
    await page.locator('#assign-newPassword').fill('Abcdefg12');

    // Assess
    await poll(() => letters.getAttribute('class')).toContain('unmet');
    expect(await letters.textContent()).toContain('no cumple aún');

    // Act: six
    await page.locator('#assign-newPassword').fill('Abcdef12');

    // Assess
    await poll(() => letters.getAttribute('class')).toContain('met');
    expect(await letters.getAttribute('class')).not.toContain('unmet');
    expect(await page.locator('li[data-rule="password_digits"]').getAttribute('class')).toContain('met');
    await checkScreen(page, 'password-checklist-es');
    await page.context().close();
  });

  it('§4 tells a first-time user calmly about the image, without saying whether the user exists', async () => {
    for (const [userCode, lang] of [
      ['NADIE', 'es'],
      ['ADMON', 'es'],
      ['NADIE', 'en'],
    ] as const) {
      // Arrange
      const page = await open(lang);
      const es = lang === 'es';

      // Act
      await page.getByLabel(es ? 'Código de empresa' : 'Company code').fill(COMPANY);
      await page.getByLabel(es ? 'Código de usuario' : 'User code').fill(userCode);
      await page.getByRole('button', { name: es ? 'Continuar' : 'Continue' }).click();
      await poll(() => page.getByLabel(es ? 'Contraseña' : 'Password').isVisible()).toBe(true);

      // Assess: the same words for everyone; not "su imagen" for one who has none
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain(
        es
          ? 'Si es su primer ingreso, aún no tiene una imagen'
          : 'If this is your first login you have no image yet',
      );
      expect(text).not.toContain(es ? 'Su imagen de seguridad' : 'Your security image');
      await checkScreen(page, `login-image-${userCode}-${lang}`);
      await page.context().close();
    }
  });

  it('§4 writes the end user’s amounts in the bank’s convention and Spanish in one register', async () => {
    // Arrange: SUPERV logs in (seeded; first its forced change)
    const seeded = stack.demoEndUsers.find((u) => u.userCode === 'SUPERV');
    if (!seeded) throw new Error('no SUPERV');
    await firstLoginOverHttp(stack.apiUrl, {
      companyCode: COMPANY,
      userCode: 'SUPERV',
      temporary: seeded.password,
      password: 'Bosque58',
      imageId: 'bird',
    });
    const page = await open('es');

    // Act
    await portalLogIn(page, { companyCode: COMPANY, userCode: 'SUPERV', password: 'Bosque58' });

    // Assess
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/USD 100,000\.00/);
    expect(text).not.toMatch(/USD \d{1,3}\.\d{3},\d\d/);
    await checkScreen(page, 'end-user-home-es');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
