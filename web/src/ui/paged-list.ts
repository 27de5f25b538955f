import { html, nothing, type TemplateResult } from 'lit-html';
import { PAGE_SIZES } from '../../../shared/domain/page-sizes.ts';
import type { RouteId } from '../../../shared/routes.ts';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext } from '../context.ts';
import { formatDateTime } from '../i18n.ts';
import { problemBox } from './fields.ts';

/** Most rows "Imprimir" puts on paper (as many as an export carries). */
export const MAX_PRINT_ROWS = 5_000;

export interface Column<Row> {
  header: () => string;
  cell: (row: Row) => TemplateResult | string;
  /** Keeps the cell on one line (dates, codes). */
  nowrap?: boolean;
}

/** One page as a source gives it: rows, the "1-10 de 37" range and whether there are neighbours. */
export interface PageResult<Row> {
  items: Row[];
  page: number;
  /** Known when the source counts (users, tokens); the audit log only knows "there is a next page". */
  pages?: number;
  total?: number;
  from: number;
  to: number;
  hasNext: boolean;
}

export interface PageSource<Row> {
  load(page: number, pageSize: number, filter: string): Promise<PageResult<Row>>;
}

export interface PagedListOptions<Row> {
  id: string;
  caption: () => string;
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  source: PageSource<Row>;
  /** Rows carry a radio button and a click selects them ("Haga click en una fila para seleccionarla"). */
  selectable?: boolean;
  filterable?: boolean;
  /** "Excel" and "PDF" call this export route with the list's filter. */
  exportRoute?: RouteId;
  exportQuery?: () => Record<string, string | undefined>;
  /** Smaller type for lists with many columns (the audit log). */
  compact?: boolean;
}

/**
 * The guide's lists: Imprimir / Excel / PDF, "Mostrar 10 registros", "Filtrar:", the rows
 * with a selection, "1-1 de 1", "Haga click en una fila para seleccionarla" and
 * Anterior / pages / Siguiente. The data comes page by page from a source.
 */
export class PagedList<Row> {
  pageSize = 10;
  filter = '';
  result: PageResult<Row> | undefined;
  loading = false;
  problem: Problem | undefined;
  downloaded: string | undefined;
  private selectedKey: string | undefined;
  private filterTimer: number | undefined;
  /** Every row of the filtered list, while "Imprimir" prints them. */
  private printRows: Row[] | undefined;
  private printedAt: Date | undefined;

  constructor(
    private readonly app: AppContext,
    private readonly options: PagedListOptions<Row>,
  ) {}

  get selected(): Row | undefined {
    return this.result?.items.find((row) => this.options.rowKey(row) === this.selectedKey);
  }

  select(row: Row): void {
    this.selectedKey = this.options.rowKey(row);
    this.app.render();
  }

  /**
   * "Aceptar" / "Modificar" under the list: opens the selected row's page and answers
   * undefined, or, with no row selected, answers the hint that asks for one.
   */
  openSelected(href: (row: Row) => string): string | undefined {
    const row = this.selected;
    if (!row) return this.app.t('list.selectFirst');
    this.app.navigate(href(row));
    return undefined;
  }

  async load(page = 1): Promise<void> {
    this.loading = true;
    this.problem = undefined;
    this.app.render();
    try {
      this.result = await this.options.source.load(page, this.pageSize, this.filter.trim());
      if (this.result.items.length === 1 && this.options.selectable) {
        this.selectedKey ??= this.options.rowKey(this.result.items[0] as Row);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    } finally {
      this.loading = false;
      this.app.render();
    }
  }

  private onFilter(event: InputEvent): void {
    this.filter = (event.currentTarget as HTMLInputElement).value;
    window.clearTimeout(this.filterTimer);
    this.filterTimer = window.setTimeout(() => void this.load(1), 300);
  }

  private onPageSize(event: Event): void {
    this.pageSize = Number((event.currentTarget as HTMLSelectElement).value);
    void this.load(1);
  }

  private async export(format: 'xlsx' | 'pdf'): Promise<void> {
    if (!this.options.exportRoute) return;
    this.problem = undefined;
    try {
      const file = await this.app.api.download(this.options.exportRoute, {
        query: { format, ...(this.options.exportQuery?.() ?? { filter: this.filter.trim() }) },
      });
      saveFile(file.blob, file.fileName);
      this.downloaded = file.fileName;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
    this.app.render();
  }

  dispose(): void {
    window.clearTimeout(this.filterTimer);
  }

  /**
   * "Imprimir": every page of the filtered list (not only the one shown), under a header with
   * the bank, the company, the date and who printed it. The rows are read page by page at the
   * largest page size, up to {@link MAX_PRINT_ROWS}, then printed and forgotten.
   */
  async print(): Promise<void> {
    this.problem = undefined;
    this.loading = true;
    this.app.render();
    const rows: Row[] = [];
    try {
      const size = PAGE_SIZES[PAGE_SIZES.length - 1] ?? 100;
      for (let page = 1; rows.length < MAX_PRINT_ROWS; page += 1) {
        const result = await this.options.source.load(page, size, this.filter.trim());
        rows.push(...result.items);
        if (!result.hasNext || result.items.length === 0) break;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
      this.loading = false;
      this.app.render();
      return;
    }
    this.loading = false;
    this.printRows = rows;
    this.printedAt = new Date();
    this.app.render();
    window.addEventListener(
      'afterprint',
      () => {
        this.printRows = undefined;
        this.app.render();
      },
      { once: true },
    );
    window.print();
  }

  /** The printed copy: a header and every row, shown only on paper. */
  private printView(): TemplateResult | typeof nothing {
    const rows = this.printRows;
    if (!rows) return nothing;
    const { t } = this.app;
    const o = this.options;
    const user = this.app.session?.user;
    const author = user ? `${user.userCode} (${`${user.firstName} ${user.lastName}`.trim()})` : '';
    return html`<div class="print-only" data-print-rows=${rows.length}>
      <p class="print-header">${t('print.header', {
        companyCode: user?.companyCode ?? '',
        date: formatDateTime((this.printedAt ?? new Date()).toISOString(), this.app.lang),
        author,
      })}</p>
      <table class=${o.compact ? 'compact' : ''}>
        <caption>${o.caption()}${this.filter.trim() ? ` — ${t('list.filter')} ${this.filter.trim()}` : ''}</caption>
        <thead><tr>${o.columns.map((c) => html`<th scope="col">${c.header()}</th>`)}</tr></thead>
        <tbody>${rows.map((row) => html`<tr>${o.columns.map((c) => html`<td>${c.cell(row)}</td>`)}</tr>`)}</tbody>
      </table>
    </div>`;
  }

  view(): TemplateResult {
    const { t } = this.app;
    const o = this.options;
    const result = this.result;
    // One landmark per list: the scrollable table's region, named by the caption. The section
    // has no name of its own, or axe-core finds two regions of one name (landmark-unique).
    return html`
      <section class="paged-list">
        <div class="list-toolbar no-print">
          <button type="button" class="secondary" ?disabled=${this.loading} @click=${() => void this.print()}>${t('common.print')}</button>
          ${
            o.exportRoute
              ? html`<button type="button" class="secondary" aria-label=${t('list.excelLabel')}
                  @click=${() => void this.export('xlsx')}>${t('list.excel')}</button>
                <button type="button" class="secondary" aria-label=${t('list.pdfLabel')}
                  @click=${() => void this.export('pdf')}>${t('list.pdf')}</button>`
              : nothing
          }
        </div>
        <div class="list-controls no-print">
          <label class="inline-label">
            ${t('list.show')}
            <select .value=${String(this.pageSize)} @change=${(e: Event) => this.onPageSize(e)}>
              ${PAGE_SIZES.map((size) => html`<option value=${size} ?selected=${size === this.pageSize}>${size}</option>`)}
            </select>
            ${t('list.records')}
          </label>
          ${
            o.filterable === false
              ? nothing
              : html`<label class="inline-label" for="${o.id}-filter">${t('list.filter')}</label>
                <input id="${o.id}-filter" type="search" class="filter" .value=${this.filter}
                  placeholder=${t('list.filterPlaceholder')} maxlength="60"
                  @input=${(e: InputEvent) => this.onFilter(e)} />`
          }
        </div>
        ${problemBox(t, this.problem)}
        ${this.downloaded ? html`<p class="visually-hidden" role="status">${t('list.downloaded', { file: this.downloaded })}</p>` : nothing}
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="${o.id}-caption">
          <table class="${o.selectable ? 'selectable' : ''} ${o.compact ? 'compact' : ''}" aria-busy=${this.loading ? 'true' : 'false'}>
            <caption id="${o.id}-caption">${o.caption()}</caption>
            <thead>
              <tr>
                ${o.selectable ? html`<th scope="col" class="select-col"><span class="visually-hidden">${t('list.select')}</span></th>` : nothing}
                ${o.columns.map((c) => html`<th scope="col">${c.header()}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${
                result && result.items.length === 0
                  ? html`<tr><td colspan=${o.columns.length + (o.selectable ? 1 : 0)}>${t('list.empty')}</td></tr>`
                  : nothing
              }
              ${(result?.items ?? []).map((row) => this.rowView(row))}
            </tbody>
          </table>
        </div>
        ${this.loading && !result ? html`<p role="status">${t('app.loading')}</p>` : nothing}
        ${result ? this.footerView(result) : nothing}
        ${this.printView()}
      </section>
    `;
  }

  private rowView(row: Row): TemplateResult {
    const o = this.options;
    const key = o.rowKey(row);
    const selected = key === this.selectedKey;
    if (!o.selectable)
      return html`<tr>${o.columns.map((c) => html`<td class=${c.nowrap ? 'nowrap' : ''} data-label=${c.header()}>${c.cell(row)}</td>`)}</tr>`;
    return html`
      <tr class=${selected ? 'selected' : ''} @click=${() => this.select(row)}>
        <td class="select-col">
          <input type="radio" name="${o.id}-selection" .checked=${selected}
            aria-label=${this.app.t('list.selectRow', { code: key })}
            @change=${() => this.select(row)} />
        </td>
        ${o.columns.map((c) => html`<td class=${c.nowrap ? 'nowrap' : ''} data-label=${c.header()}>${c.cell(row)}</td>`)}
      </tr>
    `;
  }

  private footerView(result: PageResult<Row>): TemplateResult {
    const { t } = this.app;
    const pages = result.pages ?? result.page + (result.hasNext ? 1 : 0);
    const numbers = pageWindow(result.page, pages);
    return html`
      <div class="list-footer">
        <p class="list-range">
          ${
            result.total === undefined
              ? t('list.rangeOpen', { page: result.page })
              : t('list.range', { from: result.from, to: result.to, total: result.total })
          }
          ${this.options.selectable ? html`<span class="no-print"> ${t('list.clickHint')}</span>` : nothing}
        </p>
        <nav class="pagination no-print" aria-label=${t('list.pagination')}>
          <button type="button" class="link-button" ?disabled=${result.page <= 1 || this.loading}
            @click=${() => void this.load(result.page - 1)}>${t('list.previous')}</button>
          ${numbers.map((n) =>
            n === result.page
              ? html`<span class="page current" aria-current="page">
                  <span class="visually-hidden">${t('list.pageLabel', { page: n })}</span><span aria-hidden="true">${n}</span></span>`
              : html`<button type="button" class="link-button page" aria-label=${t('list.pageLabel', { page: n })}
                  ?disabled=${this.loading} @click=${() => void this.load(n)}>${n}</button>`,
          )}
          <button type="button" class="link-button" ?disabled=${!result.hasNext || this.loading}
            @click=${() => void this.load(result.page + 1)}>${t('list.next')}</button>
        </nav>
      </div>
    `;
  }
}

/** At most seven page numbers around the current one. */
function pageWindow(current: number, pages: number): number[] {
  const start = Math.max(1, Math.min(current - 3, pages - 6));
  const end = Math.min(pages, start + 6);
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/** Hands a downloaded file to the browser. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
