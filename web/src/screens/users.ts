import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatAmount, type MessageKey, parseAmount } from '../i18n.ts';
import { bank } from '../tenant.ts';
import type { AccountsResponse, CreateUserResponse, Profile, UserRow, UserView } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { CreateAndActivateOption } from '../ui/create-and-activate.ts';
import { fieldErrors, focusAlert, notice, problemBox, textField } from '../ui/fields.ts';
import { lockText } from '../ui/lock.ts';
import type { PagedList } from '../ui/paged-list.ts';
import { userList } from './user-list.ts';

/** "Administración / Usuarios": the company's users, to create one or modify the one selected. */
export class UsersScreen implements Screen {
  private readonly list: PagedList<UserRow>;
  private readonly message: string | undefined;
  private hint: string | undefined;

  constructor(private readonly app: AppContext) {
    this.list = userList(app, 'users', () => app.t('users.heading'));
    this.message = app.flash;
    app.flash = undefined;
  }

  title(): string {
    return this.app.t('users.heading');
  }

  load(): Promise<void> {
    return this.list.load(1);
  }

  dispose(): void {
    this.list.dispose();
  }

  private modify(view = false): void {
    this.hint = this.list.openSelected(
      (row) => `#/admin/users/${encodeURIComponent(row.userCode)}${view ? '/view' : ''}`,
    );
    if (this.hint) this.app.render();
  }

  view(): TemplateResult {
    const { t } = this.app;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${notice(this.message)}
      <p>${t('users.listIntro')}</p>
      <div class="actions actions-start no-print">
        <button type="button" @click=${() => this.app.navigate('#/admin/users/new')}>${t('users.new')}</button>
        <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/users/import')}>${t('users.fromFile')}</button>
      </div>
      ${this.list.view()}
      ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
      <div class="actions no-print">
        <button type="button" class="secondary" @click=${() => this.modify(true)}>${t('users.consult')}</button>
        <button type="button" @click=${() => this.modify()}>${t('users.modify')}</button>
      </div>
    `;
  }
}

interface LimitInput {
  /** The API's exact amount ("1500.00") once the text is read. */
  amount?: string;
  /** What the user typed, while typing. */
  text: string;
}

interface UserModel {
  userCode: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  profile: Profile;
  options: Set<string>;
  limits: Record<string, LimitInput>;
  approvals: Record<string, string>;
  accounts: Set<string>;
  /** "Incluir todas las Opciones" as stored: options of later catalogs are included too. */
  allOptions: boolean;
  /** "Incluir todas" the accounts as stored: accounts the bank adds later are included too. */
  allAccounts: boolean;
}

const PROFILES: Profile[] = ['OPERATOR', 'SUPERVISOR', 'BOTH'];

/**
 * An account as the lists name it, in the screen's language: its kind, number and alias.
 * The product's default alias ("Cuenta 3", the guide's step 13) is the product's own word and
 * is said in the language; an alias the company chose is its name and is shown as written.
 */
export function accountLabel(
  app: AppContext,
  account: { number: string; alias?: string; type: string },
): string {
  const kind = app.t(account.type === 'SAVINGS' ? 'users.accountSavings' : 'users.accountChecking');
  const generic = /^Cuenta (\d+)$/.exec(account.alias ?? '');
  const alias = generic ? app.t('users.accountGeneric', { n: generic[1] }) : account.alias;
  return alias
    ? app.t('users.accountLabel', { alias, number: account.number, kind })
    : app.t('users.accountNoAlias', { number: account.number, kind });
}

/** 128 random bits in hex (`crypto.randomUUID` exists only on HTTPS and localhost pages). */
const newIdempotencyKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );

/**
 * "Administración de usuarios" (guide steps 11–13): personal data and profile, the options
 * the user will see with their limits and numbers of approvals, the accounts; Volver,
 * Imprimir, Aceptar — then the OTP, when the company asks for it (step 14).
 */
export class UserFormScreen implements Screen {
  private model: UserModel = {
    userCode: '',
    firstName: '',
    lastName: '',
    jobTitle: '',
    email: '',
    profile: 'OPERATOR',
    options: new Set(),
    limits: {},
    approvals: {},
    accounts: new Set(),
    allOptions: false,
    allAccounts: false,
  };
  private accounts: AccountsResponse['accounts'] = [];
  private existing: UserView | undefined;
  problem: Problem | undefined;
  private localErrors = new Map<string, string[]>();
  busy = false;
  private loaded = false;
  /**
   * One key per opened form: "Aceptar" pressed again after an answer was lost gets the user
   * created the first time (the API keeps the answer 24 h), never a second attempt that
   * would be refused as a duplicate. A refused submission frees the key for the corrected one.
   */
  private readonly idempotencyKey = newIdempotencyKey();
  /** Assign the password and activate in the create request (ui/create-and-activate.ts). */
  private readonly activation: CreateAndActivateOption;

  constructor(
    private readonly app: AppContext,
    private readonly userCode: string | undefined,
  ) {
    this.activation = new CreateAndActivateOption(app);
  }

  title(): string {
    return this.userCode
      ? this.app.t('users.editHeading', { userCode: this.userCode })
      : this.app.t('users.heading');
  }

  async load(): Promise<void> {
    try {
      const [accounts, existing] = await Promise.all([
        this.app.api.call<AccountsResponse>('companyAccounts'),
        this.userCode
          ? this.app.api.call<UserView>('getUser', { path: { userCode: this.userCode } })
          : Promise.resolve(undefined),
      ]);
      this.accounts = accounts.accounts;
      if (existing) this.fill(existing);
      else await this.activation.load();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
    this.loaded = true;
  }

  /** The user's locks and their end, as the administrator must see them. */
  private locksNotice(): TemplateResult | typeof nothing {
    const user = this.existing;
    const text = [lockText(this.app, 'password', user?.lock), lockText(this.app, 'token', user?.tokenLock)]
      .filter(Boolean)
      .join(' · ');
    return text ? html`<p class="alert alert-info" role="status">${text}</p>` : nothing;
  }

  /** Why the user is Deshabilitado: by the administrator, or for inactivity. */
  private disabledNotice(): TemplateResult | typeof nothing {
    const user = this.existing;
    if (user?.state !== 'DISABLED' || !user.disabledReason) return nothing;
    return html`<p class="alert alert-info" role="status" id="user-disabled-reason">${this.app.t(
      `users.disabledBy.${user.disabledReason}` as MessageKey,
    )}</p>`;
  }

  private fill(user: UserView): void {
    this.existing = user;
    this.model = {
      userCode: user.userCode,
      firstName: user.firstName,
      lastName: user.lastName,
      jobTitle: user.jobTitle ?? '',
      email: user.email,
      profile: user.profile ?? 'OPERATOR',
      options: new Set(user.options),
      limits: Object.fromEntries(
        Object.entries(user.limits).map(([id, amount]) => [id, { amount, text: '' }]),
      ),
      approvals: Object.fromEntries(
        Object.entries(user.approvals).map(([group, count]) => [group, String(count ?? 1)]),
      ),
      accounts: new Set(user.accounts),
      allOptions: user.allOptions,
      allAccounts: user.allAccounts,
    };
  }

  private get allOptionIds(): string[] {
    return (this.app.catalog?.groups ?? []).flatMap((g) => g.options.map((o) => o.id));
  }

  private toggleOption(id: string, on: boolean): void {
    if (on) this.model.options.add(id);
    else {
      this.localErrors.delete(`limits.${id}`);
      this.model.options.delete(id);
      this.model.allOptions = false;
    }
    this.app.render();
  }

  private toggleAllOptions(on: boolean): void {
    this.model.options = new Set(on ? this.allOptionIds : []);
    this.model.allOptions = on;
    this.app.render();
  }

  private toggleAccount(number: string, on: boolean): void {
    if (on) this.model.accounts.add(number);
    else {
      this.model.accounts.delete(number);
      this.model.allAccounts = false;
    }
    this.app.render();
  }

  private toggleAllAccounts(on: boolean): void {
    this.model.accounts = new Set(on ? this.accounts.map((a) => a.number) : []);
    this.model.allAccounts = on;
    this.app.render();
  }

  /** "Incluir todas las Opciones": as stored, or every option of the catalog ticked. */
  private allOptionsChosen(): boolean {
    const ids = this.allOptionIds;
    return this.model.allOptions || (ids.length > 0 && ids.every((id) => this.model.options.has(id)));
  }

  /** "Incluir todas" the accounts: as stored, or every account of the company ticked. */
  private allAccountsChosen(): boolean {
    const m = this.model;
    return (
      m.allAccounts || (this.accounts.length > 0 && this.accounts.every((a) => m.accounts.has(a.number)))
    );
  }

  private limitText(id: string): string {
    const limit = this.model.limits[id] ?? { amount: '0.00', text: '' };
    return limit.amount !== undefined ? formatAmount(limit.amount, this.app.lang) : limit.text;
  }

  private onLimitInput(id: string, text: string): void {
    this.model.limits[id] = { text };
  }

  private onLimitChange(id: string): void {
    const limit = this.model.limits[id];
    if (!limit || limit.amount !== undefined) return;
    const amount = parseAmount(limit.text);
    if (amount !== undefined) {
      this.model.limits[id] = { amount, text: limit.text };
      // A corrected field is no longer wrong: its error goes with it.
      this.localErrors.delete(`limits.${id}`);
    }
    this.app.render();
  }

  /** The request body from the screen's choices; the field errors the portal can see by itself. */
  private body(): { body: Record<string, unknown>; errors: Map<string, string[]> } {
    const errors = new Map<string, string[]>();
    const m = this.model;
    const groups = this.app.catalog?.groups ?? [];
    const limits: Record<string, string> = {};
    const approvals: Record<string, number> = {};
    for (const group of groups) {
      const chosen = group.options.filter((o) => m.options.has(o.id));
      for (const option of chosen.filter((o) => o.movesFunds)) {
        const limit = m.limits[option.id] ?? { amount: '0.00', text: '' };
        const amount = limit.amount ?? parseAmount(limit.text);
        if (amount === undefined)
          errors.set(`limits.${option.id}`, [
            this.app.t('users.amountInvalid', { example: formatAmount('1500', this.app.lang) }),
          ]);
        else limits[option.id] = amount;
      }
      if (group.approvals && chosen.length > 0) {
        const count = Number(m.approvals[group.id] ?? '1');
        if (!Number.isInteger(count) || count < 1 || count > 10) {
          errors.set(`approvals.${group.id}`, [this.app.t('users.approvalsInvalid')]);
        } else approvals[group.id] = count;
      }
    }
    const allOptions = this.allOptionsChosen();
    const allAccounts = this.allAccountsChosen();
    return {
      errors,
      body: {
        firstName: m.firstName.trim(),
        lastName: m.lastName.trim(),
        jobTitle: m.jobTitle.trim(),
        email: m.email.trim(),
        profile: m.profile,
        options: allOptions ? 'ALL' : [...m.options],
        limits,
        approvals,
        accounts: allAccounts ? 'ALL' : [...m.accounts],
      },
    };
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { body, errors } = this.body();
    this.localErrors = errors;
    this.problem = undefined;
    if (errors.size > 0) {
      this.app.render();
      focusAlert();
      return;
    }
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        if (this.existing) {
          await this.app.api.call('updateUser', {
            path: { userCode: this.existing.userCode },
            body: { ...body, version: this.existing.version },
          });
          this.app.flash = this.app.t('users.updated', { userCode: this.existing.userCode });
        } else {
          const created = await this.app.api.call<CreateUserResponse>('createUser', {
            body: { userCode: this.model.userCode.trim().toUpperCase(), ...body, ...this.activation.body() },
            idempotencyKey: this.idempotencyKey,
          });
          const done = created.user.state === 'ACTIVE' ? 'users.createdActive' : 'users.created';
          this.app.flash = `${this.app.t(done, { userCode: created.user.userCode })} ${created.reminder[this.app.lang]}`;
        }
        this.app.navigate('#/admin/users');
      },
    );
  }

  private errorsFor(field: string): string[] | undefined {
    const api = fieldErrors(this.problem).get(field) ?? [];
    const local = this.localErrors.get(field) ?? [];
    return api.length || local.length ? [...local, ...api] : undefined;
  }

  private fieldLabel(field: string): string | undefined {
    const { t } = this.app;
    const labels: Record<string, MessageKey> = {
      userCode: 'users.userCode',
      firstName: 'users.firstName',
      lastName: 'users.lastName',
      jobTitle: 'users.jobTitle',
      email: 'users.email',
      profile: 'users.profile',
      options: 'users.optionsHeading',
      accounts: 'users.accounts',
    };
    const key = labels[field];
    if (key) return t(key);
    if (field.startsWith('initialPassword') || field === 'activate') return this.activation.label(field);
    const option = (this.app.catalog?.groups ?? [])
      .flatMap((g) => g.options)
      .find((o) => field.endsWith(o.id));
    return option?.label[this.app.lang];
  }

  view(): TemplateResult {
    const { t } = this.app;
    if (!this.loaded)
      return html`<h1 tabindex="-1">${this.title()}</h1><p role="status">${t('app.loading')}</p>`;
    const m = this.model;
    const text = (field: 'userCode' | 'firstName' | 'lastName' | 'jobTitle' | 'email', extra: object = {}) =>
      html`<div @input=${(e: InputEvent) => {
        m[field] = (e.target as HTMLInputElement).value;
      }}>${textField({
        id: `user-${field}`,
        name: field,
        label: t(`users.${field}` as MessageKey),
        value: m[field],
        required: true,
        errors: this.errorsFor(field),
        ...extra,
      })}</div>`;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${this.locksNotice()}
      ${this.disabledNotice()}
      ${problemBox(t, this.problem, (field) => this.fieldLabel(field))}
      ${
        this.localErrors.size > 0 && !this.problem
          ? html`<div class="alert alert-error" role="alert" tabindex="-1"><p>${t('common.fixErrors')}</p>
            <ul>${[...this.localErrors].map(([field, messages]) => html`<li><strong>${this.fieldLabel(field) ?? field}:</strong> ${messages.join(' ')}</li>`)}</ul></div>`
          : nothing
      }
      <form class="user-form" novalidate @submit=${(e: SubmitEvent) => void this.submit(e)}>
        <fieldset class="panel">
          <legend>${t('users.personal')}</legend>
          <div class="grid-3">
            ${text('userCode', { readonly: Boolean(this.existing), maxlength: 10, uppercase: true, autocomplete: 'off' })}
            ${text('firstName', { maxlength: 50, autocomplete: 'off' })}
            ${text('lastName', { maxlength: 50, autocomplete: 'off' })}
            ${text('jobTitle', { maxlength: 60, autocomplete: 'off' })}
            ${text('email', { type: 'email', maxlength: 254, autocomplete: 'off' })}
            <fieldset class="radios">
              <legend>${t('users.profile')}</legend>
              ${PROFILES.map(
                (profile) => html`<label class="radio">
                  <input type="radio" name="profile" value=${profile} .checked=${m.profile === profile}
                    aria-describedby="profile-help-${profile}"
                    @change=${() => {
                      m.profile = profile;
                      this.app.render();
                    }} />
                  ${t(`profile.${profile}` as MessageKey)}</label>`,
              )}
            </fieldset>
          </div>
          <p class="muted">${t('users.profileNote')}</p>
          <ul class="profile-help">
            ${PROFILES.map((p) => html`<li id="profile-help-${p}" class=${m.profile === p ? 'current' : ''}>${t(`users.profileHelp.${p}` as MessageKey)}</li>`)}
          </ul>
        </fieldset>
        ${this.optionsView()}
        ${this.accountsView()}
        ${this.existing ? nothing : html`<p class="reminder">${t('users.reminder')}</p>`}
        ${this.existing ? nothing : this.activation.view(fieldErrors(this.problem))}
        <div class="actions no-print">
          <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/users')}>${t('common.back')}</button>
          <button type="button" class="secondary" @click=${() => window.print()}>${t('common.print')}</button>
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }

  private optionsView(): TemplateResult {
    const { t, lang } = this.app;
    const m = this.model;
    const all = this.allOptionsChosen();
    return html`
      <fieldset class="panel options">
        <legend>${t('users.optionsHeading')}</legend>
        <label class="checkbox strong">
          <input type="checkbox" .checked=${all} aria-describedby=${m.allOptions ? 'all-options-granted' : nothing}
            @change=${(e: Event) => this.toggleAllOptions((e.target as HTMLInputElement).checked)} />
          ${t('users.allOptions')}
        </label>
        ${m.allOptions ? html`<p class="muted" id="all-options-granted">${t('users.allOptionsGranted')}</p>` : nothing}
        <div class="option-groups">
          ${(this.app.catalog?.groups ?? []).map((group) => {
            const anyChosen = group.options.some((o) => m.options.has(o.id));
            const approvalsId = `approvals-${group.id}`;
            const approvalErrors = this.errorsFor(`approvals.${group.id}`);
            return html`
              <fieldset class="option-group">
                <legend>${group.label[lang]}</legend>
                ${
                  group.approvals
                    ? html`<div class="field inline-field">
                      <label for=${approvalsId}>${t('users.approvals')}</label>
                      <input id=${approvalsId} type="number" min="1" max="10" step="1" inputmode="numeric"
                        .value=${m.approvals[group.id] ?? '1'} ?disabled=${!anyChosen}
                        aria-label=${t('users.approvalsOf', { group: group.label[lang] })}
                        aria-invalid=${approvalErrors ? 'true' : 'false'}
                        @input=${(e: InputEvent) => {
                          m.approvals[group.id] = (e.target as HTMLInputElement).value;
                        }} />
                      ${approvalErrors ? html`<p class="field-error">${approvalErrors.join(' ')}</p>` : nothing}
                    </div>`
                    : nothing
                }
                ${this.grantTable(group)}
              </fieldset>
            `;
          })}
        </div>
      </fieldset>
    `;
  }

  /**
   * A group's options as a table: the option in the first column, its limit in
   * the bank's currency in the second, under one column header — long names wrap in their own
   * cell, an error sits under its field, and no label of one column can cover the other.
   */
  private grantTable(group: NonNullable<AppContext['catalog']>['groups'][number]): TemplateResult {
    const { t, lang } = this.app;
    const m = this.model;
    const moves = group.options.some((o) => o.movesFunds);
    const currency = bank().currency.code;
    return html`<table class="grant-table">
      <caption class="visually-hidden">${group.label[lang]}</caption>
      <thead><tr>
        <th scope="col">${t('users.option')}</th>
        ${moves ? html`<th scope="col" class="limit-col">${t('users.limitHeader', { currency })}</th>` : nothing}
      </tr></thead>
      <tbody>
        ${group.options.map((option) => {
          const chosen = m.options.has(option.id);
          const limitId = `limit-${option.id.replace('.', '-')}`;
          const limitErrors = this.errorsFor(`limits.${option.id}`);
          const checkboxId = `option-${option.id.replace('.', '-')}`;
          return html`<tr class=${chosen ? 'chosen' : ''}>
            <td><div class="option-cell">
              <input type="checkbox" id=${checkboxId} name="options" value=${option.id} .checked=${chosen}
                @change=${(e: Event) => this.toggleOption(option.id, (e.target as HTMLInputElement).checked)} />
              <label for=${checkboxId}>${option.label[lang]}</label>
            </div></td>
            ${
              moves
                ? html`<td class="limit-col">${
                    option.movesFunds
                      ? html`<div class="limit-field">
                        <span class="currency" aria-hidden="true">${currency}</span>
                        <input id=${limitId} type="text" inputmode="decimal" maxlength="16"
                          .value=${this.limitText(option.id)} ?disabled=${!chosen}
                          aria-label=${t('users.limitOf', { option: option.label[lang] })}
                          aria-invalid=${limitErrors ? 'true' : 'false'}
                          aria-describedby=${limitErrors ? `${limitId}-error` : nothing}
                          @input=${(e: InputEvent) => this.onLimitInput(option.id, (e.target as HTMLInputElement).value)}
                          @change=${() => this.onLimitChange(option.id)} />
                      </div>
                      ${limitErrors ? html`<p class="field-error" id="${limitId}-error">${limitErrors.join(' ')}</p>` : nothing}`
                      : html`<span class="muted" aria-hidden="true">—</span>`
                  }</td>`
                : nothing
            }
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private accountsView(): TemplateResult {
    const { t } = this.app;
    const m = this.model;
    const all = this.allAccountsChosen();
    const errors = this.errorsFor('accounts');
    return html`
      <fieldset class="panel accounts">
        <legend>${t('users.accounts')}</legend>
        <p class="muted">${t('users.includeExclude')}</p>
        <label class="checkbox strong">
          <input type="checkbox" .checked=${all} aria-describedby=${m.allAccounts ? 'all-accounts-granted' : nothing}
            @change=${(e: Event) => this.toggleAllAccounts((e.target as HTMLInputElement).checked)} />
          ${t('users.allAccounts')}
        </label>
        ${m.allAccounts ? html`<p class="muted" id="all-accounts-granted">${t('users.allAccountsGranted')}</p>` : nothing}
        <ul class="account-list">
          ${this.accounts.map(
            (account) => html`<li>
              <label class="checkbox">
                <input type="checkbox" name="accounts" value=${account.number} .checked=${m.accounts.has(account.number)}
                  @change=${(e: Event) => this.toggleAccount(account.number, (e.target as HTMLInputElement).checked)} />
                ${accountLabel(this.app, account)}
              </label>
            </li>`,
          )}
        </ul>
        ${errors ? html`<p class="field-error">${errors.join(' ')}</p>` : nothing}
      </fieldset>
    `;
  }
}
