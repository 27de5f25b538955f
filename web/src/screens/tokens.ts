import { html, nothing, type TemplateResult } from 'lit-html';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatListDate, type MessageKey } from '../i18n.ts';
import type { Label, TokenHolderRow, TokenList } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { openMessageDialog } from '../ui/dialog.ts';
import { notice, problemBox } from '../ui/fields.ts';
import { lockText, withLocks } from '../ui/lock.ts';
import { PagedList } from '../ui/paged-list.ts';

/**
 * "Administrar BOP-Token" (guide step 24): the end users and their token's state; the
 * administrator activates or deactivates a token the user has installed, confirmed with the OTP,
 * and "Reiniciar BOP Token" resets a token from any state (issue 18) after a confirmation.
 */
export class TokensScreen implements Screen {
  private readonly list: PagedList<TokenHolderRow>;
  problem: Problem | undefined;
  private message: string | undefined;
  private hint: string | undefined;
  busy = false;

  constructor(private readonly app: AppContext) {
    this.list = new PagedList<TokenHolderRow>(app, {
      id: 'tokens',
      caption: () => app.t('tokens.heading'),
      rowKey: (row) => row.userCode,
      selectable: true,
      source: {
        load: async (page, pageSize, filter) => {
          const answer = await app.api.call<TokenList>('listUserTokens', {
            query: { page: String(page), pageSize: String(pageSize), filter },
          });
          return {
            ...answer.page,
            items: answer.items,
            page: answer.page.number,
            hasNext: answer.page.number < answer.page.pages,
          };
        },
      },
      columns: [
        { header: () => app.t('col.userCode'), cell: (row) => html`<strong>${row.userCode}</strong>` },
        { header: () => app.t('col.firstName'), cell: (row) => row.firstName },
        { header: () => app.t('col.lastName'), cell: (row) => row.lastName },
        { header: () => app.t('col.state'), cell: (row) => app.t(`state.${row.userState}` as MessageKey) },
        {
          header: () => app.t('col.tokenState'),
          // A token locked by wrong codes: "Activar" unlocks it (step 24).
          cell: (row) =>
            withLocks((row.tokenStateLabel as Label)[app.lang], lockText(app, 'token', row.tokenLock)),
        },
        {
          header: () => app.t('col.tokenChanged'),
          cell: (row) => (row.changedAt ? formatListDate(row.changedAt) : '—'),
        },
      ],
    });
  }

  title(): string {
    return this.app.t('tokens.heading');
  }

  load(): Promise<void> {
    return this.list.load(1);
  }

  dispose(): void {
    this.list.dispose();
  }

  /** The selected row, with the screen's messages cleared; none (and the hint shown) when no row is selected. */
  private selectedRow(): TokenHolderRow | undefined {
    const row = this.list.selected;
    this.problem = undefined;
    this.message = undefined;
    this.hint = undefined;
    if (!row) {
      this.hint = this.app.t('list.selectFirst');
      this.app.render();
    }
    return row;
  }

  private async setState(state: 'ACTIVE' | 'INACTIVE'): Promise<void> {
    const row = this.selectedRow();
    if (!row) return;
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        const answer = await this.app.api.call<{ userCode: string; tokenStateLabel: Label }>(
          'setUserTokenState',
          {
            path: { userCode: row.userCode },
            body: { state },
          },
        );
        this.message = this.app.t('tokens.done', {
          userCode: answer.userCode,
          state: answer.tokenStateLabel[this.app.lang],
        });
        await this.list.load(this.list.result?.page ?? 1);
      },
    );
  }

  /** "Reiniciar BOP Token": asks first (the user's token stops working at once), then the OTP. */
  private reset(): void {
    const row = this.selectedRow();
    if (!row) return;
    const { t } = this.app;
    const dialog = openMessageDialog({
      id: 'token-reset',
      role: 'alertdialog',
      title: () => t('tokens.resetTitle'),
      body: () => html`<p>${t('tokens.resetConfirm', { userCode: row.userCode })}</p>`,
      onEscape: () => dialog.close(),
      actions: [
        { label: () => t('common.back'), secondary: true, run: () => dialog.close() },
        {
          label: () => t('tokens.reset'),
          run: () => {
            dialog.close();
            void runAction(
              this,
              () => this.app.render(),
              async () => {
                const answer = await this.app.api.call<{ userCode: string; tokenStateLabel: Label }>(
                  'resetUserToken',
                  { path: { userCode: row.userCode } },
                );
                this.message = t('tokens.resetDone', { userCode: answer.userCode });
                await this.list.load(this.list.result?.page ?? 1);
              },
            );
          },
        },
      ],
    });
  }

  view(): TemplateResult {
    const { t } = this.app;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('tokens.intro')}</p>
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      ${this.list.view()}
      ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
      <div class="actions no-print">
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.setState('INACTIVE')}>${t('tokens.deactivate')}</button>
        <button type="button" ?disabled=${this.busy} @click=${() => void this.setState('ACTIVE')}>${t('tokens.activate')}</button>
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.reset()}>${t('tokens.reset')}</button>
      </div>
    `;
  }
}
