import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { CompanySettings } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { fieldErrors, notice, problemBox } from '../ui/fields.ts';

/** The company's OTP settings: to confirm administrative actions ("si te es requerido") and at login. */
export class SettingsScreen implements Screen {
  private settings: CompanySettings | undefined;
  problem: Problem | undefined;
  private message: string | undefined;
  busy = false;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('settings.heading');
  }

  async load(): Promise<void> {
    try {
      this.settings = await this.app.api.call<CompanySettings>('getCompanySettings');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const checked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).checked;
    const windowMinutes = Number(
      (form.elements.namedItem('confirmationWindowMinutes') as HTMLInputElement).value,
    );
    this.problem = undefined;
    this.message = undefined;
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        this.settings = await this.app.api.call<CompanySettings>('updateCompanySettings', {
          body: {
            otpConfirmation: checked('otpConfirmation'),
            otpAtLogin: checked('otpAtLogin'),
            confirmationWindowMinutes: windowMinutes,
          },
        });
        this.message = this.app.t('settings.saved');
      },
    );
  }

  view(): TemplateResult {
    const { t } = this.app;
    const s = this.settings;
    const errors = fieldErrors(this.problem);
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('settings.intro')}</p>
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.submit(e)}>
        <label class="checkbox"><input type="checkbox" name="otpConfirmation" .checked=${s?.otpConfirmation ?? true} ?disabled=${!s} />
          ${t('settings.otpConfirmation')}</label>
        <label class="checkbox"><input type="checkbox" name="otpAtLogin" .checked=${s?.otpAtLogin ?? false} ?disabled=${!s} />
          ${t('settings.otpAtLogin')}</label>
        <div class="field">
          <label for="settings-window">${t('settings.window')}</label>
          <input id="settings-window" name="confirmationWindowMinutes" type="number" min="0" max="5" step="1"
            inputmode="numeric" aria-describedby="settings-window-hint ${errors.has('confirmationWindowMinutes') ? 'settings-window-error' : ''}"
            .value=${String(s?.confirmationWindowMinutes ?? 0)} ?disabled=${!s} />
          <p class="hint" id="settings-window-hint">${t('settings.windowHint')}</p>
          ${errors.has('confirmationWindowMinutes') ? html`<p class="field-error" id="settings-window-error">${errors.get('confirmationWindowMinutes')?.join(' ')}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy || !s}>${t('settings.save')}</button>
        </div>
      </form>
    `;
  }
}
