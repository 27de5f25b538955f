import { html, nothing, type TemplateResult } from 'lit-html';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatDateTime, formatMoney, type MessageKey } from '../i18n.ts';
import type { OperationRow } from '../types.ts';
import { runRowAction } from '../ui/action.ts';
import { notice, problemBox } from '../ui/fields.ts';
import { PagedList } from '../ui/paged-list.ts';
import { cursorSource } from './user-list.ts';

/**
 * "Operaciones por aprobar" (docs/entitlements.md): the pending operations the signed-in
 * Supervisor or Ambos may approve, approved or rejected with the BOP Token code (the OTP
 * dialog opens on the API's OTP_REQUIRED); and "Mis operaciones": what the user captured and
 * its state, with "Retirar" for a pending one.
 */
export class OperationsScreen implements Screen {
  private readonly list: PagedList<OperationRow>;
  problem: Problem | undefined;
  message: string | undefined;
  hint: string | undefined;
  busy = false;

  constructor(
    private readonly app: AppContext,
    private readonly kind: 'pending' | 'mine',
  ) {
    const { t } = app;
    this.list = new PagedList<OperationRow>(app, {
      id: `operations-${kind}`,
      caption: () => this.title(),
      rowKey: (row) => row.operationId,
      selectable: true,
      source: cursorSource<OperationRow>(
        app,
        kind === 'pending' ? 'listPendingOperations' : 'listMyOperations',
      ),
      columns: [
        { header: () => t('ops.col.reference'), cell: (row) => html`<strong>${row.reference}</strong>` },
        { header: () => t('ops.col.maker'), cell: (row) => row.makerCode },
        { header: () => t('ops.col.option'), cell: (row) => this.optionLabel(row.optionId) },
        { header: () => t('ops.col.account'), cell: (row) => row.account },
        {
          header: () => t('ops.col.amount'),
          cell: (row) => formatMoney(row.amount, app.lang),
          nowrap: true,
        },
        {
          header: () => t('ops.col.approvals'),
          cell: (row) => `${row.approvals.length} / ${row.requiredApprovals}`,
        },
        { header: () => t('ops.col.state'), cell: (row) => t(`ops.state.${row.state}` as MessageKey) },
        {
          header: () => t('ops.col.expires'),
          cell: (row) => formatDateTime(row.expiresOn, app.lang),
          nowrap: true,
        },
      ],
    });
  }

  private optionLabel(id: string): string {
    for (const group of this.app.catalog?.groups ?? []) {
      const option = group.options.find((o) => o.id === id);
      if (option) return option.label[this.app.lang];
    }
    return id;
  }

  title(): string {
    return this.app.t(this.kind === 'pending' ? 'ops.pending.heading' : 'ops.mine.heading');
  }

  load(): Promise<void> {
    return this.list.load(1);
  }

  dispose(): void {
    this.list.dispose();
  }

  private act(action: 'APPROVE' | 'REJECT' | 'WITHDRAW'): Promise<void> {
    return runRowAction(this, this.app, this.list, async (row) => {
      const answer =
        action === 'WITHDRAW'
          ? await this.app.api.call<{ operation: OperationRow }>('withdrawOperation', {
              path: { operationId: row.operationId },
            })
          : await this.app.api.call<{ operation: OperationRow }>('decideOperation', {
              path: { operationId: row.operationId },
              body: { decision: action },
            });
      return this.app.t('ops.done', {
        reference: answer.operation.reference,
        state: this.app.t(`ops.state.${answer.operation.state}` as MessageKey),
      });
    });
  }

  view(): TemplateResult {
    const { t } = this.app;
    const busy = this.busy;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t(this.kind === 'pending' ? 'ops.pending.intro' : 'ops.mine.intro')}</p>
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      ${this.list.view()}
      ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
      <div class="actions no-print">
        ${
          this.kind === 'pending'
            ? html`
              <button type="button" class="secondary" ?disabled=${busy} @click=${() => void this.act('REJECT')}>${t('ops.reject')}</button>
              <button type="button" ?disabled=${busy} @click=${() => void this.act('APPROVE')}>${t('ops.approve')}</button>`
            : html`<button type="button" class="secondary" ?disabled=${busy} @click=${() => void this.act('WITHDRAW')}>${t('ops.withdraw')}</button>`
        }
      </div>
    `;
  }
}
