import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantByName } from '../../infra/config/tenant.ts';
import { type LocalStack, readSentEmails } from '../helpers/local-stack.ts';
import {
  type Browser,
  everyViolation,
  newPage,
  type Page,
  screenshot,
  seriousViolations,
  startPortalStack,
} from './browser.ts';

/*
 * One built portal serves any bank: the local stack runs the second, fictitious bank
 * (tenants/cbs.json) and the same `web/dist` build shows its name, colours and contact, and
 * nothing of the guide's bank (tenants/bop.json). Its onboarding e-mail is checked the same way.
 */

const second = tenantByName('cbs');
const first = tenantByName('bop');

/** What would betray the first bank on a page or in an e-mail of the second. */
const firstBankLiterals = [
  first.name,
  first.shortName,
  first.legalName,
  first.customerService.phone,
  first.customerService.email,
  first.customerService.email.split('@')[1] as string,
  first.token.name,
  first.slogan.es,
  first.country.es,
];

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

/** `#rrggbb` as the browser computes it: `rgb(r, g, b)`. */
const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('Portal: a second bank from configuration alone', () => {
  let stack: LocalStack;
  let browser: Browser;
  let stop: () => Promise<void>;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ stack, browser, stop } = await startPortalStack(
      'web_tenant',
      { tenant: second, seed: true, seedEndUsers: false },
      { fakeDate: false },
    ));
    page = await newPage(browser, problems, { lang: 'es' });
  }, 120_000);

  afterAll(() => stop?.());

  it('serves the bank’s configuration at /config.json, without secrets', async () => {
    // Act
    const response = await fetch(`${stack.apiUrl}/config.json`, { headers: { accept: 'application/json' } });
    const config = (await response.json()) as { tenant: { id: string; name: string } };

    // Assess
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(config.tenant).toMatchObject({ id: 'cbs', name: second.name });
    expect(JSON.stringify(config)).not.toMatch(/secret|password|lockout/i);
  });

  it('shows the second bank’s name, slogan, colours and contact on the login page, and none of the first’s', async () => {
    // Act
    await page.goto(stack.apiUrl);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'INGRESE A SU BANCA EN LÍNEA',
    );

    // Assess: its brand and contact
    const header = page.locator('header.site-header');
    expect(await header.textContent()).toContain(second.shortName);
    expect(await header.textContent()).toContain(second.slogan.es);
    expect(await header.textContent()).toContain(second.country.es);
    expect(
      await header.evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      ),
    ).toBe(rgb(second.colors.primary));
    expect(await page.locator('header img.brand-logo').getAttribute('src')).toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
    const footer = (await page.locator('footer').textContent()) ?? '';
    expect(footer).toContain(second.customerService.phone);
    expect(footer).toContain(second.customerService.email);
    // Assess: nothing of the first bank, in the page or its title
    const text = `${await page.title()} ${await page.locator('body').textContent()}`;
    for (const literal of firstBankLiterals) expect(text, literal).not.toContain(literal);
    expect(await seriousViolations(page), 'accessibility with the second bank’s colours').toEqual([]);
    expect(await everyViolation(page), 'every axe-core violation with the second bank’s colours').toEqual([]);
    await screenshot(page, 'tenant-cbs-login');
  });

  it('names the second bank and its contact in the anti-phishing notice (steps 3–4)', async () => {
    // Act
    await page.getByLabel('Código de empresa').fill('corporativ');
    await page.getByLabel('Código de usuario').fill('admon');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByLabel('Contraseña').waitFor();

    // Assess
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(
      `comuníquese con ${second.legalName} al ${second.customerService.phone} o por correo electrónico a ${second.customerService.email}`,
    );
    for (const literal of firstBankLiterals) expect(main, literal).not.toContain(literal);
    expect(problems).toEqual([]);
  });

  it('sends the onboarding e-mail in the second bank’s name, from its sender, in its time zone', async () => {
    // Act
    const mail = (await readSentEmails(stack.sesUrl)).find((m) =>
      m.destination.to.some((to) => to.includes('admon@corporativ.example')),
    );

    // Assess
    expect(mail?.subject).toBe(`${second.name}: su clave genérica de Banca en Línea Corporativa`);
    expect(mail?.from).toContain(second.mail.localFromAddress);
    expect(mail?.body.text).toContain(`(${second.timeZoneLabel.es})`);
    const whole = `${mail?.from} ${mail?.subject} ${mail?.body.text} ${mail?.body.html}`;
    for (const literal of firstBankLiterals) expect(whole, literal).not.toContain(literal);
  });
});
