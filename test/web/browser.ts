import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { repoRoot } from '../../infra/local/paths.ts';
import { buildPortal } from '../../infra/local/portal-build.ts';
import { type LocalStack, type LocalStackOptions, startTestStack } from '../helpers/local-stack.ts';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and quiet: no sandbox (root in CI), no GPU, no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENSHOTS = join(repoRoot, 'test/artifacts/screenshots');

/**
 * Launches Chromium headless. Playwright gives each launch a fresh, temporary user-data
 * directory (and removes it on close); every context of it is a separate profile in memory.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Builds the portal into a fresh temporary folder, so parallel test files never share one. */
export async function buildPortalForTests(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-'));
  await buildPortal(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The portal built into a folder of its own, Chromium, and the local stack serving that portal
 * on a table of its own (`label`, see startTestStack). The process clock is faked (`Date` only,
 * still running) so that a test moves it to a fresh BOP Token step instead of waiting, unless
 * `fakeDate` is false. `stop` closes and removes all of it and gives the clock back.
 */
export async function startPortalStack(
  label: string,
  options: LocalStackOptions = {},
  { fakeDate = true }: { fakeDate?: boolean } = {},
): Promise<{ stack: LocalStack; browser: Browser; stop: () => Promise<void> }> {
  if (fakeDate) vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  let portal: { dir: string; remove: () => void } | undefined;
  let browser: Browser | undefined;
  let stack: LocalStack | undefined;
  const stop = async () => {
    await browser?.close();
    await stack?.stop();
    portal?.remove();
    if (fakeDate) vi.useRealTimers();
  };
  try {
    [portal, browser] = await Promise.all([buildPortalForTests(), launchChromium()]);
    stack = await startTestStack(label, { ...options, portalDir: portal.dir });
    return { stack, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * For the tests of a walk, each continuing the last: after a failed one, the rest are skipped
 * rather than failed again, and the pages `named` gives are photographed as they were
 * (`FAILED-<name>`, with `shoot`).
 */
export function skipAfterFailure(
  named: () => [name: string, page: Page | undefined][],
  shoot: (page: Page, name: string) => Promise<void> = screenshot,
): void {
  let broken = false;
  beforeEach(({ skip }) => {
    if (broken) skip();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    broken = true;
    for (const [name, page] of named()) {
      if (page && !page.isClosed()) await shoot(page, `FAILED-${name}`).catch(() => undefined);
    }
  });
}

/** What went wrong in a page that the user would not see: script errors and Content-Security-Policy refusals. */
export function watchPage(page: Page, problems: string[]): Page {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // A refused API call is logged by Chromium as a failed resource; those are expected answers.
    if (message.type() === 'error' && !/Failed to load resource/.test(text))
      problems.push(`console: ${text}`);
  });
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, which the page's CSP
 * does not govern) and returns the serious and critical violations of WCAG 2.x A and AA.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof axe !== "undefined"');
  if (!loaded) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every axe-core violation of any impact (moderate ones too, `landmark-unique` for one), one line each. */
export async function everyViolation(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof axe !== "undefined"');
  if (!loaded) await page.evaluate(axeSource);
  return (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}

let shot = 0;
/** Empties the screenshot folder, so it shows one walk. */
export function resetScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  shot = 0;
}

/** A full-page screenshot, numbered in the order of the walk, into test/artifacts/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  shot += 1;
  await page.screenshot({
    path: join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

/** Waits for what the page shows: password hashing and exports take seconds on a small machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

/** Opens a menu entry and waits until its screen is the one shown (the menu marks it current). */
export async function menu(
  page: Page,
  label: string,
  options: { sessionEnds?: boolean } = {},
): Promise<void> {
  const link = page
    .getByRole('navigation', { name: /Menú principal|Main menu/ })
    .getByRole('link', { name: label, exact: true });
  await link.click();
  if (!options.sessionEnds) await poll(() => link.getAttribute('aria-current')).toBe('page');
}

/**
 * Both checks of every screen: a screenshot for people, and axe-core finds no violation, serious
 * or of any other impact.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `serious axe-core violations of ${name}`).toEqual([]);
  expect(await everyViolation(page), `every axe-core violation of ${name}`).toEqual([]);
}

export type Lang = 'es' | 'en';

export interface PageOptions {
  /** The browser's locale, es-PA or en-US; without it, the browser's own. */
  lang?: Lang;
  /** 1280×900 unless said. */
  viewport?: { width: number; height: number };
  /** The page's own clock (Playwright's), moved forward instead of waited for; it runs on by itself meanwhile. */
  fakeClock?: boolean;
  /** Where to keep the page, for the screenshots of a failure. */
  pages?: Page[];
}

/** A page in a browser context of its own (a profile of its own): 10 s for each action, and watched. */
export async function newPage(
  browser: Browser,
  problems: string[],
  options: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ...(options.lang ? { locale: options.lang === 'es' ? 'es-PA' : 'en-US' } : {}),
  });
  context.setDefaultTimeout(10_000);
  const page = watchPage(await context.newPage(), problems);
  options.pages?.push(page);
  if (options.fakeClock) await page.clock.install();
  return page;
}

/** The portal at `url` on a {@link newPage}, switched to `lang` with its language button when given. */
export async function openPortal(
  browser: Browser,
  problems: string[],
  url: string,
  options: PageOptions = {},
): Promise<Page> {
  const page = await newPage(browser, problems, options);
  await page.goto(url);
  if (options.lang)
    await page.getByRole('button', { name: options.lang === 'es' ? 'Español' : 'English' }).click();
  return page;
}

/** Logs in on the portal's screens in `lang` (the codes, then the password) and waits for the welcome. */
export async function portalLogIn(
  page: Page,
  user: { companyCode: string; userCode: string; password: string },
  lang: Lang = 'es',
): Promise<void> {
  const es = lang === 'es';
  await page.getByLabel(es ? 'Código de empresa' : 'Company code').fill(user.companyCode);
  await page.getByLabel(es ? 'Código de usuario' : 'User code').fill(user.userCode);
  await page.getByRole('button', { name: es ? 'Continuar' : 'Continue' }).click();
  await page.getByLabel(es ? 'Contraseña' : 'Password').fill(user.password);
  await page.getByRole('button', { name: es ? 'Ingresar' : 'Log in' }).click();
  // A wait rather than expect.poll, which only runs inside a test: some log in before their tests.
  await page.getByRole('heading', { level: 1, name: es ? /Bienvenido\(a\)/ : /Welcome/ }).waitFor();
}

/**
 * The BOP Token dialog of a confirmed action, in `lang`: it appears asking for the OTP, takes
 * `code`, and closes as the action resumes. With `screen`, the dialog's screen is checked
 * ({@link checkScreen}) before the code is typed.
 */
export async function confirmWithOtp(
  page: Page,
  code: string,
  { lang = 'es', screen }: { lang?: Lang; screen?: string } = {},
): Promise<void> {
  const es = lang === 'es';
  const dialog = page.getByRole('dialog', { name: 'BOP Token' });
  await poll(() => dialog.isVisible()).toBe(true);
  await poll(() => dialog.textContent()).toContain(
    es
      ? 'Ingrese el OTP generado por su dispositivo móvil.'
      : 'Enter the OTP generated by your mobile device.',
  );
  if (screen) await checkScreen(page, screen);
  await dialog.getByLabel('OTP').fill(code);
  await dialog.getByRole('button', { name: es ? 'Aceptar' : 'Confirm' }).click();
  await poll(() => dialog.isVisible()).toBe(false);
}

export type { Browser, BrowserContext, Page };
