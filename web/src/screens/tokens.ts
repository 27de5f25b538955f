import { html, nothing, type TemplateResult } from 'lit-html';
import { userStateLabels } from '../../../shared/domain/model.ts';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatListDate } from '../i18n.ts';
import type { Label, TokenHolderRow, TokenList, UserState } from '../types.ts';
import { runRowAction, selectedRow } from '../ui/action.ts';
import { openMessageDialog } from '../ui/dialog.ts';
import { notice, problemBox } from '../ui/fields.ts';
import { lockText, withLocks } from '../ui/lock.ts';
import { PagedList } from '../ui/paged-list.ts';

/**
 * "Administrar BOP-Token" (guide step 24): the end users and their token's state; the
 * administrator activates or deactivates a token the user has installed, confirmed with the OTP,
 * and "Reiniciar BOP Token" resets a token from any state after a confirmation.
 */
export class TokensScreen implements Screen {
  private readonly list: PagedList<TokenHolderRow>;
  problem: Problem | undefined;
  message: string | undefined;
  hint: string | undefined;
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
        {
          header: () => app.t('col.state'),
          cell: (row) => userStateLabels[row.userState as UserState]?.[app.lang] ?? row.userState,
        },
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

  private setState(state: 'ACTIVE' | 'INACTIVE'): Promise<void> {
    return runRowAction(this, this.app, this.list, async (row) => {
      const answer = await this.app.api.call<{ userCode: string; tokenStateLabel: Label }>(
        'setUserTokenState',
        {
          path: { userCode: row.userCode },
          body: { state },
        },
      );
      return this.app.t('tokens.done', {
        userCode: answer.userCode,
        state: answer.tokenStateLabel[this.app.lang],
      });
    });
  }

  /** "Reiniciar BOP Token": asks first (the user's token stops working at once), then the OTP. */
  private reset(): void {
    const row = selectedRow(this, this.app, this.list);
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
            void runRowAction(
              this,
              this.app,
              this.list,
              async (chosen) => {
                const answer = await this.app.api.call<{ userCode: string }>('resetUserToken', {
                  path: { userCode: chosen.userCode },
                });
                return t('tokens.resetDone', { userCode: answer.userCode });
              },
              row,
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
