import { html, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { CompanySettings } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { notice, problemBox } from '../ui/fields.ts';

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
    this.problem = undefined;
    this.message = undefined;
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        this.settings = await this.app.api.call<CompanySettings>('updateCompanySettings', {
          body: { otpConfirmation: checked('otpConfirmation'), otpAtLogin: checked('otpAtLogin') },
        });
        this.message = this.app.t('settings.saved');
      },
    );
  }

  view(): TemplateResult {
    const { t } = this.app;
    const s = this.settings;
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
        <div class="actions">
          <button type="submit" ?disabled=${this.busy || !s}>${t('settings.save')}</button>
        </div>
      </form>
    `;
  }
}
