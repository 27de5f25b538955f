import { html, nothing, type TemplateResult } from 'lit-html';
import type * as z from 'zod/mini';
import type {
  companyConnectionRulesResponse,
  userConnectionRulesResponse,
} from '../../../shared/contracts/controls.ts';

import { ApiError, type Problem } from '../api.ts';
import type { AppContext, Screen } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import type { UserRow } from '../types.ts';
import { runAction } from '../ui/action.ts';
import { notice, problemBox } from '../ui/fields.ts';
import type { PagedList } from '../ui/paged-list.ts';
import { userList } from './user-list.ts';

type CompanyRules = z.infer<ReturnType<typeof companyConnectionRulesResponse>>;
type UserRules = z.infer<ReturnType<typeof userConnectionRulesResponse>>;
type Rules = CompanyRules['rules'];

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const MAX_WINDOWS_PER_DAY = 4;

interface Editor {
  /** `false`: any day and time; `true`: only the chosen days and windows. */
  restrictHours: boolean;
  days: Record<Weekday, { on: boolean; windows: { from: string; to: string }[] }>;
  ips: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function editorOf(rules: Rules | null | undefined): Editor {
  const hours = rules?.allowedHours ?? {};
  const days = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const windows = hours[day];
      return [
        day,
        windows?.length
          ? { on: true, windows: windows.map((w) => ({ from: w.from, to: w.to })) }
          : { on: false, windows: [{ from: '08:00', to: '18:00' }] },
      ];
    }),
  ) as Editor['days'];
  return {
    restrictHours: Object.keys(hours).length > 0,
    days,
    ips: (rules?.allowedIps ?? []).join('\n'),
  };
}

/** The PUT body's rule parts from the editor: a window whose end is not after its start crosses midnight. */
function rulesOf(editor: Editor) {
  const allowedHours: Record<string, { from: string; to: string; crossesMidnight?: boolean }[]> = {};
  if (editor.restrictHours) {
    for (const day of WEEKDAYS) {
      const entry = editor.days[day];
      if (!entry.on) continue;
      allowedHours[day] = entry.windows.map((w) => {
        const from = w.from.trim();
        const to = w.to.trim();
        const valid = /^\d{2}:\d{2}$/.test(from) && /^\d{2}:\d{2}$/.test(to);
        return valid && minutes(to) <= minutes(from) ? { from, to, crossesMidnight: true } : { from, to };
      });
    }
  }
  const allowedIps = editor.ips
    .split(/[\n,]/)
    .map((ip) => ip.trim())
    .filter(Boolean);
  return { allowedHours, allowedIps };
}

/**
 * Connection controls (guide step 25): the days, hours (Panama time) and IP addresses from
 * which end users may connect — for all of them (the company's rule) or for one end user,
 * whose rule then replaces the company's. Saving is confirmed with the OTP.
 */
export class ConnectionControlsScreen implements Screen {
  private editor: Editor | undefined;
  private version = 0;
  private source: UserRules['source'] | undefined;
  problem: Problem | undefined;
  private message: string | undefined;
  private hint: string | undefined;
  busy = false;
  private readonly list: PagedList<UserRow> | undefined;

  constructor(
    private readonly app: AppContext,
    private readonly target: { scope: 'company' } | { scope: 'user'; userCode: string | undefined },
  ) {
    if (target.scope === 'user' && !target.userCode) {
      this.list = userList(app, 'controls', () => app.t('controls.userHeading'));
    }
  }

  private get userCode(): string | undefined {
    return this.target.scope === 'user' ? this.target.userCode : undefined;
  }

  title(): string {
    const { t } = this.app;
    if (this.target.scope === 'company') return t('controls.generalHeading');
    return this.userCode ? `${t('controls.userHeading')}: ${this.userCode}` : t('controls.userHeading');
  }

  async load(): Promise<void> {
    if (this.list) return this.list.load(1);
    try {
      if (this.userCode) {
        const answer = await this.app.api.call<UserRules>('getUserConnectionRules', {
          path: { userCode: this.userCode },
        });
        this.accept(answer);
      } else {
        this.accept(await this.app.api.call<CompanyRules>('getCompanyConnectionRules'));
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.problem = error.problem;
    }
  }

  private accept(answer: CompanyRules | UserRules): void {
    this.version = answer.version;
    if ('source' in answer) {
      this.source = answer.source;
      this.editor = editorOf(answer.rules);
    } else {
      this.editor = editorOf(answer.rules);
    }
  }

  dispose(): void {
    this.list?.dispose();
  }

  private chooseUser(): void {
    this.hint = this.list
      ? this.list.openSelected((row) => `#/admin/controls/users/${encodeURIComponent(row.userCode)}`)
      : this.app.t('list.selectFirst');
    if (this.hint) this.app.render();
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.editor) return;
    await this.run(async () => {
      const body = { version: this.version, ...rulesOf(this.editor as Editor) };
      if (this.userCode) {
        this.accept(
          await this.app.api.call<UserRules>('setUserConnectionRules', {
            path: { userCode: this.userCode },
            body,
          }),
        );
      } else {
        this.accept(await this.app.api.call<CompanyRules>('setCompanyConnectionRules', { body }));
      }
      this.message = this.app.t('controls.saved');
    });
  }

  private async remove(): Promise<void> {
    const userCode = this.userCode;
    if (!userCode) return;
    await this.run(async () => {
      await this.app.api.call('removeUserConnectionRules', { path: { userCode } });
      this.accept(await this.app.api.call<UserRules>('getUserConnectionRules', { path: { userCode } }));
      this.message = this.app.t('controls.removed');
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.problem = undefined;
    this.message = undefined;
    await runAction(this, () => this.app.render(), action);
  }

  /** "Lunes, horario 1" for `allowedHours.MON.0`, "IP 3" for `allowedIps.2`. */
  private fieldLabel(field: string): string | undefined {
    const { t } = this.app;
    const hours = /^allowedHours\.([A-Z]{3})(?:\.(\d+))?/.exec(field);
    if (hours) {
      const day = t(`controls.day.${hours[1]}` as MessageKey);
      return hours[2] === undefined
        ? day
        : `${day}, ${t('controls.windows').toLowerCase()} ${Number(hours[2]) + 1}`;
    }
    const ip = /^allowedIps\.(\d+)/.exec(field);
    if (ip) {
      const entries = rulesOf(this.editor as Editor).allowedIps;
      return `IP ${Number(ip[1]) + 1} (${entries[Number(ip[1])] ?? ''})`;
    }
    return undefined;
  }

  view(): TemplateResult {
    const { t } = this.app;
    if (this.list) {
      return html`
        <h1 tabindex="-1">${this.title()}</h1>
        <p>${t('controls.userIntro')}</p>
        ${this.list.view()}
        ${this.hint ? html`<p class="field-error" role="alert">${this.hint}</p>` : nothing}
        <div class="actions no-print">
          <button type="button" @click=${() => this.chooseUser()}>${t('common.accept')}</button>
        </div>
      `;
    }
    return html`
      <h1 tabindex="-1">${this.title()}</h1>
      <p>${t('controls.intro')}</p>
      ${this.userCode ? html`<p>${t('controls.userIntro')}</p>` : nothing}
      ${notice(this.message)}
      ${problemBox(t, this.problem, (field) => this.fieldLabel(field))}
      ${
        this.source && this.source !== 'user'
          ? html`<p class="alert alert-info">${t('controls.none', {
              fallback:
                this.source === 'company' ? t('controls.fallbackGeneral') : t('controls.fallbackNone'),
            })}</p>`
          : nothing
      }
      ${this.editor ? this.editorView(this.editor) : nothing}
    `;
  }

  private editorView(editor: Editor): TemplateResult {
    const { t } = this.app;
    const update = () => this.app.render();
    return html`
      <form class="controls-form" novalidate @submit=${(e: SubmitEvent) => void this.save(e)}>
        <fieldset class="panel">
          <legend>${t('controls.days')}</legend>
          <label class="checkbox strong">
            <input type="checkbox" name="restrictHours" .checked=${editor.restrictHours}
              @change=${(e: Event) => {
                editor.restrictHours = (e.target as HTMLInputElement).checked;
                update();
              }} />
            ${t('controls.enabled')}
          </label>
          ${
            editor.restrictHours
              ? html`<ul class="weekdays">
                ${WEEKDAYS.map((day) => {
                  const entry = editor.days[day];
                  const dayLabel = t(`controls.day.${day}` as MessageKey);
                  return html`<li>
                    <label class="checkbox">
                      <input type="checkbox" name="day-${day}" .checked=${entry.on}
                        @change=${(e: Event) => {
                          entry.on = (e.target as HTMLInputElement).checked;
                          update();
                        }} />
                      ${dayLabel}
                    </label>
                    ${
                      entry.on
                        ? html`<div class="windows">
                          ${entry.windows.map(
                            (w, index) => html`<div class="window">
                              <label>${t('controls.from')}
                                <input type="text" inputmode="numeric" maxlength="5" placeholder="hh:mm" .value=${w.from}
                                  aria-label="${dayLabel}: ${t('controls.from')} ${index + 1}"
                                  @input=${(e: InputEvent) => {
                                    w.from = (e.target as HTMLInputElement).value;
                                  }} /></label>
                              <label>${t('controls.to')}
                                <input type="text" inputmode="numeric" maxlength="5" placeholder="hh:mm" .value=${w.to}
                                  aria-label="${dayLabel}: ${t('controls.to')} ${index + 1}"
                                  @input=${(e: InputEvent) => {
                                    w.to = (e.target as HTMLInputElement).value;
                                  }} /></label>
                              ${
                                entry.windows.length > 1
                                  ? html`<button type="button" class="link-button"
                                    @click=${() => {
                                      entry.windows.splice(index, 1);
                                      update();
                                    }}>${t('controls.removeWindow')}</button>`
                                  : nothing
                              }
                            </div>`,
                          )}
                          ${
                            entry.windows.length < MAX_WINDOWS_PER_DAY
                              ? html`<button type="button" class="link-button"
                                @click=${() => {
                                  entry.windows.push({ from: '08:00', to: '18:00' });
                                  update();
                                }}>${t('controls.addWindow')} (${dayLabel})</button>`
                              : nothing
                          }
                        </div>`
                        : nothing
                    }
                  </li>`;
                })}
              </ul>`
              : nothing
          }
        </fieldset>
        <div class="field">
          <label for="controls-ips">${t('controls.ips')}</label>
          <textarea id="controls-ips" name="ips" rows="5" aria-describedby="controls-ips-hint"
            .value=${editor.ips}
            @input=${(e: InputEvent) => {
              editor.ips = (e.target as HTMLTextAreaElement).value;
            }}></textarea>
          <p id="controls-ips-hint" class="hint">${t('controls.ipsHint')}</p>
        </div>
        <div class="actions">
          ${
            this.userCode
              ? html`<button type="button" class="secondary" @click=${() => this.app.navigate('#/admin/controls/users')}>${t('common.back')}</button>`
              : nothing
          }
          ${
            this.userCode && this.source === 'user'
              ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.remove()}>${t('controls.remove')}</button>`
              : nothing
          }
          <button type="submit" ?disabled=${this.busy}>${t('controls.save')}</button>
        </div>
      </form>
    `;
  }
}
