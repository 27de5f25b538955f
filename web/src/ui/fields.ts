import { html, nothing, type TemplateResult } from 'lit-html';
import { ifDefined } from 'lit-html/directives/if-defined.js';
import type { Problem } from '../api.ts';
import type { Translate } from './text.ts';

/** The field errors of a problem, by field path without its `body.` prefix (`newPassword`, `limits.x`). */
export function fieldErrors(problem: Problem | undefined): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const error of problem?.errors ?? []) {
    const field = error.field.replace(/^body\./, '');
    errors.set(field, [...(errors.get(field) ?? []), error.message]);
  }
  return errors;
}

export interface TextFieldOptions {
  id: string;
  name?: string;
  label: string;
  value?: string;
  type?: 'text' | 'password' | 'email' | 'date' | 'time';
  required?: boolean;
  hint?: string;
  errors?: string[];
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'decimal' | 'email';
  maxlength?: number;
  readonly?: boolean;
  placeholder?: string;
  className?: string;
  uppercase?: boolean;
  /** Errors are read out as they appear (`role="alert"`): for a field alone in a dialog. */
  announce?: boolean;
}

/**
 * A labelled input with its hint and errors tied to it (aria-describedby, aria-invalid). A
 * required field shows the guide's asterisk; assistive technology hears `required` instead.
 */
export function textField(o: TextFieldOptions): TemplateResult {
  const errors = o.errors ?? [];
  const described = [o.hint ? `${o.id}-hint` : '', errors.length ? `${o.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`
    <div class="field ${o.className ?? ''}">
      <label for=${o.id}>${o.label}${o.required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label>
      <input
        id=${o.id}
        name=${o.name ?? o.id}
        type=${o.type ?? 'text'}
        .value=${o.value ?? ''}
        ?required=${o.required}
        ?readonly=${o.readonly}
        class=${o.uppercase ? 'uppercase' : ''}
        autocomplete=${ifDefined(o.autocomplete)}
        inputmode=${ifDefined(o.inputmode)}
        maxlength=${ifDefined(o.maxlength)}
        placeholder=${ifDefined(o.placeholder)}
        aria-describedby=${ifDefined(described || undefined)}
        aria-invalid=${errors.length ? 'true' : 'false'}
      />
      ${o.hint ? html`<p id="${o.id}-hint" class="hint">${o.hint}</p>` : nothing}
      ${
        errors.length
          ? html`<div id="${o.id}-error" class="field-error" role=${ifDefined(o.announce ? 'alert' : undefined)}>${errors.map((e) => html`<p>${e}</p>`)}</div>`
          : nothing
      }
    </div>
  `;
}

/**
 * The problem of the last attempt, above the form: the API's localized detail and, for
 * validation failures, every broken rule (each also shown at its field).
 */
export function problemBox(
  t: Translate,
  problem: Problem | undefined,
  fieldLabel?: (field: string) => string | undefined,
): TemplateResult | typeof nothing {
  if (!problem) return nothing;
  const errors = problem.errors ?? [];
  return html`
    <div class="alert alert-error" role="alert" tabindex="-1">
      <p><strong>${problem.title}</strong>${problem.detail ? html` — ${problem.detail}` : nothing}</p>
      ${
        errors.length
          ? html`<p>${t('common.fixErrors')}</p>
            <ul>
              ${errors.map((e) => {
                const label = fieldLabel?.(e.field.replace(/^body\./, ''));
                return html`<li>${label ? html`<strong>${label}:</strong> ` : nothing}${e.message}</li>`;
              })}
            </ul>`
          : nothing
      }
    </div>
  `;
}

/** A success or information message, announced politely. */
export function notice(text: string | undefined, kind: 'success' | 'info' = 'success') {
  return text ? html`<div class="alert alert-${kind}" role="status">${text}</div>` : nothing;
}

/** Reads a form's named text fields. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
  return values;
}

/** Moves focus to the first alert of the page (after a failed submit), so it is read first. */
export function focusAlert(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main .alert-error')?.focus());
}

/** The BOP Token code field (six digits, offered by the phone's one-time-code autofill). */
export function otpField(
  o: Pick<TextFieldOptions, 'id' | 'name' | 'label' | 'hint' | 'errors' | 'announce'>,
): TemplateResult {
  return textField({
    ...o,
    required: true,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    maxlength: 6,
  });
}
