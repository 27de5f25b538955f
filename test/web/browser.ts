import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../../infra/local/paths.ts';
import { buildPortal } from '../../infra/local/portal-build.ts';

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

export type { Browser, BrowserContext, Page };
