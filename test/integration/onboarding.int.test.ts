import { describe, expect, it } from 'vitest';
import { build as buildOnboard } from '../../functions/bank/onboard-company.ts';
import { build as buildReissue } from '../../functions/bank/reissue-admin-password.ts';
import type { CredentialStore } from '../../shared/data/credentials.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { testApp } from '../helpers/app.ts';
import { BANK_ARN, lambdaContext, onboardingBody, reissueEvent, restEvent } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('onboarding');

/** The bank's onboarding and re-issue on DynamoDB Local: what the table's conditions refuse. */
describe('Onboarding and re-issue: the conditions of their writes', () => {
  it('onboards a company code once: the second onboarding is 409 COMPANY_EXISTS and changes nothing, e-mails nothing', async () => {
    // Arrange
    const app = testApp(table);
    const onboard = buildOnboard(onboardingDeps(app.runtime));
    const body = onboardingBody({ companyCode: 'UNAVEZ' });
    const first = await onboard(
      restEvent({ method: 'POST', path: '/bank/companies', body, bankArn: BANK_ARN }),
      lambdaContext(),
    );
    expect(first.statusCode).toBe(201);
    const before = await table.readUser('UNAVEZ', 'ADMON');
    const mails = app.mailbox.length;

    // Act: the same company again, another administrator e-mail
    const again = await onboard(
      restEvent({
        method: 'POST',
        path: '/bank/companies',
        body: onboardingBody({
          companyCode: 'UNAVEZ',
          administrator: { ...body.administrator, email: 'otro@x.com' },
        }),
        bankArn: BANK_ARN,
      }),
      lambdaContext(),
    );

    // Assess
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body).code).toBe('COMPANY_EXISTS');
    expect(await table.readUser('UNAVEZ', 'ADMON')).toEqual(before);
    expect(app.mailbox).toHaveLength(mails);
  });

  it('re-issues only over the administrator it read: changed meanwhile, 409 and the password, session and e-mail as they were', async () => {
    // Arrange: the credential store sees the administrator change between the re-issue's read and its write
    const app = testApp(table);
    const generic = await app.onboard({ companyCode: 'REEMITE' });
    const real = onboardingDeps(app.runtime).credentials;
    const credentials: CredentialStore = {
      ...real,
      replaceCredential: async (...args) => {
        await table.changeUserBehind('REEMITE', 'ADMON');
        return real.replaceCredential(...args);
      },
    };
    const before = await table.readUser('REEMITE', 'ADMON');
    const mails = app.mailbox.length;

    // Act
    const answer = await buildReissue({ ...onboardingDeps(app.runtime), credentials })(
      reissueEvent('REEMITE'),
      lambdaContext(),
    );

    // Assess: refused, the credential untouched, the generic password still the one that logs in
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body).code).toBe('VERSION_CONFLICT');
    expect((await table.readUser('REEMITE', 'ADMON'))?.credential).toEqual(before?.credential);
    expect(app.mailbox).toHaveLength(mails);
    const login = await app.call('login', {
      body: { companyCode: 'REEMITE', userCode: 'ADMON', password: generic },
    });
    expect(login.status).toBe(200);
  });
});
