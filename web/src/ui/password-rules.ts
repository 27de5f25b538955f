import { html, nothing, type TemplateResult } from 'lit-html';
import type { Api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import type { PasswordRules } from '../types.ts';
import { textField } from './fields.ts';

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

/** The rules as a list, each in the chosen language; `id` lets the password fields refer to it. */
export function passwordRulesView(
  rules: PasswordRules | undefined,
  lang: Lang,
  intro: string,
  id = 'password-rules',
): TemplateResult | typeof nothing {
  if (!rules) return nothing;
  return html`
    <div class="rules" id=${id}>
      <p>${intro}</p>
      <ul>
        ${rules.rules.map((rule) => html`<li data-rule=${rule.code}>${rule[lang]}</li>`)}
      </ul>
    </div>
  `;
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
