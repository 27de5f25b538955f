import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppContext } from '../context.ts';
import type { Lang } from '../i18n.ts';
import { menuFor } from '../navigation.ts';
import { bank } from '../tenant.ts';

/** "Idioma: English / Español", on every screen; the chosen one is marked and remembered. */
export function languageSwitch(app: AppContext): TemplateResult {
  const option = (lang: Lang, label: string) => html`
    <button type="button" class="link-button lang-option" lang=${lang} aria-pressed=${app.lang === lang ? 'true' : 'false'}
      @click=${() => app.setLanguage(lang)}>${label}</button>
  `;
  // Only the languages the bank offers (its configuration); no switch with a single one.
  const offered = bank().languages.offered;
  if (offered.length < 2) return html``;
  return html`
    <div class="language-switch" role="group" aria-labelledby="language-label">
      <span id="language-label">${app.t('lang.label')}</span>
      ${option('en', app.t('lang.en'))} <span aria-hidden="true">/</span> ${option('es', app.t('lang.es'))}
    </div>
  `;
}

function brand(app: AppContext): TemplateResult {
  const { logo } = bank();
  return html`
    <div class="brand">
      <span class="brand-name">${logo ? html`<img class="brand-logo" src=${logo} alt="" width="32" height="32" />` : nothing}${app.t('app.bank')}</span>
      <span class="brand-country">${app.t('app.country')}</span>
      <span class="brand-slogan">${app.t('app.slogan')} · ${app.t('app.product')}</span>
    </div>
  `;
}

function footer(app: AppContext): TemplateResult {
  return html`<footer class="site-footer"><p>${app.t('shell.contact')}</p></footer>`;
}

/** The login screens: the bank's brand, the language, one card. */
export function publicShell(app: AppContext, content: TemplateResult): TemplateResult {
  return html`
    <a class="skip-link" href="#main" @click=${skipToMain}>${app.t('app.skip')}</a>
    <header class="site-header">
      ${brand(app)}
      <div class="header-tools">${languageSwitch(app)}</div>
    </header>
    <main id="main" class="public-main" tabindex="-1">${content}</main>
    ${footer(app)}
  `;
}

/**
 * Whether the menu is unfolded on a narrow screen (a phone): folded by default, so the screen's
 * content starts near the top; each choice folds it again. Wide screens always show it.
 */
let menuOpen = false;

/** The signed-in screens: brand, who is signed in, language, logout, the menu and the screen. */
export function privateShell(app: AppContext, content: TemplateResult): TemplateResult {
  const user = app.session?.user;
  const current = location.hash;
  return html`
    <a class="skip-link" href="#main" @click=${skipToMain}>${app.t('app.skip')}</a>
    <header class="site-header">
      ${brand(app)}
      <div class="header-tools">
        <p class="session-user">
          <span>${app.t('shell.user', { name: `${user?.firstName ?? ''} ${user?.lastName ?? ''}`.trim(), userCode: user?.userCode })}</span>
          <span>${app.t('shell.company', { companyCode: user?.companyCode })}</span>
        </p>
        ${languageSwitch(app)}
        <button type="button" class="logout" @click=${() => void app.logout()}>${app.t('shell.logout')}</button>
      </div>
    </header>
    <div class="workspace">
      <nav class="main-menu no-print" aria-label=${app.t('shell.menu')} data-open=${menuOpen ? 'true' : 'false'}>
        <button type="button" class="menu-toggle secondary" aria-expanded=${menuOpen ? 'true' : 'false'}
          aria-controls="menu-body" @click=${() => {
            menuOpen = !menuOpen;
            app.render();
          }}><span aria-hidden="true">☰</span> ${app.t('shell.menuToggle')}</button>
        <div class="menu-body" id="menu-body">
        <ul class="menu-root">
          <li>
            <a href="#/home" aria-current=${current === '#/home' ? 'page' : 'false'}
              @click=${(event: Event) => reopen(event, app, '#/home')}>${app.t('menu.home')}</a>
          </li>
        </ul>
        ${menuFor(app).map(
          (group) => html`
            <h2 class="menu-group" id="menu-${group.id}">${group.label}</h2>
            <ul aria-labelledby="menu-${group.id}">
              ${group.items.map(
                (item) => html`<li>
                  <a href=${item.hash} aria-current=${isCurrent(current, item.hash) ? 'page' : 'false'}
                    @click=${(event: Event) => reopen(event, app, item.hash)}>${item.label}</a>
                </li>`,
              )}
            </ul>
          `,
        )}
        </div>
      </nav>
      <main id="main" class="private-main" tabindex="-1">${content}</main>
    </div>
    ${footer(app)}
  `;
}

/** A menu entry is current on its own screen and the screens under it (the list and its form). */
function isCurrent(current: string, hash: string): boolean {
  if (current === hash) return true;
  if (!current.startsWith(`${hash}/`)) return false;
  // "#/services/token/cancel" is its own entry, not part of "#/services/token"; same for the controls.
  return !['#/services/token', '#/admin/controls'].includes(hash);
}

/** The menu entry of the screen already shown opens it afresh (a link to the same hash would do nothing). */
function reopen(event: Event, app: AppContext, hash: string): void {
  menuOpen = false;
  if (location.hash !== hash) return;
  event.preventDefault();
  app.navigate(hash);
}

function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
