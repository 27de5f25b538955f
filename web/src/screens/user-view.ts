import { html, nothing, type TemplateResult } from 'lit-html';
import { tokenStateLabels } from '../../../shared/domain/model.ts';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatDateTime, formatMoney, type MessageKey } from '../i18n.ts';
import type { AccountsResponse, UserView } from '../types.ts';
import { problemBox } from '../ui/fields.ts';
import { lockText } from '../ui/lock.ts';
import { accountLabel } from './users.ts';

/**
 * "Consultar usuario": one user as it stands, read only — state and why, locks,
 * token, profile, every option with its limit, the approvals, the accounts, who created the
 * user and when, and when it last changed. `GET /users/{userCode}` and the company's accounts.
 */
export class UserConsultScreen implements Screen {
  private user: UserView | undefined;
  private accounts: AccountsResponse['accounts'] = [];
  private problem: Problem | undefined;
  private loaded = false;

  constructor(
    private readonly app: AppContext,
    private readonly userCode: string,
  ) {}

  title(): string {
    return this.app.t('consult.heading', { userCode: this.userCode });
  }

  async load(): Promise<void> {
    try {
      const [user, accounts] = await Promise.all([
        this.app.api.call<UserView>('getUser', { path: { userCode: this.userCode } }),
        this.app.api.call<AccountsResponse>('companyAccounts'),
      ]);
      this.user = user;
      this.accounts = accounts.accounts;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
    this.loaded = true;
  }

  private row(label: string, value: TemplateResult | string): TemplateResult {
    return html`<div class="consult-row"><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  view(): TemplateResult {
    const { t, lang } = this.app;
    const user = this.user;
    const heading = html`<h1 tabindex="-1">${this.title()}</h1>`;
    if (!this.loaded) return html`${heading}<p role="status">${t('app.loading')}</p>`;
    if (!user) return html`${heading}${problemBox(t, this.problem)}${this.actions()}`;
    const none = t('consult.none');
    const locks = [lockText(this.app, 'password', user.lock), lockText(this.app, 'token', user.tokenLock)]
      .filter(Boolean)
      .join(' · ');
    const tokenWords = tokenStateLabels[user.tokenState as 'ACTIVE'];
    const groups = (this.app.catalog?.groups ?? [])
      .map((group) => ({ group, options: group.options.filter((o) => user.options.includes(o.id)) }))
      .filter((g) => g.options.length > 0);
    const accounts = user.accounts.map(
      (number) => this.accounts.find((a) => a.number === number) ?? { number, type: 'CHECKING' },
    );
    return html`
      ${heading}
      <section class="panel consult" aria-labelledby="consult-personal">
        <h2 id="consult-personal">${t('users.personal')}</h2>
        <dl class="consult-list">
          ${this.row(t('users.userCode'), user.userCode)}
          ${this.row(t('users.firstName'), user.firstName)}
          ${this.row(t('users.lastName'), user.lastName)}
          ${this.row(t('users.jobTitle'), user.jobTitle || none)}
          ${this.row(t('users.email'), user.email)}
          ${this.row(t('users.profile'), user.profile ? t(`profile.${user.profile}` as MessageKey) : none)}
        </dl>
      </section>
      <section class="panel consult" aria-labelledby="consult-security">
        <h2 id="consult-security">${t('consult.security')}</h2>
        <dl class="consult-list">
          ${this.row(t('col.state'), user.stateLabel[lang])}
          ${
            user.state === 'DISABLED' && user.disabledReason
              ? this.row(t('consult.disabledWhy'), t(`users.disabledBy.${user.disabledReason}` as MessageKey))
              : nothing
          }
          ${this.row(t('consult.password'), user.hasPassword ? (user.mustChangePassword ? t('consult.passwordToChange') : t('consult.passwordSet')) : t('consult.passwordNone'))}
          ${this.row(t('consult.locks'), locks || t('consult.noLocks'))}
          ${this.row(t('col.tokenState'), tokenWords ? tokenWords[lang] : user.tokenState)}
          ${this.row(t('col.createdBy'), user.createdBy)}
          ${this.row(t('consult.createdAt'), formatDateTime(user.createdAt, lang))}
          ${this.row(t('consult.updatedAt'), user.updatedAt ? formatDateTime(user.updatedAt, lang) : none)}
        </dl>
      </section>
      <section class="panel consult" aria-labelledby="consult-options">
        <h2 id="consult-options">${t('consult.options')}</h2>
        ${user.allOptions ? html`<p class="muted">${t('users.allOptionsGranted')}</p>` : nothing}
        ${
          groups.length === 0
            ? html`<p>${none}</p>`
            : groups.map(
                ({ group, options }) => html`<table class="grant-table">
                  <caption>${group.label[lang]}${
                    group.approvals && user.approvals[group.id as 'transfers'] !== undefined
                      ? ` · ${t('home.approvals', { count: user.approvals[group.id as 'transfers'] })}`
                      : ''
                  }</caption>
                  <thead><tr><th scope="col">${t('users.option')}</th>
                    <th scope="col" class="limit-col">${t('users.limit')}</th></tr></thead>
                  <tbody>${options.map(
                    (option) => html`<tr><td>${option.label[lang]}</td>
                      <td class="limit-col">${option.movesFunds ? formatMoney(user.limits[option.id] ?? '0', lang) : '—'}</td></tr>`,
                  )}</tbody>
                </table>`,
              )
        }
      </section>
      <section class="panel consult" aria-labelledby="consult-accounts">
        <h2 id="consult-accounts">${t('users.accounts')}</h2>
        ${user.allAccounts ? html`<p class="muted">${t('users.allAccountsGranted')}</p>` : nothing}
        ${
          accounts.length
            ? html`<ul class="account-numbers">${accounts.map((a) => html`<li>${accountLabel(this.app, a)}</li>`)}</ul>`
            : html`<p>${none}</p>`
        }
      </section>
      ${this.actions()}
    `;
  }

  private actions(): TemplateResult {
    const { t } = this.app;
    return html`<div class="actions no-print">
      <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/users')}>${t('common.back')}</button>
      <button type="button" class="secondary" @click=${() => window.print()}>${t('common.print')}</button>
      ${
        this.user
          ? html`<button type="button" @click=${() => this.app.navigate(`#/admin/users/${encodeURIComponent(this.userCode)}`)}>${t('users.modify')}</button>`
          : nothing
      }
    </div>`;
  }
}
