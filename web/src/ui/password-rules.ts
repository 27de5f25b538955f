import { html, nothing, type TemplateResult } from 'lit-html';
import type { Api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import type { PasswordRules } from '../types.ts';
import { textField } from './fields.ts';
import { ruleMet } from './password-check.ts';

let cached: Promise<PasswordRules> | undefined;

/**
 * The password rules of the deployment (GET /auth/password-rules), read once: the same
 * definition the API validates with, shown before the user types (guide steps 5 and 17).
 */
export function loadPasswordRules(api: Api): Promise<PasswordRules> {
  cached ??= api.call<PasswordRules>('passwordRules').catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/**
 * The rules as a list, each in the chosen language, and a live checklist: as the
 * user types the new password (any field named `newPassword` on the page), each rule of its
 * composition is marked met ✓ or not yet ✗, in words for screen readers too; the others say
 * they are checked on submission. `id` lets the password fields refer to it.
 */
export function passwordRulesView(
  rules: PasswordRules | undefined,
  lang: Lang,
  intro: string,
  id = 'password-rules',
): TemplateResult | typeof nothing {
  if (!rules) return nothing;
  watchTyping();
  const words = liveWords[lang];
  return html`
    <div class="rules" id=${id} data-live-rules>
      <p>${intro}</p>
      <ul class="password-checklist">
        ${rules.rules.map((rule) => {
          const live = ruleMet(rule.code, rule.params, '') !== undefined;
          // The live state's span has no content of the template: the page writes it as the user types.
          return html`<li data-rule=${rule.code} data-params=${JSON.stringify(rule.params)}>
            ${rule[lang]} ${
              live
                ? html`<span class="visually-hidden rule-state" data-met=${words.met} data-unmet=${words.unmet}></span>`
                : html`<span class="visually-hidden">(${words.onSubmit})</span>`
            }</li>`;
        })}
      </ul>
    </div>
  `;
}

const liveWords: Record<Lang, { met: string; unmet: string; onSubmit: string }> = {
  es: { met: 'cumple', unmet: 'no cumple aún', onSubmit: 'se revisa al aceptar' },
  en: { met: 'met', unmet: 'not met yet', onSubmit: 'checked when you confirm' },
};

let watching = false;
/** One listener for the page: the new password's input marks the rules in view. */
function watchTyping(): void {
  if (watching || typeof document === 'undefined') return;
  watching = true;
  document.addEventListener('input', (event) => {
    const field = event.target as HTMLInputElement | null;
    if (field?.name !== 'newPassword') return;
    for (const item of document.querySelectorAll<HTMLLIElement>('[data-live-rules] li[data-rule]')) {
      const met = ruleMet(item.dataset.rule ?? '', JSON.parse(item.dataset.params ?? '{}'), field.value);
      if (met === undefined) continue;
      item.classList.toggle('met', met);
      item.classList.toggle('unmet', !met && field.value.length > 0);
      const state = item.querySelector<HTMLElement>('.rule-state');
      if (state)
        state.textContent =
          field.value.length > 0 ? `(${met ? state.dataset.met : state.dataset.unmet})` : '';
    }
  });
}

/**
 * The new password and its confirmation, as every form that sets a password asks for them
 * (first login, "Cambio de Clave", "Asignar Clave"): fields `newPassword` and `confirmation`,
 * with ids under `idPrefix` so that two forms can share a page.
 */
export function newPasswordFields(o: {
  idPrefix: string;
  labels: { newPassword: string; confirmation: string };
  /** Shown under the new password. */
  hint: string;
  errors: Map<string, string[]>;
}): TemplateResult {
  return html`
    ${textField({
      id: `${o.idPrefix}newPassword`,
      name: 'newPassword',
      type: 'password',
      label: o.labels.newPassword,
      required: true,
      autocomplete: 'new-password',
      hint: o.hint,
      errors: o.errors.get('newPassword'),
    })}
    ${textField({
      id: `${o.idPrefix}confirmation`,
      name: 'confirmation',
      type: 'password',
      label: o.labels.confirmation,
      required: true,
      autocomplete: 'new-password',
      errors: o.errors.get('confirmation'),
    })}
  `;
}
