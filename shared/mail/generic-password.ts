import type { Language } from '../core/language.ts';
import { mailBank } from './bank.ts';

export interface GenericPasswordMail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * The generic-password e-mail in the company's language. It deliberately carries neither the
 * company code nor the user code: a stolen mailbox alone is not enough to log in.
 */
export function renderGenericPasswordMail(input: {
  language: Language;
  bankName: string;
  password: string;
  expiresAt: Date;
}): GenericPasswordMail {
  // The date in the bank's time zone, named: "… (hora de Panamá)" (tenants/<id>.json).
  const expiry = mailBank().dateTime(input.expiresAt, input.language);
  const lines =
    input.language === 'es'
      ? {
          subject: `${input.bankName}: su clave genérica de Banca en Línea Corporativa`,
          greeting: 'Estimado(a) administrador(a):',
          intro: 'Su clave genérica para ingresar a la Banca en Línea Corporativa es:',
          rules: `Es de un solo uso: al ingresar se le pedirá cambiarla. Vence el ${expiry}.`,
          codes: 'Use el código de empresa y el código de usuario que le entregó el banco.',
          warning:
            'Si usted no esperaba este mensaje, comuníquese con Servicio al Cliente. El banco nunca le pedirá su clave por teléfono ni por correo.',
        }
      : {
          subject: `${input.bankName}: your Corporate Online Banking generic password`,
          greeting: 'Dear administrator,',
          intro: 'Your generic password to log in to Corporate Online Banking is:',
          rules: `It can be used once: you will be asked to change it when you log in. It expires on ${expiry}.`,
          codes: 'Use the company code and user code that the bank gave you.',
          warning:
            'If you did not expect this message, contact Customer Service. The bank will never ask for your password by phone or e-mail.',
        };
  const text = [
    lines.greeting,
    '',
    lines.intro,
    '',
    `    ${input.password}`,
    '',
    lines.rules,
    lines.codes,
    '',
    lines.warning,
    '',
    input.bankName,
  ].join('\n');
  const html = `<!doctype html><html lang="${input.language}"><body style="font-family:Arial,sans-serif">
<p>${escapeHtml(lines.greeting)}</p><p>${escapeHtml(lines.intro)}</p>
<p style="font-size:20px;font-family:monospace;letter-spacing:2px"><strong>${escapeHtml(input.password)}</strong></p>
<p>${escapeHtml(lines.rules)}</p><p>${escapeHtml(lines.codes)}</p><p style="color:#555">${escapeHtml(lines.warning)}</p>
<p>${escapeHtml(input.bankName)}</p></body></html>`;
  return { subject: lines.subject, text, html };
}
