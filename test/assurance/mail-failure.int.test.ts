import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/core/logger.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { passwordPolicy } from '../../shared/domain/password-policy.ts';
import type { Mailer, OutgoingMail } from '../../shared/mail/mailer.ts';
import { onboardCompany, reissueAdministratorPassword } from '../../shared/services/onboarding.ts';
import { testApp } from '../helpers/app.ts';
import { onboardingBody } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 9, point 5, against DynamoDB Local: SES fails after the company is written. The
 * onboarding stands, the undelivered password is useless, and the bank re-issues one that works.
 */

const table = fileTable('mail_failure');

const origin = {
  actorArn: 'arn:test',
  sourceIp: '203.0.113.1',
  correlationId: 'c-1',
  log: createLogger({ write: () => {} }),
};

function deps(app: ReturnType<typeof testApp>, mailer: Mailer) {
  return {
    store: app.companies,
    credentials: app.authStore,
    mailer,
    policy: passwordPolicy('bank'),
    bankName: 'Banco',
    genericPasswordTtlHours: 72,
    hash: (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 }),
    now: app.clock.now,
  };
}

describe('SES fails after onboarding', () => {
  it('keeps the company, leaves the administrator re-issuable, and the re-issued password works (unlocking too)', async () => {
    // Arrange: SES throttles the first e-mail
    const app = testApp(table);
    const failing: Mailer = {
      send: async () => {
        throw Object.assign(new Error('Maximum sending rate exceeded'), { name: 'TooManyRequestsException' });
      },
    };

    // Act: onboarding
    const onboarded = await onboardCompany(
      deps(app, failing),
      onboardingBody({ companyCode: 'SINCORREO' }) as never,
      origin,
    );

    // Assess: stored, not e-mailed; nobody can log in, whatever they try
    expect(onboarded.genericPassword.emailed).toBe(false);
    expect(await app.companies.getCompany('SINCORREO')).toBeDefined();
    for (const password of ['Abcdef12', 'Qwerty34', 'Zxcvbn56']) {
      const refused = await app.call('login', {
        body: { companyCode: 'SINCORREO', userCode: 'ADMON', password },
      });
      expect(refused.body.code).toBe('LOGIN_FAILED');
    }
    expect((await app.companies.getUser('SINCORREO', 'ADMON'))?.credential?.failedAttempts).toBe(3);

    // Act: the bank re-issues, SES works again
    const sent: OutgoingMail[] = [];
    const reissued = await reissueAdministratorPassword(
      deps(app, {
        send: async (mail) => {
          sent.push(mail);
          return {};
        },
      }),
      'SINCORREO',
      origin,
    );

    // Assess: one e-mail, and its password starts the guide's first login
    expect(reissued.genericPassword.emailed).toBe(true);
    expect(sent).toHaveLength(1);
    const generic = sent[0]?.text.match(/^ {4}(\S+)$/m)?.[1] ?? '';
    const first = await app.call('login', {
      body: { companyCode: 'SINCORREO', userCode: 'ADMON', password: generic },
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
  });
});
