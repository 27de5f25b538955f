import { html, nothing, type TemplateResult } from 'lit-html';
import { userStateLabels } from '../../../shared/domain/model.ts';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { UserRow, UserState, UserView } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { notice, problemBox, textField } from '../ui/fields.ts';
import type { PagedList } from '../ui/paged-list.ts';
import { userList } from './user-list.ts';

const STATES: UserState[] = ['ACTIVE', 'DISABLED', 'PENDING'];

/**
 * "Cambiar Estado" (guide steps 19–23): choose the user and "Aceptar"; choose Activo,
 * Deshabilitado or Pendiente and "Aceptar"; the OTP; back to the list, which shows the new state.
 */
export class ChangeStateScreen implements Screen {
  private readonly list: PagedList<UserRow>;
  private user: UserView | undefined;
  private chosen: UserState | undefined;
  problem: Problem | undefined;
  private hint: string | undefined;
  private readonly message: string | undefined;
  busy = false;

  constructor(
    private readonly app: AppContext,
    private readonly userCode: string | undefined,
  ) {
    this.list = userList(app, 'state', () => app.t('state.heading'));
    this.message = app.flash;
    app.flash = undefined;
  }

  title(): string {
    return this.app.t('state.heading');
  }

  async load(): Promise<void> {
    if (!this.userCode) return this.list.load(1);
    try {
      this.user = await this.app.api.call<UserView>('getUser', { path: { userCode: this.userCode } });
      this.chosen = this.user.state;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
  }

  dispose(): void {
    this.list.dispose();
  }

  private accept(): void {
    this.hint = this.list.openSelected((row) => `#/admin/state/${encodeURIComponent(row.userCode)}`);
    if (this.hint) this.app.render();
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const user = this.user;
    if (!user || !this.chosen) return;
    this.problem = undefined;
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        const answer = await this.app.api.call<{ user: UserView }>('changeUserState', {
          path: { userCode: user.userCode },
          body: { state: this.chosen, version: user.version },
        });
        this.app.flash = this.app.t('state.done', {
          userCode: user.userCode,
          state: userStateLabels[answer.user.state][this.app.lang],
        });
        this.app.navigate('#/admin/state');
      },
    );
  }

  view(): TemplateResult {
    const { t } = this.app;
    if (!this.userCode) {
      return html`
        <h1 tabindex="-1">${this.title()}</h1>
        ${notice(this.message)}
        <p>${t('state.listIntro')}</p>
        ${this.list.view()}
        ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
        <div class="actions no-print">
          <button type="button" @click=${() => this.accept()}>${t('common.accept')}</button>
        </div>
      `;
    }
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('state.formIntro')}</p>
      ${problemBox(t, this.problem)}
      ${
        this.user
          ? html`<form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => void this.submit(e)}>
            ${textField({ id: 'state-userCode', name: 'userCode', label: t('users.userCode'), value: this.user.userCode, readonly: true })}
            <fieldset class="radios stacked">
              <legend>${t('state.label')}</legend>
              ${STATES.map(
                (state) => html`<label class="radio">
                  <input type="radio" name="state" value=${state} .checked=${this.chosen === state}
                    @change=${() => {
                      this.chosen = state;
                    }} />
                  ${userStateLabels[state][this.app.lang]}</label>`,
              )}
            </fieldset>
            <p class="muted">${t('state.alsoActive')}</p>
            <div class="actions">
              <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/state')}>${t('common.back')}</button>
              <button type="submit" ?disabled=${this.busy}>${t('common.accept')}</button>
            </div>
          </form>`
          : nothing
      }
    `;
  }
}
