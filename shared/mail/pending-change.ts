import type { Language } from '../core/language.ts';
import type { PendingChange } from '../domain/pending-changes.ts';
import { mailBank } from './bank.ts';
import { escapeHtml, type GenericPasswordMail } from './generic-password.ts';

/**
 * The e-mail that tells the company's other administrators of a change waiting for their
 * approval (dual control). It names who proposed what and until when, and never
 * carries the change's values (an assigned password rides in some), a code or a link with a secret.
 */
export function renderPendingChangeMail(input: {
  language: Language;
  bankName: string;
  change: Pick<PendingChange, 'makerCode' | 'routeId' | 'target' | 'expiresOn'>;
}): GenericPasswordMail {
  const expiry = mailBank().dateTime(new Date(input.change.expiresOn), input.language);
  const about = input.change.target.userCode ?? (input.language === 'es' ? 'la empresa' : 'the company');
  const lines =
    input.language === 'es'
      ? {
          subject: `${input.bankName}: un cambio espera su aprobación`,
          greeting: 'Estimado(a) administrador(a):',
          body: `El administrador ${input.change.makerCode} propuso un cambio (${input.change.routeId}) sobre ${about}. No se aplicará hasta que otro administrador lo apruebe con su código OTP.`,
          action: `Revíselo en "Cambios pendientes de aprobación" de la Banca en Línea Corporativa antes del ${expiry}.`,
          warning: 'Si no reconoce este cambio, recháselo y comuníquese con el banco.',
        }
      : {
          subject: `${input.bankName}: a change awaits your approval`,
          greeting: 'Dear administrator,',
          body: `Administrator ${input.change.makerCode} proposed a change (${input.change.routeId}) to ${about}. It will not apply until another administrator approves it with their OTP code.`,
          action: `Review it under "Changes pending approval" in Corporate Online Banking before ${expiry}.`,
          warning: 'If you do not recognize this change, reject it and contact the bank.',
        };
  const text = [lines.greeting, '', lines.body, '', lines.action, '', lines.warning, '', input.bankName].join(
    '\n',
  );
  const html = `<!doctype html><html lang="${input.language}"><body style="font-family:Arial,sans-serif">
<p>${escapeHtml(lines.greeting)}</p><p>${escapeHtml(lines.body)}</p><p>${escapeHtml(lines.action)}</p>
<p style="color:#555">${escapeHtml(lines.warning)}</p><p>${escapeHtml(input.bankName)}</p></body></html>`;
  return { subject: lines.subject, text, html };
}
