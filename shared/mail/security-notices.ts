import type { Language } from '../core/language.ts';
import { fillTemplate } from '../core/template.ts';
import { tenantPlaceholders } from '../core/tenant.ts';
import { userStateLabels } from '../domain/model.ts';
import { mailBank } from './bank.ts';
import { escapeHtml, type GenericPasswordMail } from './generic-password.ts';

/**
 * The security notifications of what happened to the person's own access,
 * never a password, a code or a secret. One kind per event; the administrator also gets
 * `USER_LOCKED_OUT` when one of the company's end users is locked out.
 */
export type SecurityNotice =
  | { kind: 'PASSWORD_CHANGED' }
  | { kind: 'PASSWORD_ASSIGNED' }
  | {
      kind: 'ACCOUNT_LOCKED';
      /** The end of a temporary password lock; none when the lock lasts until someone lifts it. */
      unlocksAt?: string;
      /** What locked: the password (default) or the token, after wrong codes. */
      credential?: 'TOKEN';
      /** The company's administrator, whom the bank (not an administrator) unlocks. */
      administrator?: boolean;
    }
  | { kind: 'USER_LOCKED_OUT'; userCode: string; unlocksAt?: string }
  | { kind: 'TOKEN_REQUESTED' }
  | { kind: 'TOKEN_INSTALLED' }
  | { kind: 'TOKEN_ACTIVATED' }
  | { kind: 'TOKEN_DEACTIVATED' }
  | { kind: 'TOKEN_CANCELLED' }
  | { kind: 'TOKEN_RESET' }
  | { kind: 'STATE_CHANGED'; state: 'PENDING' | 'ACTIVE' | 'DISABLED'; reason?: 'DORMANT' }
  | { kind: 'COMPANY_SUSPENDED' }
  | { kind: 'COMPANY_REACTIVATED' };

export type SecurityNoticeKind = SecurityNotice['kind'];

/** Subject and the one paragraph that says what happened, per kind and language. */
function what(notice: SecurityNotice, language: Language): { subject: string; body: string } {
  const when = (at: string | undefined) => (at ? mailBank().dateTime(new Date(at), language) : undefined);
  const es = language === 'es';
  switch (notice.kind) {
    case 'PASSWORD_CHANGED':
      return es
        ? { subject: 'Su clave fue cambiada', body: 'La clave de su usuario fue cambiada.' }
        : { subject: 'Your password was changed', body: 'The password of your user was changed.' };
    case 'PASSWORD_ASSIGNED':
      return es
        ? {
            subject: 'El administrador le asignó una clave',
            body: 'El administrador de su empresa le asignó una clave nueva; se la comunicará por un medio seguro. Al ingresar se le pedirá cambiarla.',
          }
        : {
            subject: 'Your administrator assigned you a password',
            body: "Your company's administrator assigned you a new password and will give it to you by a secure channel. You will be asked to change it when you log in.",
          };
    case 'ACCOUNT_LOCKED': {
      const until = when(notice.unlocksAt);
      const token = notice.credential === 'TOKEN';
      const ask = es
        ? notice.administrator
          ? 'Comuníquese con el banco'
          : 'Solicite al administrador de su empresa'
        : notice.administrator
          ? 'Contact the bank'
          : "Ask your company's administrator";
      if (token)
        return es
          ? {
              subject: 'Su {token} fue bloqueado',
              body: `Su {token} fue bloqueado por códigos incorrectos. ${ask} para activarlo de nuevo.`,
            }
          : {
              subject: 'Your {token} was locked',
              body: `Your {token} was locked after wrong codes. ${ask} to activate it again.`,
            };
      return es
        ? {
            subject: 'Su usuario fue bloqueado',
            body: until
              ? `Su usuario fue bloqueado por intentos fallidos. Podrá ingresar de nuevo a partir del ${until}.`
              : `Su usuario fue bloqueado por intentos fallidos. ${ask} una clave nueva.`,
          }
        : {
            subject: 'Your user was locked',
            body: until
              ? `Your user was locked after failed attempts. You can log in again from ${until}.`
              : `Your user was locked after failed attempts. ${ask} for a new password.`,
          };
    }
    case 'USER_LOCKED_OUT': {
      const until = when(notice.unlocksAt);
      return es
        ? {
            subject: `El usuario ${notice.userCode} fue bloqueado`,
            body: `El usuario ${notice.userCode} de su empresa fue bloqueado por intentos fallidos${until ? ` hasta el ${until}` : ''}.`,
          }
        : {
            subject: `User ${notice.userCode} was locked`,
            body: `User ${notice.userCode} of your company was locked after failed attempts${until ? ` until ${until}` : ''}.`,
          };
    }
    case 'TOKEN_REQUESTED':
      return es
        ? { subject: 'Se solicitó un {token}', body: 'Se solicitó un {token} nuevo para su usuario.' }
        : { subject: 'A {token} was requested', body: 'A new {token} was requested for your user.' };
    case 'TOKEN_INSTALLED':
      return es
        ? { subject: 'Su {token} fue instalado', body: 'Su {token} fue instalado.' }
        : { subject: 'Your {token} was installed', body: 'Your {token} was installed.' };
    case 'TOKEN_ACTIVATED':
      return es
        ? {
            subject: 'Su {token} fue activado',
            body: 'El administrador de su empresa activó su {token}.',
          }
        : {
            subject: 'Your {token} was activated',
            body: "Your company's administrator activated your {token}.",
          };
    case 'TOKEN_DEACTIVATED':
      return es
        ? {
            subject: 'Su {token} fue desactivado',
            body: 'El administrador de su empresa desactivó su {token}.',
          }
        : {
            subject: 'Your {token} was deactivated',
            body: "Your company's administrator deactivated your {token}.",
          };
    case 'TOKEN_CANCELLED':
      return es
        ? {
            subject: 'Su {token} fue cancelado',
            body: 'Usted canceló su {token}: ya no genera códigos válidos. Puede solicitar uno nuevo en Solicitud {token}.',
          }
        : {
            subject: 'Your {token} was cancelled',
            body: 'You cancelled your {token}: it no longer generates valid codes. You may request a new one under Request {token}.',
          };
    case 'TOKEN_RESET':
      return es
        ? {
            subject: 'Su {token} fue reiniciado',
            body: 'Su {token} fue reiniciado: ya no genera códigos válidos. Puede solicitar uno nuevo en Solicitud {token}.',
          }
        : {
            subject: 'Your {token} was reset',
            body: 'Your {token} was reset: it no longer generates valid codes. You may request a new one under Request {token}.',
          };
    case 'STATE_CHANGED': {
      const state = userStateLabels[notice.state][language];
      const dormant = notice.reason === 'DORMANT';
      return es
        ? {
            subject: `Su usuario está ${state}`,
            body: dormant
              ? `Su usuario fue deshabilitado por inactividad. Solicite al administrador de su empresa que lo active.`
              : `El estado de su usuario cambió a ${state}.`,
          }
        : {
            subject: `Your user is ${state}`,
            body: dormant
              ? "Your user was disabled for inactivity. Ask your company's administrator to activate it."
              : `The state of your user changed to ${state}.`,
          };
    }
    case 'COMPANY_SUSPENDED':
      return es
        ? {
            subject: 'Su empresa fue suspendida',
            body: 'El banco suspendió el acceso de su empresa a la Banca en Línea Corporativa. Comuníquese con su ejecutivo.',
          }
        : {
            subject: 'Your company was suspended',
            body: "The bank suspended your company's access to Corporate Online Banking. Contact your account officer.",
          };
    case 'COMPANY_REACTIVATED':
      return es
        ? {
            subject: 'Su empresa fue reactivada',
            body: 'El banco reactivó el acceso de su empresa a la Banca en Línea Corporativa.',
          }
        : {
            subject: 'Your company was reactivated',
            body: "The bank reactivated your company's access to Corporate Online Banking.",
          };
  }
}

/**
 * A security notification in the recipient's language. Like the generic-password e-mail it
 * names neither the company code nor the user's own code, and it never carries a password, a
 * code or a secret: it says what happened and what to do if it was not expected.
 */
export function renderSecurityNotice(
  notice: SecurityNotice,
  input: { language: Language; bankName: string; at: Date },
): GenericPasswordMail {
  // `{token}` and the bank's other placeholders are the tenant's, as in the problem texts.
  const placeholders = tenantPlaceholders(undefined, input.language);
  const said = what(notice, input.language);
  const subject = fillTemplate(said.subject, placeholders);
  const body = fillTemplate(said.body, placeholders);
  const at = mailBank().dateTime(input.at, input.language);
  const lines =
    input.language === 'es'
      ? {
          greeting: 'Estimado(a) usuario(a):',
          when: `Fecha: ${at}.`,
          warning:
            'Si usted no reconoce este cambio, comuníquese de inmediato con Servicio al Cliente. El banco nunca le pedirá su clave ni sus códigos por teléfono ni por correo.',
        }
      : {
          greeting: 'Dear user,',
          when: `Date: ${at}.`,
          warning:
            'If you do not recognize this change, contact Customer Service at once. The bank will never ask for your password or codes by phone or e-mail.',
        };
  const text = [lines.greeting, '', body, lines.when, '', lines.warning, '', input.bankName].join('\n');
  const html = `<!doctype html><html lang="${input.language}"><body style="font-family:Arial,sans-serif">
<p>${escapeHtml(lines.greeting)}</p><p>${escapeHtml(body)}</p><p>${escapeHtml(lines.when)}</p>
<p style="color:#555">${escapeHtml(lines.warning)}</p><p>${escapeHtml(input.bankName)}</p></body></html>`;
  return { subject: `${input.bankName}: ${subject}`, text, html };
}

/** One example of each notice, for the local preview (`npm run bank -- preview-mail`) and the tests. */
export const SAMPLE_NOTICES: readonly SecurityNotice[] = [
  { kind: 'PASSWORD_CHANGED' },
  { kind: 'PASSWORD_ASSIGNED' },
  { kind: 'ACCOUNT_LOCKED', unlocksAt: '2026-12-01T15:30:00Z' },
  { kind: 'ACCOUNT_LOCKED' },
  { kind: 'ACCOUNT_LOCKED', administrator: true },
  { kind: 'ACCOUNT_LOCKED', credential: 'TOKEN' },
  { kind: 'USER_LOCKED_OUT', userCode: 'OPERADOR', unlocksAt: '2026-12-01T15:30:00Z' },
  { kind: 'TOKEN_REQUESTED' },
  { kind: 'TOKEN_INSTALLED' },
  { kind: 'TOKEN_ACTIVATED' },
  { kind: 'TOKEN_DEACTIVATED' },
  { kind: 'TOKEN_CANCELLED' },
  { kind: 'TOKEN_RESET' },
  { kind: 'STATE_CHANGED', state: 'DISABLED' },
  { kind: 'STATE_CHANGED', state: 'DISABLED', reason: 'DORMANT' },
  { kind: 'COMPANY_SUSPENDED' },
  { kind: 'COMPANY_REACTIVATED' },
];
