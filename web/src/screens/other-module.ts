import { html, type TemplateResult } from 'lit-html';
import type { AppContext, Screen } from '../context.ts';

/** An option of another module of the bank's online banking: said plainly, nothing pretended. */
export class OtherModuleScreen implements Screen {
  constructor(
    private readonly app: AppContext,
    private readonly optionId: string,
  ) {}

  private label(): string {
    for (const group of this.app.catalog?.groups ?? []) {
      const option = group.options.find((o) => o.id === this.optionId);
      if (option) return `${group.label[this.app.lang]} / ${option.label[this.app.lang]}`;
    }
    return this.optionId;
  }

  title(): string {
    return this.app.t('other.heading', { option: this.label() });
  }

  view(): TemplateResult {
    const { t } = this.app;
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <div class="alert alert-info" role="status"><p>${t('other.text')}</p></div>
      <p><a href="#/home">${t('other.back')}</a></p>
    `;
  }
}
