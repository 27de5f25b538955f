import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppContext } from '../context.ts';
import type { PasswordRules } from '../types.ts';
import { loadPasswordRules, newPasswordFields, passwordRulesView } from './password-rules.ts';

/**
 * The create form's option: assign the password and activate the user in
 * the same request, under one code, instead of "Asignar Clave" and "Cambiar Estado" afterwards.
 * The API audits each action on its own and writes nothing if any part is refused.
 */
export class CreateAndActivateOption {
  chosen = false;
  private newPassword = '';
  private confirmation = '';
  private rules: PasswordRules | undefined;

  constructor(private readonly app: AppContext) {}

  /** The password rules, shown beside the fields; the form works without them. */
  async load(): Promise<void> {
    this.rules = await loadPasswordRules(this.app.api).catch(() => undefined);
  }

  /** What the option adds to the create request's body: nothing unless chosen. */
  body(): { initialPassword?: { newPassword: string; confirmation: string }; activate?: true } {
    if (!this.chosen) return {};
    return {
      initialPassword: { newPassword: this.newPassword, confirmation: this.confirmation },
      activate: true,
    };
  }

  /** The label of one of the option's fields in a problem's list, if it is one. */
  label(field: string): string | undefined {
    const { t } = this.app;
    if (field === 'initialPassword.newPassword') return t('users.initialPassword');
    if (field === 'initialPassword.confirmation') return t('users.initialConfirmation');
    if (field === 'activate') return t('users.activateNow');
    return undefined;
  }

  /** The checkbox and, once chosen, the password and its confirmation with the rules in view. */
  view(errors: Map<string, string[]>): TemplateResult {
    const { t, lang } = this.app;
    const own = new Map<string, string[]>();
    for (const name of ['newPassword', 'confirmation']) {
      const found = errors.get(`initialPassword.${name}`);
      if (found) own.set(name, found);
    }
    return html`
      <fieldset class="panel" id="create-and-activate">
        <legend>${t('users.activateHeading')}</legend>
        <label class="checkbox">
          <input type="checkbox" id="user-activate-now" name="activateNow" .checked=${this.chosen}
            @change=${(e: Event) => {
              this.chosen = (e.target as HTMLInputElement).checked;
              this.app.render();
            }} />
          ${t('users.activateNow')}
        </label>
        <p class="muted">${t('users.activateNote')}</p>
        ${
          this.chosen
            ? html`<div @input=${(e: InputEvent) => {
                const input = e.target as HTMLInputElement;
                if (input.name === 'newPassword') this.newPassword = input.value;
                if (input.name === 'confirmation') this.confirmation = input.value;
              }}>
                ${newPasswordFields({
                  idPrefix: 'user-initial-',
                  labels: {
                    newPassword: t('users.initialPassword'),
                    confirmation: t('users.initialConfirmation'),
                  },
                  hint: t('login.newHint'),
                  errors: own,
                })}
                ${passwordRulesView(this.rules, lang, t('assign.rulesIntro'), 'user-initial-rules')}
              </div>`
            : nothing
        }
      </fieldset>
    `;
  }
}
