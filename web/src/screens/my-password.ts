import { html, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { PasswordRules } from '../types.ts';
import { fieldErrors, focusAlert, formValues, problemBox, textField } from '../ui/fields.ts';
import { loadPasswordRules, newPasswordFields, passwordRulesView } from '../ui/password-rules.ts';

/** "Cambio de Clave": the signed-in user changes their own password; the session ends with it. */
export class MyPasswordScreen implements Screen {
  private rules: PasswordRules | undefined;
  private problem: Problem | undefined;
  private busy = false;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('mypw.heading');
  }

  async load(): Promise<void> {
    this.rules = await loadPasswordRules(this.app.api);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    this.problem = undefined;
    this.busy = true;
    this.app.render();
    try {
      await this.app.api.call('changeMyPassword', {
        body: {
          currentPassword: values.currentPassword ?? '',
          newPassword: values.newPassword ?? '',
          confirmation: values.confirmation ?? '',
        },
      });
      form.reset();
      this.app.endSessionToLogin(this.app.t('mypw.done'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
      focusAlert();
    } finally {
      this.busy = false;
      this.app.render();
    }
  }

  view(): TemplateResult {
    const { t } = this.app;
    const errors = fieldErrors(this.problem);
    const labels: Record<string, string> = {
      currentPassword: t('mypw.current'),
      newPassword: t('login.newPassword'),
      confirmation: t('login.confirmation'),
    };
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${passwordRulesView(this.rules, this.app.lang, t('login.rulesIntro'))}
      ${problemBox(t, this.problem, (field) => labels[field])}
      <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.submit(e)}>
        ${textField({
          id: 'my-currentPassword',
          name: 'currentPassword',
          type: 'password',
          label: labels.currentPassword ?? '',
          required: true,
          autocomplete: 'current-password',
          errors: errors.get('currentPassword'),
        })}
        ${newPasswordFields({
          idPrefix: 'my-',
          labels: { newPassword: labels.newPassword ?? '', confirmation: labels.confirmation ?? '' },
          hint: t('login.newHint'),
          errors,
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }
}
