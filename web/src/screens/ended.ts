import { html, type TemplateResult } from 'lit-html';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { errorText } from '../i18n.ts';

/**
 * The screen left when a session ends — logged out, expired, ended because the user was
 * disabled or the connection rules closed it: nothing of the session remains, only why.
 */
export class EndedScreen implements Screen {
  constructor(
    private readonly app: AppContext,
    private readonly problem: Problem,
  ) {}

  /** The text in the current language when the portal knows the code, else the API's own words. */
  private text(): { title: string; detail: string } {
    if (this.problem.code === 'LOGGED_OUT') {
      return { title: this.app.t('ended.loggedOutTitle'), detail: this.app.t('ended.loggedOut') };
    }
    return errorText(this.app.lang, this.problem.code) ?? this.problem;
  }

  title(): string {
    return this.text().title;
  }

  view(): TemplateResult {
    const { t } = this.app;
    const text = this.text();
    return html`
      <div class="login-card ended" data-code=${this.problem.code}>
        <h1 tabindex="-1">${text.title}</h1>
        <div class="alert ${this.problem.code === 'LOGGED_OUT' ? 'alert-info' : 'alert-error'}" role="alert">
          <p>${text.detail}</p>
        </div>
        <div class="actions">
          <button type="button" @click=${() => this.app.navigate('#/login')}>${t('ended.loginAgain')}</button>
        </div>
      </div>
    `;
  }
}
