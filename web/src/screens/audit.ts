import { html, type TemplateResult } from 'lit-html';
import type { AppContext, Screen } from '../context.ts';
import { formatDateTime, type MessageKey } from '../i18n.ts';
import type { AuditResponse } from '../types.ts';
import { formValues } from '../ui/fields.ts';
import { PagedList } from '../ui/paged-list.ts';

type AuditItem = AuditResponse['items'][number];

/**
 * The audit log: who did what, when, from which IP, and what changed — by user and dates
 * (Panama days), newest first, with Imprimir / Excel / PDF.
 */
export class AuditScreen implements Screen {
  private readonly list: PagedList<AuditItem>;
  private query: { user?: string; from?: string; to?: string } = {};

  constructor(private readonly app: AppContext) {
    let scope = '';
    let cursors = new Map<number, string | undefined>([[1, undefined]]);
    this.list = new PagedList<AuditItem>(app, {
      id: 'audit',
      caption: () => app.t('audit.heading'),
      filterable: false,
      compact: true,
      rowKey: (item) => `${item.at}|${item.action}|${item.actor}`,
      exportRoute: 'exportAudit',
      exportQuery: () => ({ ...this.query }),
      columns: [
        { header: () => app.t('audit.at'), cell: (item) => formatDateTime(item.at, app.lang), nowrap: true },
        {
          header: () => app.t('audit.actor'),
          cell: (item) => (item.actorName ? `${item.actor} (${item.actorName})` : item.actor),
        },
        { header: () => app.t('audit.action'), cell: (item) => this.actionLabel(item.action) },
        { header: () => app.t('audit.target'), cell: (item) => item.target ?? '—' },
        { header: () => app.t('audit.ip'), cell: (item) => item.sourceIp },
        {
          header: () => app.t('audit.outcome'),
          // Refused requests are counted per actor, route and minute: "FORBIDDEN ×12".
          cell: (item) =>
            `${this.outcomeLabel(item.outcome)}${item.count && item.count > 1 ? ` ×${item.count}` : ''}`,
        },
        {
          header: () => app.t('audit.changes'),
          cell: (item) => (item.changes ? Object.keys(item.changes).join(', ') : '—'),
        },
      ],
      source: {
        load: async (page, pageSize) => {
          const key = `${pageSize}|${JSON.stringify(this.query)}`;
          if (key !== scope) {
            scope = key;
            cursors = new Map([[1, undefined]]);
          }
          let current = Math.max(...[...cursors.keys()].filter((p) => p <= page));
          for (;;) {
            const answer = await app.api.call<AuditResponse>('listAudit', {
              query: { ...this.query, pageSize: String(pageSize), cursor: cursors.get(current) },
            });
            if (answer.page.nextCursor) cursors.set(current + 1, answer.page.nextCursor);
            if (current >= page || !answer.page.nextCursor) {
              const from = (current - 1) * pageSize + 1;
              return {
                items: answer.items,
                page: current,
                from,
                to: from + answer.items.length - 1,
                hasNext: Boolean(answer.page.nextCursor),
              };
            }
            current += 1;
          }
        },
      },
    });
  }

  private actionLabel(action: string): string {
    const key = `action.${action}` as MessageKey;
    const label = this.app.t(key);
    return label === key ? action : label;
  }

  /** The outcome in words where the catalog has them (locks and their causes), else its code. */
  private outcomeLabel(outcome: string | undefined): string {
    if (!outcome) return '—';
    const key = `outcome.${outcome}` as MessageKey;
    const label = this.app.t(key);
    return label === key ? outcome : label;
  }

  title(): string {
    return this.app.t('audit.heading');
  }

  load(): Promise<void> {
    return this.list.load(1);
  }

  dispose(): void {
    this.list.dispose();
  }

  private search(event: SubmitEvent): void {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    this.query = {
      user: values.user?.trim().toUpperCase() || undefined,
      from: values.from || undefined,
      to: values.to || undefined,
    };
    void this.list.load(1);
  }

  view(): TemplateResult {
    const { t } = this.app;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('audit.intro')}</p>
      <form class="filters no-print" novalidate @submit=${(e: SubmitEvent) => this.search(e)}>
        <div class="field"><label for="audit-user">${t('audit.user')}</label>
          <input id="audit-user" name="user" maxlength="10" class="uppercase" autocomplete="off" /></div>
        <div class="field"><label for="audit-from">${t('audit.from')}</label>
          <input id="audit-from" name="from" type="date" /></div>
        <div class="field"><label for="audit-to">${t('audit.to')}</label>
          <input id="audit-to" name="to" type="date" /></div>
        <div class="actions actions-start"><button type="submit">${t('audit.search')}</button></div>
      </form>
      ${this.list.view()}
    `;
  }
}
