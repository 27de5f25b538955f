import { html, type TemplateResult } from 'lit-html';
import {
  type AuditWordsContext,
  auditActionText,
  auditChangeLines,
  auditOutcomeText,
} from '../../../shared/domain/audit-labels.ts';
import type { AppContext, Screen } from '../context.ts';
import { errorText, formatDateTime, formatMoney } from '../i18n.ts';
import { tenantParams } from '../tenant.ts';
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
        { header: () => app.t('audit.action'), cell: (item) => auditActionText(item.action, this.words()) },
        { header: () => app.t('audit.target'), cell: (item) => item.target ?? '—' },
        { header: () => app.t('audit.ip'), cell: (item) => item.sourceIp },
        {
          header: () => app.t('audit.outcome'),
          // Refused requests are counted per actor, route and minute: "Sin permiso ×12".
          cell: (item) => auditOutcomeText(item.outcome, item.count, this.words()),
        },
        {
          header: () => app.t('audit.changes'),
          cell: (item) => {
            const lines = auditChangeLines(item.changes, this.words());
            return lines.length
              ? html`<ul class="changes">${lines.map((line) => html`<li>${line}</li>`)}</ul>`
              : '—';
          },
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

  /** The audit catalog's words in the screen's language (shared with the exports). */
  private words(): AuditWordsContext {
    const { lang } = this.app;
    const options = new Map(
      (this.app.catalog?.groups ?? []).flatMap((g) => g.options.map((o) => [o.id, o.label[lang]] as const)),
    );
    return {
      lang,
      params: tenantParams(lang),
      amount: (value) => formatMoney(value, lang),
      optionLabel: (id) => options.get(id),
      otherCode: (code) => errorText(lang, code)?.title,
    };
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
