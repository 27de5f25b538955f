import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { UserImportResult, UserImportValidation } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { focusAlert, problemBox } from '../ui/fields.ts';

/** The most rows a file may have (the API's `MAX_IMPORT_ROWS`, docs/users.md). */
const MAX_ROWS = 200;
/** The largest file whose base64 fits the API's 64 KB body with its JSON around it. */
const MAX_FILE_BYTES = 47_000;

interface ChosenFile {
  name: string;
  format: 'csv' | 'xlsx';
  content: string;
  /** The file's SHA-256: its Idempotency-Key, so a retry of the same file is the same request. */
  key: string;
}

const toBase64 = (bytes: Uint8Array) => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
};

/**
 * "Crear usuarios desde un archivo": choose a CSV or Excel file with the
 * export's columns, "Validar" lists every error by row and column without a code, then "Crear
 * usuarios" writes them all under one code, with the progress in view.
 */
export class UserImportScreen implements Screen {
  problem: Problem | undefined;
  busy = false;
  private file: ChosenFile | undefined;
  private validation: UserImportValidation | undefined;
  private result: UserImportResult | undefined;
  private phase: 'idle' | 'validating' | 'creating' = 'idle';
  private hint: string | undefined;

  constructor(private readonly app: AppContext) {}

  title(): string {
    return this.app.t('import.heading');
  }

  async load(): Promise<void> {}

  private async choose(input: HTMLInputElement): Promise<void> {
    this.validation = undefined;
    this.result = undefined;
    this.problem = undefined;
    this.hint = undefined;
    this.file = undefined;
    const chosen = input.files?.[0];
    if (chosen) {
      if (chosen.size > MAX_FILE_BYTES) {
        this.hint = this.app.t('import.tooBig', { kb: Math.floor(MAX_FILE_BYTES / 1000) });
      } else {
        const bytes = new Uint8Array(await chosen.arrayBuffer());
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        this.file = {
          name: chosen.name,
          format: /\.xlsx$/i.test(chosen.name) ? 'xlsx' : 'csv',
          content: toBase64(bytes),
          key: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
        };
      }
    }
    this.app.render();
  }

  private body(file: ChosenFile) {
    return { format: file.format, content: file.content, fileName: file.name.slice(0, 120) };
  }

  private async validate(): Promise<void> {
    const file = this.file;
    this.problem = undefined;
    this.result = undefined;
    if (!file) {
      this.hint = this.app.t('import.noFile');
      this.app.render();
      return;
    }
    this.phase = 'validating';
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        this.validation = await this.app.api.call<UserImportValidation>('validateUserImport', {
          body: this.body(file),
        });
        if (!this.validation.valid) focusAlert();
      },
    );
    this.phase = 'idle';
    this.app.render();
  }

  private async create(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.problem = undefined;
    this.phase = 'creating';
    await runAction(
      this,
      () => this.app.render(),
      async () => {
        try {
          this.result = await this.app.api.call<UserImportResult>('importUsers', {
            body: this.body(file),
            idempotencyKey: file.key,
          });
          requestAnimationFrame(() => document.getElementById('import-done')?.focus());
        } catch (error) {
          // The rows changed since they were validated (a code taken meanwhile): validate again.
          if (error instanceof ApiError) this.validation = undefined;
          throw error;
        }
      },
    );
    this.phase = 'idle';
    this.app.render();
  }

  private progress(): TemplateResult | typeof nothing {
    if (this.phase === 'idle') return nothing;
    const { t } = this.app;
    const text =
      this.phase === 'validating'
        ? t('import.validating')
        : t('import.creating', { count: this.validation?.toCreate ?? 0 });
    return html`<div class="import-progress" role="status">
      <progress id="import-progress" aria-label=${t('import.progress')} max="2" value=${this.phase === 'validating' ? 1 : 2}></progress>
      <span>${text}</span>
    </div>`;
  }

  private errorsView(v: UserImportValidation): TemplateResult {
    const { t, lang } = this.app;
    return html`
      <div class="alert alert-error" role="alert" tabindex="-1" id="import-errors">
        <p><strong>${t('import.errorsHeading', { count: v.errors.length })}</strong></p>
      </div>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="import-errors-caption">
        <table>
          <caption id="import-errors-caption">${t('import.errorsCaption')}</caption>
          <thead><tr><th scope="col">${t('import.row')}</th><th scope="col">${t('import.column')}</th><th scope="col">${t('import.message')}</th></tr></thead>
          <tbody>
            ${v.errors.map(
              (e) =>
                html`<tr><td>${e.row || '—'}</td><td>${e.header[lang]}</td><td>${e.message[lang]}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private readyView(v: UserImportValidation): TemplateResult {
    const { t } = this.app;
    return html`
      <div class="alert alert-info" role="status" id="import-ready">
        <p>${t('import.ready', { count: v.toCreate })}</p>
        ${v.alreadyCreated.length > 0 ? html`<p>${t('import.already', { count: v.alreadyCreated.length })}</p>` : nothing}
      </div>
      <div class="actions">
        <button type="button" id="import-create" ?disabled=${this.busy} @click=${() => void this.create()}>${t('import.create')}</button>
      </div>
    `;
  }

  view(): TemplateResult {
    const { t } = this.app;
    const v = this.validation;
    if (this.result) {
      return html`
        <h1 tabindex="-1">${this.title()}</h1>
        <div class="alert alert-success" role="alert" id="import-done" tabindex="-1">
          <p>${t('import.done', { count: this.result.created.length })}</p>
          ${this.result.alreadyCreated.length > 0 ? html`<p>${t('import.already', { count: this.result.alreadyCreated.length })}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="button" @click=${() => this.app.navigate('#/admin/users')}>${t('common.ok')}</button>
        </div>
      `;
    }
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('import.intro', { max: MAX_ROWS })}</p>
      ${problemBox(t, this.problem)}
      <form class="narrow-form" novalidate @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.validate();
      }}>
        <div class="field">
          <label for="import-file">${t('import.file')}</label>
          <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby=${this.hint ? 'import-file-error' : nothing}
            @change=${(e: Event) => void this.choose(e.target as HTMLInputElement)} />
          ${this.hint ? html`<p class="field-error" id="import-file-error" role="alert">${this.hint}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/users')}>${t('common.back')}</button>
          <button type="submit" id="import-validate" ?disabled=${this.busy}>${t('import.validate')}</button>
        </div>
      </form>
      ${this.progress()}
      ${v && !v.valid ? this.errorsView(v) : nothing}
      ${v?.valid && !this.busy ? this.readyView(v) : nothing}
    `;
  }
}
