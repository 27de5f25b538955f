import { html, render, type TemplateResult } from 'lit-html';
import { ActionCancelled, type OtpPrompt, type Problem } from '../api.ts';
import { otpField } from './fields.ts';
import type { Translate } from './text.ts';

const openModals = new Set<Modal>();

/**
 * A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the page
 * inert and keeps the keyboard inside; Escape is "Volver"; focus goes to the dialog's first
 * field on opening and back to where it was on closing.
 */
export class Modal {
  private readonly dialog: HTMLDialogElement;
  private returnFocus: Element | null = null;

  constructor(
    private readonly template: () => TemplateResult,
    options: {
      labelledBy: string;
      describedBy?: string;
      role?: 'dialog' | 'alertdialog';
      onEscape: () => void;
    },
  ) {
    this.dialog = document.createElement('dialog');
    this.dialog.className = 'modal';
    this.dialog.setAttribute('aria-labelledby', options.labelledBy);
    if (options.describedBy) this.dialog.setAttribute('aria-describedby', options.describedBy);
    if (options.role === 'alertdialog') this.dialog.setAttribute('role', 'alertdialog');
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      options.onEscape();
    });
  }

  open(): void {
    this.returnFocus = document.activeElement;
    document.body.append(this.dialog);
    this.update();
    this.dialog.showModal();
    openModals.add(this);
    this.focusFirst();
  }

  update(): void {
    render(this.template(), this.dialog);
  }

  focusFirst(): void {
    const target = this.dialog.querySelector<HTMLElement>('[autofocus], input, button');
    target?.focus();
  }

  close(): void {
    if (!openModals.delete(this)) return;
    this.dialog.close();
    this.dialog.remove();
    if (this.returnFocus instanceof HTMLElement && this.returnFocus.isConnected) this.returnFocus.focus();
  }
}

/** Re-renders open dialogs (after a language change). */
export function updateModals(): void {
  for (const modal of openModals) modal.update();
}

/** Closes every dialog (the session ended). */
export function closeModals(): void {
  for (const modal of [...openModals]) modal.close();
}

/**
 * The guide's step 14 dialog: "BOP Token — Ingrese el OTP generado por su dispositivo móvil.",
 * field OTP, Volver / Aceptar. A refused code keeps it open with the API's reason.
 */
export function openOtpDialog(t: Translate): OtpPrompt {
  let waiting: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  let error: string | undefined;
  let busy = false;

  const cancel = () => {
    waiting?.reject(new ActionCancelled());
    waiting = undefined;
    modal.close();
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('otp') as HTMLInputElement;
    const code = input.value.trim();
    if (!/^[0-9]{6}$/.test(code)) {
      error = t('otp.format');
      modal.update();
      input.focus();
      return;
    }
    if (!waiting) return;
    busy = true;
    error = undefined;
    modal.update();
    waiting.resolve(code);
    waiting = undefined;
  };

  const modal = new Modal(
    () => html`
      <h2 id="otp-title">${t('otp.title')}</h2>
      <p id="otp-prompt">${t('otp.prompt')}</p>
      <form class="dialog-form" novalidate @submit=${submit}>
        ${otpField({
          id: 'otp-code',
          name: 'otp',
          label: t('otp.label'),
          hint: t('otp.hint'),
          errors: error ? [error] : [],
          announce: true,
        })}
        <div class="actions">
          <button type="button" class="secondary" @click=${cancel}>${t('common.back')}</button>
          <button type="submit" ?disabled=${busy}>${t('common.accept')}</button>
        </div>
      </form>
    `,
    { labelledBy: 'otp-title', describedBy: 'otp-prompt', onEscape: cancel },
  );
  modal.open();

  return {
    nextCode: () =>
      new Promise<string>((resolve, reject) => {
        waiting = { resolve, reject };
      }),
    refused: (problem: Problem) => {
      busy = false;
      error = problem.errors?.[0]?.message ?? problem.detail;
      modal.update();
      const input = document.getElementById('otp-code') as HTMLInputElement | null;
      if (input) {
        input.value = '';
        input.focus();
      }
    },
    close: () => modal.close(),
  };
}

/** A dialog with a message and buttons, e.g. the idle warning. */
export function openMessageDialog(options: {
  id: string;
  title: () => string;
  body: () => TemplateResult | string;
  actions: { label: () => string; secondary?: boolean; run: () => void }[];
  onEscape: () => void;
  role?: 'dialog' | 'alertdialog';
}): Modal {
  const modal = new Modal(
    () => html`
      <h2 id="${options.id}-title">${options.title()}</h2>
      <div id="${options.id}-body">${options.body()}</div>
      <div class="actions">
        ${options.actions.map(
          (action) =>
            html`<button type="button" class=${action.secondary ? 'secondary' : ''} @click=${action.run}>
              ${action.label()}
            </button>`,
        )}
      </div>
    `,
    {
      labelledBy: `${options.id}-title`,
      describedBy: `${options.id}-body`,
      role: options.role ?? 'dialog',
      onEscape: options.onEscape,
    },
  );
  modal.open();
  return modal;
}
