import { html, nothing, type TemplateResult } from 'lit-html';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { PasswordRules, UserRow } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { fieldErrors, formValues, problemBox, textField } from '../ui/fields.ts';
import type { PagedList } from '../ui/paged-list.ts';
import { loadPasswordRules, newPasswordFields, passwordRulesView } from '../ui/password-rules.ts';
import { userList } from './user-list.ts';

/**
 * "Asignar Clave" (guide steps 15–18): choose the user in the list and "Aceptar"; then the
 * new password and its confirmation with the rules in view, "Aceptar", the OTP, and the
 * reminder to tell the user their password, company code and user code.
 */
export class AssignPasswordScreen implements Screen {
  private readonly list: PagedList<UserRow>;
  private rules: PasswordRules | undefined;
  problem: Problem | undefined;
  private hint: string | undefined;
  private done = false;
  busy = false;

  constructor(
    private readonly app: AppContext,
    private readonly userCode: string | undefined,
  ) {
    this.list = userList(app, 'assign', () => app.t('assign.heading'));
  }

  title(): string {
    return this.app.t('assign.heading');
  }

  async load(): Promise<void> {
    if (this.userCode) this.rules = await loadPasswordRules(this.app.api);
    else await this.list.load(1);
  }

  dispose(): void {
    this.list.dispose();
  }

  private accept(): void {
    this.hint = this.list.openSelected((row) => `#/admin/password/${encodeURIComponent(row.userCode)}`);
    if (this.hint) this.app.render();
  }

  private async submit(event: SubmitEvent, userCode: string): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    this.problem = undefined;
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        await this.app.api.call('assignUserPassword', {
          path: { userCode },
          body: { newPassword: values.newPassword ?? '', confirmation: values.confirmation ?? '' },
        });
        form.reset();
        this.done = true;
        requestAnimationFrame(() => document.getElementById('assign-done')?.focus());
      },
    );
  }

  view(): TemplateResult {
    const { t } = this.app;
    if (!this.userCode) {
      return html`
        <h1 tabindex="-1">${this.title()}</h1>
        <p>${t('assign.listIntro')}</p>
        ${this.list.view()}
        ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
        <div class="actions no-print">
          <button type="button" @click=${() => this.accept()}>${t('common.accept')}</button>
        </div>
      `;
    }
    if (this.done) {
      return html`
        <h1 tabindex="-1">${this.title()}</h1>
        <div class="alert alert-success" role="alert" id="assign-done" tabindex="-1">
          <p><strong>${t('assign.doneHeading', { userCode: this.userCode })}</strong></p>
          <p>${t('assign.done')}</p>
        </div>
        <div class="actions">
          <button type="button" @click=${() => this.app.navigate('#/admin/password')}>${t('common.ok')}</button>
        </div>
      `;
    }
    const errors = fieldErrors(this.problem);
    const userCode = this.userCode;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${problemBox(t, this.problem, (field) =>
        field === 'newPassword'
          ? t('assign.newPassword')
          : field === 'confirmation'
            ? t('assign.confirmation')
            : undefined,
      )}
      <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.submit(e, userCode)}>
        ${textField({ id: 'assign-userCode', name: 'userCode', label: t('users.userCode'), value: userCode, readonly: true })}
        ${newPasswordFields({
          idPrefix: 'assign-',
          labels: { newPassword: t('assign.newPassword'), confirmation: t('assign.confirmation') },
          hint: t('login.newHint'),
          errors,
        })}
        ${passwordRulesView(this.rules, this.app.lang, t('assign.rulesIntro'))}
        <p class="reminder">${t('assign.remember')}</p>
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/password')}>${t('common.back')}</button>
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }
}
