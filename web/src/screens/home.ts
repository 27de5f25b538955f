import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppContext, Screen } from '../context.ts';
import { formatMoney } from '../i18n.ts';
import { optionHash, tokenGuideUrl } from '../links.ts';
import type { MyToken } from '../types.ts';

/**
 * Home. The administrator's says where they are and what to do first (the token); an end
 * user's shows exactly the options granted, grouped as in the catalog, with their limits,
 * approvals and accounts.
 */
export class HomeScreen implements Screen {
  constructor(private readonly app: AppContext) {}

  title(): string {
    const user = this.app.session?.user;
    return this.app.t('home.heading', { name: `${user?.firstName ?? ''} ${user?.lastName ?? ''}`.trim() });
  }

  async load(): Promise<void> {
    if (this.app.session?.user.role === 'admin') {
      this.app.myToken = await this.app.api.call<MyToken>('getMyToken');
    }
  }

  view(): TemplateResult {
    return this.app.session?.user.role === 'admin' ? this.adminView() : this.userView();
  }

  private adminView(): TemplateResult {
    const { t } = this.app;
    const tokenActive = this.app.myToken?.state === 'ACTIVE';
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('home.adminIntro')}</p>
      <p>${t('home.adminPurpose')}</p>
      ${
        tokenActive
          ? html`<div class="alert alert-success" role="status"><p>${t('home.tokenReady')}</p></div>`
          : html`<div class="alert alert-info" role="status">
            <p><a href="#/services/token">${t('home.tokenNeeded')}</a></p>
          </div>`
      }
      <p><a href=${tokenGuideUrl()} target="_blank" rel="noopener noreferrer">${t('home.tokenGuide')}</a></p>
      <section class="note" aria-labelledby="note-title">
        <h2 id="note-title">${t('home.noteTitle')}</h2>
        <p>${t('home.note')}</p>
      </section>
    `;
  }

  private userView(): TemplateResult {
    const { t, lang, me, catalog } = this.app;
    const granted = new Set(me?.options ?? []);
    const groups = (catalog?.groups ?? [])
      .map((group) => ({ group, options: group.options.filter((o) => granted.has(o.id)) }))
      .filter((g) => g.options.length > 0);
    const approvals = me?.approvals as Record<string, number | undefined> | undefined;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${me?.profile ? html`<p>${t('home.profile', { profile: t(`profile.${me.profile}`) })}</p>` : nothing}
      <p>${groups.length ? t('home.userIntro') : t('home.noOptions')}</p>
      <div class="granted-groups">
        ${groups.map(
          ({ group, options }) => html`
            <section class="granted-group" aria-labelledby="granted-${group.id}">
              <h2 id="granted-${group.id}">${group.label[lang]}</h2>
              ${
                group.approvals && approvals?.[group.id] !== undefined
                  ? html`<p class="muted">${t('home.approvals', { count: approvals[group.id] })}</p>`
                  : nothing
              }
              <ul>
                ${options.map(
                  (option) => html`<li>
                    <a href=${optionHash(option.id)}>${option.label[lang]}</a>
                    ${option.module === 'banking' ? html`<span class="tag">${t('home.otherModule')}</span>` : nothing}
                    ${
                      option.movesFunds && me?.limits[option.id] !== undefined
                        ? html`<span class="limit">${t('home.limit', { amount: formatMoney(me.limits[option.id] ?? '0', lang) })}</span>`
                        : nothing
                    }
                  </li>`,
                )}
              </ul>
            </section>
          `,
        )}
      </div>
      <section aria-labelledby="my-accounts">
        <h2 id="my-accounts">${t('home.accounts')}</h2>
        ${
          me?.accounts.length
            ? html`<ul class="account-numbers">${me.accounts.map((a) => html`<li>${a}</li>`)}</ul>`
            : html`<p>${t('home.noAccounts')}</p>`
        }
      </section>
    `;
  }
}
