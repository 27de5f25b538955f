import { html, nothing, type TemplateResult } from 'lit-html';
import type { Api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import type { PasswordRules } from '../types.ts';

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
