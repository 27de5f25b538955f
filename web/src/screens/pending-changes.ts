import { html, nothing, type TemplateResult } from 'lit-html';
import type { RouteId } from '../../../shared/routes.ts';
import type { Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import { formatDateTime, type MessageKey } from '../i18n.ts';
import { runAction } from '../ui/action.ts';
import { notice, problemBox } from '../ui/fields.ts';

/** A pending change as `GET /pending-changes` answers it (docs/administrators.md). */
interface PendingChangeRow {
  changeId: string;
  routeId: string;
  path: string;
  target: { kind: 'user' | 'company'; userCode?: string };
  changes: Record<string, { before?: unknown; after?: unknown }>;
  makerCode: string;
  state: 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'EXPIRED';
  approvals: { userCode: string; at: string }[];
  rejection?: { userCode: string; at: string; reason?: string };
  createdAt: string;
  expiresOn: string;
}

const shown = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * "Cambios pendientes de aprobación": the company's proposed changes — who proposed
 * what, when, before → after, and their state. Another administrator approves (the change's own
 * route with `X-Pending-Change`, the BOP Token dialog asking the code) or rejects; the proposer
 * sees the state of their proposals and may withdraw a pending one.
 */
export class PendingChangesScreen implements Screen {
  rows: PendingChangeRow[] = [];
  problem: Problem | undefined;
  message: string | undefined;
  busy = false;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('pending.heading');
  }

  async load(): Promise<void> {
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        this.rows = (await this.app.api.call<{ items: PendingChangeRow[] }>('listPendingChanges')).items;
      },
    );
  }

  private act(row: PendingChangeRow, action: 'APPROVE' | 'REJECT' | 'WITHDRAW'): Promise<void> {
    this.problem = undefined;
    this.message = undefined;
    return runAction(
      this,
      () => this.app.render(),
      async () => {
        const path = { changeId: row.changeId };
        if (action === 'APPROVE') {
          // The change's own route, without a body: the server runs the proposal's stored input.
          await this.app.api.call(row.routeId as RouteId, {
            path:
              row.target.userCode && row.path.includes(`/${row.target.userCode}`)
                ? { userCode: row.target.userCode }
                : {},
            pendingChange: row.changeId,
          });
        } else if (action === 'REJECT') {
          await this.app.api.call('rejectPendingChange', { path, body: {} });
        } else {
          await this.app.api.call('withdrawPendingChange', { path });
        }
        const state = action === 'APPROVE' ? 'APPROVED' : action === 'REJECT' ? 'REJECTED' : 'WITHDRAWN';
        this.message = this.app.t('pending.done', {
          changeId: row.changeId,
          state: this.app.t(`pending.state.${state}` as MessageKey),
        });
        this.rows = (await this.app.api.call<{ items: PendingChangeRow[] }>('listPendingChanges')).items;
      },
    );
  }

  private actions(row: PendingChangeRow): TemplateResult | typeof nothing {
    if (row.state !== 'PENDING_APPROVAL') return nothing;
    const { t } = this.app;
    const mine = row.makerCode === this.app.session?.user.userCode;
    return mine
      ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.act(row, 'WITHDRAW')}>${t('pending.withdraw')}</button>`
      : html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.act(row, 'REJECT')}>${t('pending.reject')}</button>
          <button type="button" ?disabled=${this.busy} @click=${() => void this.act(row, 'APPROVE')}>${t('pending.approve')}</button>`;
  }

  view(): TemplateResult {
    const { t, lang } = this.app;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('pending.intro')}</p>
      ${notice(this.message)}
      ${problemBox(t, this.problem)}
      ${
        this.rows.length === 0
          ? html`<p>${t('pending.empty')}</p>`
          : html`<table>
              <caption>${this.title()}</caption>
              <thead><tr>
                <th scope="col">${t('pending.col.when')}</th>
                <th scope="col">${t('pending.col.proposer')}</th>
                <th scope="col">${t('pending.col.what')}</th>
                <th scope="col">${t('pending.col.changes')}</th>
                <th scope="col">${t('pending.col.state')}</th>
                <th scope="col" class="no-print"></th>
              </tr></thead>
              <tbody>${this.rows.map(
                (row) => html`<tr>
                  <td>${formatDateTime(row.createdAt, lang)}</td>
                  <td>${row.makerCode}</td>
                  <td>${row.routeId} · ${row.target.userCode ?? t('pending.company')}</td>
                  <td><ul>${Object.entries(row.changes).map(
                    ([name, change]) =>
                      html`<li><code>${name}</code>: ${shown(change.before)} → ${shown(change.after)}</li>`,
                  )}</ul></td>
                  <td>${t(`pending.state.${row.state}` as MessageKey)}</td>
                  <td class="no-print">${this.actions(row)}</td>
                </tr>`,
              )}</tbody>
            </table>`
      }
    `;
  }
}
