import { expect } from 'vitest';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';

/** What no security e-mail may carry: a code, a base32 secret, an otpauth URI, the given passwords. */
export function expectNoSecret(
  mail: Pick<OutgoingMail, 'subject' | 'text' | 'html'>,
  ...passwords: string[]
) {
  const whole = `${mail.subject}\n${mail.text}\n${mail.html}`;
  expect(whole).not.toMatch(/otpauth:|\b[0-9]{6}\b|[A-Z2-7]{16,}/);
  for (const password of passwords) expect(whole).not.toContain(password);
}
