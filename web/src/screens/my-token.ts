import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { tokenGuideUrl } from '../links.ts';
import type { MyToken, TokenInstalled, TokenRequest } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { focusAlert, formValues, notice, otpField, problemBox } from '../ui/fields.ts';

/** Groups a base32 secret by four characters, as authenticator apps show it. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * "Solicitud BOP Token" (guide step 9): request a token, see its QR code and manual key once,
 * and install it with the app's first code. An administrator's token is active at once; an
 * end user's waits for the administrator (step 24).
 */
export class RequestTokenScreen implements Screen {
  private token: MyToken | undefined;
  private enrollment: TokenRequest | undefined;
  problem: Problem | undefined;
  private message: string | undefined;
  busy = false;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('token.heading');
  }

  async load(): Promise<void> {
    this.token = await this.app.api.call<MyToken>('getMyToken');
    this.app.myToken = this.token;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.problem = undefined;
    this.message = undefined;
    await runAction(this, () => this.app.render(), action);
  }

  private request(): Promise<void> {
    return this.run(async () => {
      this.enrollment = await this.app.api.call<TokenRequest>('requestToken');
      this.token = { state: this.enrollment.state, stateLabel: this.enrollment.stateLabel };
      requestAnimationFrame(() => document.getElementById('token-qr')?.focus());
    });
  }

  private install(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const otp = (formValues(form).otp ?? '').trim();
    return this.run(async () => {
      if (!/^[0-9]{6}$/.test(otp)) {
        this.problem = {
          title: this.app.t('otp.format'),
          detail: '',
          status: 400,
          code: 'VALIDATION_FAILED',
        };
        focusAlert();
        return;
      }
      const installed = await this.app.api.call<TokenInstalled>('installToken', { body: { otp } });
      form.reset();
      this.enrollment = undefined;
      this.token = await this.app.api.call<MyToken>('getMyToken');
      this.app.myToken = this.token;
      this.message = installed.awaitingActivation
        ? this.app.t('token.installedAwaiting')
        : this.app.t('token.installedActive');
    });
  }

  view(): TemplateResult {
    const { t, lang } = this.app;
    const state = this.token?.state;
    const installed = state === 'ACTIVE' || state === 'INSTALLED' || state === 'INACTIVE';
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${this.token ? html`<p class="token-state">${t('token.state', { state: this.token.stateLabel[lang] })}</p>` : nothing}
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      ${installed && !this.message ? html`<p>${state === 'ACTIVE' ? t('token.active') : t('token.installedState')}</p>` : nothing}
      ${
        !installed && !this.enrollment
          ? html`<p>${t('token.intro')}</p>
            ${state === 'REQUESTED' ? html`<p>${t('token.requestedLost')}</p>` : nothing}
            <div class="actions actions-start">
              <button type="button" ?disabled=${this.busy} @click=${() => void this.request()}>
                ${state === 'REQUESTED' ? t('token.requestAgain') : t('token.request')}
              </button>
            </div>`
          : nothing
      }
      ${this.enrollment ? this.enrollmentView(this.enrollment) : nothing}
      <p><a href=${tokenGuideUrl()} target="_blank" rel="noopener noreferrer">${t('token.guide')}</a></p>
    `;
  }

  private enrollmentView(enrollment: TokenRequest): TemplateResult {
    const { t } = this.app;
    const secret = new URL(enrollment.otpauthUri).searchParams.get('secret') ?? '';
    return html`
      <ol class="steps">
        <li>${t('token.step1')}</li>
        <li>${t('token.step2')}</li>
        <li>${t('token.step3')}</li>
      </ol>
      <div class="enrollment">
        <img id="token-qr" tabindex="-1" class="qr" src=${enrollment.qrCode} width="220" height="220"
          alt=${t('token.qrAlt', { account: enrollment.account })} />
        <div>
          <p>${t('token.account', { account: enrollment.account, issuer: enrollment.issuer })}</p>
          <p>${t('token.manualKey')}:</p>
          <p><code class="secret" data-otpauth=${enrollment.otpauthUri}>${grouped(secret)}</code></p>
          <p class="muted">${t('token.secretOnce')}</p>
        </div>
      </div>
      <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.install(e)}>
        ${otpField({ id: 'install-otp', name: 'otp', label: t('otp.label'), hint: t('otp.prompt') })}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('token.install')}</button>
        </div>
      </form>
    `;
  }
}

/** "Cancelar BOP Token": the owner cancels their token with a current code. */
export class CancelTokenScreen implements Screen {
  private token: MyToken | undefined;
  private problem: Problem | undefined;
  private message: string | undefined;
  private busy = false;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('cancel.heading');
  }

  async load(): Promise<void> {
    this.token = await this.app.api.call<MyToken>('getMyToken');
  }

  private async cancel(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const otp = (formValues(form).otp ?? '').trim();
    this.problem = undefined;
    if (!/^[0-9]{6}$/.test(otp)) {
      this.problem = { title: this.app.t('otp.format'), detail: '', status: 400, code: 'VALIDATION_FAILED' };
      this.app.render();
      focusAlert();
      return;
    }
    this.busy = true;
    this.app.render();
    try {
      await this.app.api.call('cancelToken', { body: { otp } });
      form.reset();
      this.token = await this.app.api.call<MyToken>('getMyToken');
      this.app.myToken = this.token;
      this.message = this.app.t('cancel.done');
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
    const { t, lang } = this.app;
    const state = this.token?.state;
    const cancellable =
      state === 'ACTIVE' || state === 'INSTALLED' || state === 'INACTIVE' || state === 'REQUESTED';
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      ${this.token ? html`<p class="token-state">${t('token.state', { state: this.token.stateLabel[lang] })}</p>` : nothing}
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      ${this.token && !cancellable && !this.message ? html`<p>${t('cancel.none')}</p>` : nothing}
      ${
        cancellable
          ? html`<p>${t('cancel.intro')}</p>
            <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.cancel(e)}>
              ${otpField({ id: 'cancel-otp', name: 'otp', label: t('otp.label'), hint: t('otp.hint') })}
              <div class="actions">
                <button type="submit" ?disabled=${this.busy}>${t('cancel.submit')}</button>
              </div>
            </form>`
          : nothing
      }
    `;
  }
}
