import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type {
  IdentifyResponse,
  ImagesResponse,
  LoginResponse,
  PasswordRules,
  SessionView,
} from '../types.ts';
import {
  fieldErrors,
  focusAlert,
  formValues,
  notice,
  otpField,
  problemBox,
  textField,
} from '../ui/fields.ts';
import { loadPasswordRules, newPasswordFields, passwordRulesView } from '../ui/password-rules.ts';

type Image = IdentifyResponse['image'];
type Step =
  | { kind: 'identify' }
  | { kind: 'password'; image: Image }
  | { kind: 'change'; challenge: string }
  | { kind: 'changed' }
  | { kind: 'image'; challenge: string; images: Image[] }
  | { kind: 'otp'; challenge: string };

/**
 * The login of the guide, steps 3 to 8: company and user code → the user's anti-phishing
 * image and the password (with the bank's notice about a wrong image) → the forced change
 * of a generic or assigned password, with the rules shown before typing and each broken rule
 * named → success → the image choice → (the OTP, when the company asks for it) → home.
 */
export class LoginScreen implements Screen {
  private step: Step = { kind: 'identify' };
  private codes: { companyCode: string; userCode: string };
  private problem: Problem | undefined;
  private rules: PasswordRules | undefined;
  private busy = false;
  private chosenImage: string | undefined;
  private message: string | undefined;

  constructor(private readonly app: AppContext) {
    this.codes = app.loginPrefill ?? { companyCode: '', userCode: '' };
    this.message = app.flash;
    app.flash = undefined;
  }

  title(): string {
    const { t } = this.app;
    switch (this.step.kind) {
      case 'change':
        return t('login.passwordChangeHeading');
      case 'changed':
        return t('login.changedHeading');
      case 'image':
        return t('login.imageHeading');
      case 'otp':
        return t('login.otpHeading');
      default:
        return t('login.heading');
    }
  }

  private go(step: Step): void {
    this.step = step;
    this.problem = undefined;
    this.busy = false;
    this.app.render();
    // A new step is a new screen for a screen reader: focus its heading.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    this.message = undefined;
    this.app.render();
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
      if (error.problem.code === 'CHALLENGE_INVALID') this.step = { kind: 'identify' };
      focusAlert();
    } finally {
      this.busy = false;
      this.app.render();
    }
  }

  private identify(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    const companyCode = (values.companyCode ?? '').trim().toUpperCase();
    const userCode = (values.userCode ?? '').trim().toUpperCase();
    this.codes = { companyCode, userCode };
    if (!companyCode || !userCode) {
      this.problem = localProblem(this.app.t('login.codesRequired'));
      this.app.render();
      focusAlert();
      return;
    }
    void this.run(async () => {
      const answer = await this.app.api.call<IdentifyResponse>('identify', { body: this.codes });
      this.go({ kind: 'password', image: answer.image });
    });
  }

  private login(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const password = formValues(form).password ?? '';
    if (!password) {
      this.problem = localProblem(this.app.t('login.passwordRequired'));
      this.app.render();
      focusAlert();
      return;
    }
    void this.run(async () => {
      try {
        const answer = await this.app.api.call<LoginResponse>('login', { body: { ...this.codes, password } });
        await this.next(answer);
      } finally {
        form.reset();
      }
    });
  }

  /** Where a login answer leads. */
  private async next(
    answer: LoginResponse | { status: 'AUTHENTICATED'; session: SessionView },
  ): Promise<void> {
    switch (answer.status) {
      case 'AUTHENTICATED':
        await this.app.beginSession(answer.session);
        return;
      case 'PASSWORD_CHANGE_REQUIRED':
        this.rules = await loadPasswordRules(this.app.api);
        this.go({ kind: 'change', challenge: answer.challenge.token });
        return;
      case 'IMAGE_REQUIRED': {
        const { images } = await this.app.api.call<ImagesResponse>('listAntiphishingImages');
        this.chosenImage = undefined;
        this.go({ kind: 'image', challenge: answer.challenge.token, images });
        return;
      }
      case 'OTP_REQUIRED':
        this.go({ kind: 'otp', challenge: answer.challenge.token });
        return;
    }
  }

  private changePassword(event: SubmitEvent, challenge: string): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    const body = {
      currentPassword: values.currentPassword ?? '',
      newPassword: values.newPassword ?? '',
      confirmation: values.confirmation ?? '',
    };
    if (!body.currentPassword || !body.newPassword || !body.confirmation) {
      this.problem = localProblem(this.app.t('login.passwordsRequired'));
      this.app.render();
      focusAlert();
      return;
    }
    void this.run(async () => {
      await this.app.api.call('changeInitialPassword', { body, challenge });
      form.reset();
      this.go({ kind: 'changed' });
    });
  }

  private chooseImage(event: SubmitEvent, challenge: string): void {
    event.preventDefault();
    if (!this.chosenImage) {
      this.problem = localProblem(this.app.t('login.imageRequired'));
      this.app.render();
      focusAlert();
      return;
    }
    const imageId = this.chosenImage;
    void this.run(async () => {
      const answer = await this.app.api.call<LoginResponse>('chooseImage', { body: { imageId }, challenge });
      await this.next(answer);
    });
  }

  private loginOtp(event: SubmitEvent, challenge: string): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const otp = (formValues(form).otp ?? '').trim();
    if (!/^[0-9]{6}$/.test(otp)) {
      this.problem = localProblem(this.app.t('otp.format'));
      this.app.render();
      focusAlert();
      return;
    }
    void this.run(async () => {
      try {
        const answer = await this.app.api.call<LoginResponse>('loginOtp', { body: { otp }, challenge });
        await this.next(answer);
      } finally {
        form.reset();
      }
    });
  }

  private fieldLabel(field: string): string | undefined {
    const { t } = this.app;
    const labels: Record<string, string> = {
      companyCode: t('login.companyCode'),
      userCode: t('login.userCode'),
      password: t('login.password'),
      currentPassword: t('login.currentPassword'),
      newPassword: t('login.newPassword'),
      confirmation: t('login.confirmation'),
      otp: t('otp.label'),
    };
    return labels[field];
  }

  view(): TemplateResult {
    const { t } = this.app;
    const step = this.step;
    return html`
      <div class="login-card">
        <p class="login-segment">${t('login.segment')}</p>
        <h1 tabindex="-1">${this.title()}</h1>
        ${notice(this.message, 'info')}
        ${problemBox(t, this.problem, (field) => this.fieldLabel(field))}
        ${step.kind === 'identify' ? this.identifyView() : nothing}
        ${step.kind === 'password' ? this.passwordView(step.image) : nothing}
        ${step.kind === 'change' ? this.changeView(step.challenge) : nothing}
        ${step.kind === 'changed' ? this.changedView() : nothing}
        ${step.kind === 'image' ? this.imageView(step.challenge, step.images) : nothing}
        ${step.kind === 'otp' ? this.otpView(step.challenge) : nothing}
      </div>
    `;
  }

  private identifyView(): TemplateResult {
    const { t } = this.app;
    return html`
      <form novalidate @submit=${(e: SubmitEvent) => this.identify(e)}>
        ${textField({
          id: 'companyCode',
          label: t('login.companyCode'),
          placeholder: `*${t('login.companyCode')}`,
          value: this.codes.companyCode,
          required: true,
          autocomplete: 'organization',
          maxlength: 10,
          uppercase: true,
        })}
        ${textField({
          id: 'userCode',
          label: t('login.userCode'),
          placeholder: `*${t('login.userCode')}`,
          value: this.codes.userCode,
          required: true,
          autocomplete: 'username',
          maxlength: 10,
          uppercase: true,
          hint: t('login.codeHint'),
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('login.continue')}</button>
        </div>
      </form>
    `;
  }

  private passwordView(image: Image): TemplateResult {
    const { t, lang } = this.app;
    return html`
      <figure class="antiphishing">
        <img src=${image.dataUrl} width="96" height="96" alt=${image.label[lang]} />
        <figcaption>${t('login.imageCaption', { label: image.label[lang] })}</figcaption>
      </figure>
      <p class="codes-summary">
        ${t('login.companyCode')}: <strong>${this.codes.companyCode}</strong> ·
        ${t('login.userCode')}: <strong>${this.codes.userCode}</strong>
      </p>
      <form novalidate @submit=${(e: SubmitEvent) => this.login(e)}>
        <input type="text" name="username" autocomplete="username" .value=${this.codes.userCode} hidden readonly />
        ${textField({
          id: 'password',
          type: 'password',
          label: t('login.password'),
          required: true,
          autocomplete: 'current-password',
          maxlength: 128,
        })}
        <p class="notice-small" id="image-notice">${t('login.imageNotice')}</p>
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.go({ kind: 'identify' })}>
            ${t('login.changeUser')}
          </button>
          <button type="submit" ?disabled=${this.busy}>${t('login.enter')}</button>
        </div>
      </form>
    `;
  }

  private changeView(challenge: string): TemplateResult {
    const { t, lang } = this.app;
    const errors = fieldErrors(this.problem);
    return html`
      ${passwordRulesView(this.rules, lang, t('login.rulesIntro'))}
      <form novalidate @submit=${(e: SubmitEvent) => this.changePassword(e, challenge)}>
        ${textField({
          id: 'currentPassword',
          type: 'password',
          label: t('login.currentPassword'),
          required: true,
          autocomplete: 'current-password',
          hint: t('login.currentHint'),
          errors: errors.get('currentPassword'),
        })}
        ${newPasswordFields({
          idPrefix: '',
          labels: { newPassword: t('login.newPassword'), confirmation: t('login.confirmation') },
          hint: t('login.newHint'),
          errors,
        })}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }

  private changedView(): TemplateResult {
    const { t } = this.app;
    return html`
      <div class="alert alert-success" role="status"><p>${t('login.changedText')}</p></div>
      <div class="actions">
        <button type="button" @click=${() => this.go({ kind: 'identify' })}>${t('login.enter')}</button>
      </div>
    `;
  }

  private imageView(challenge: string, images: Image[]): TemplateResult {
    const { t, lang } = this.app;
    const errors = fieldErrors(this.problem).get('imageId');
    return html`
      <p>${t('login.imageIntro')}</p>
      <form novalidate @submit=${(e: SubmitEvent) => this.chooseImage(e, challenge)}>
        <fieldset class="image-grid">
          <legend>${t('login.imageLegend')}</legend>
          ${images.map(
            (image) => html`
              <label class="image-choice ${this.chosenImage === image.id ? 'chosen' : ''}">
                <input type="radio" name="imageId" value=${image.id} .checked=${this.chosenImage === image.id}
                  @change=${() => {
                    this.chosenImage = image.id;
                    this.app.render();
                  }} />
                <img src=${image.dataUrl} width="64" height="64" alt="" />
                <span>${image.label[lang]}</span>
              </label>
            `,
          )}
        </fieldset>
        ${errors ? html`<p class="field-error">${errors.join(' ')}</p>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }

  private otpView(challenge: string): TemplateResult {
    const { t } = this.app;
    return html`
      <p id="login-otp-prompt">${t('otp.prompt')}</p>
      <form novalidate @submit=${(e: SubmitEvent) => this.loginOtp(e, challenge)}>
        ${otpField({ id: 'otp', label: t('otp.label'), hint: t('otp.hint') })}
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.go({ kind: 'identify' })}>
            ${t('common.back')}
          </button>
          <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
        </div>
      </form>
    `;
  }
}

/** A problem the portal finds before calling the API (an empty field). */
export function localProblem(detail: string): Problem {
  return { title: detail, detail: '', status: 400, code: 'VALIDATION_FAILED' };
}
