import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { parseStageConfig, stageConfig, stageInputs, stageNames } from '../../infra/config/stages.ts';
import { defineApp } from '../../infra/define-app.ts';

describe('Stage configuration', () => {
  it.each(stageNames)('accepts the %s stage as written', (name) => {
    // Act
    const config = stageConfig(name, {});

    // Assess
    expect(config.stage).toBe(name);
  });

  it('keeps data in prod and lets dev destroy it', () => {
    // Act
    const retained = stageNames.map((name) => [name, stageConfig(name, {}).retainData]);

    // Assess
    expect(retained).toEqual([
      ['dev', false],
      ['prod', true],
    ]);
  });

  it('takes the account from the environment, and synthesizes account-agnostic without one', () => {
    // Act
    const withAccount = stageConfig('prod', { PROD_ACCOUNT_ID: '123456789012' });
    const without = stageConfig('prod', {});

    // Assess
    expect(withAccount.account).toBe('123456789012');
    expect(without.account).toBeUndefined();
  });

  it('rejects a lockout threshold above 10, naming the field', () => {
    // Prepare
    const input = { ...stageInputs({}).prod, lockoutThreshold: 11 };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(/lockoutThreshold: must be at most 10/);
  });

  it('rejects an unknown stage name, naming the stage field', () => {
    // Act
    const load = () => stageConfig('staging', {});

    // Assess
    expect(load).toThrow(/stage: unknown stage "staging"/);
  });

  it('rejects a malformed account id from the environment, naming the field', () => {
    // Act
    const load = () => stageConfig('dev', { DEV_ACCOUNT_ID: 'not-an-account' });

    // Assess
    expect(load).toThrow(/account: not a 12-digit AWS account id/);
  });

  it('rejects a log retention CloudWatch Logs does not offer, naming the field', () => {
    // Prepare
    const input = { ...stageInputs({}).dev, logRetentionDays: 45 };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(/logRetentionDays: not a CloudWatch Logs retention period/);
  });

  it('rejects a sender address outside the SES identity domain', () => {
    // Prepare
    const dev = stageInputs({}).dev;
    const input = { ...dev, mail: { ...dev.mail, fromAddress: 'no-reply@elsewhere.example.com' } };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(/mail\.fromAddress: must be an address of dev\.banking\.example\.com/);
  });

  it('takes the service invokers from the environment, and refuses one that is also a bank invoker', () => {
    // Prepare
    const env = {
      PROD_SERVICE_INVOKERS: 'transfers-module, payments-module',
      PROD_BANK_INVOKERS: 'back-office',
    };
    const shared = {
      ...stageInputs({}).dev,
      bankInvokers: ['back-office'],
      serviceInvokers: ['back-office', 'x'],
    };
    const malformed = { ...stageInputs({}).dev, serviceInvokers: ['not an arn!'] };

    // Act
    const config = stageConfig('prod', env);

    // Assess
    expect(config.serviceInvokers).toEqual(['transfers-module', 'payments-module']);
    expect(config.bankInvokers).toEqual(['back-office']);
    expect(stageConfig('dev', {}).serviceInvokers).toEqual(['corporate-banking-transactional-modules']);
    expect(() => parseStageConfig(shared)).toThrow(/serviceInvokers: back-office also in bankInvokers/);
    expect(() => parseStageConfig(malformed)).toThrow(/serviceInvokers\.0: not an IAM role or user ARN/);
  });

  it('rejects a misspelt field rather than ignoring it', () => {
    // Prepare
    const input = { ...stageInputs({}).dev, lockoutTreshold: 3 };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(/unknown field\(s\) lockoutTreshold/);
  });

  it.each([
    [
      'provisioned concurrency above the reserved one',
      { loginReservedConcurrency: 2, loginProvisionedConcurrency: 3 },
      /loginProvisionedConcurrency: must not exceed loginReservedConcurrency/,
    ],
    [
      'an API rate limit below the authentication one',
      { waf: { authRateLimit: 500, apiRateLimit: 100 } },
      /waf\.apiRateLimit: must be at least waf\.authRateLimit/,
    ],
    [
      'a WAF rate limit below WAF’s minimum',
      { waf: { authRateLimit: 5, apiRateLimit: 100 } },
      /waf\.authRateLimit: must be at least 10/,
    ],
    [
      'a portal certificate outside us-east-1',
      {
        portal: {
          domain: {
            name: 'portal.banking.example.com',
            certificateArn: 'arn:aws:acm:us-east-2:123456789012:certificate/abc-123',
          },
        },
      },
      /portal\.domain\.certificateArn: CloudFront needs an ACM certificate in us-east-1/,
    ],
    [
      'an API domain outside its hosted zone',
      {
        apiDomain: {
          name: 'api.other.example.org',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
          hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'banking.example.com' },
        },
      },
      /apiDomain\.hostedZone\.name: api\.other\.example\.org is not in zone banking\.example\.com/,
    ],
    [
      'a malformed GitHub repository',
      { pipeline: { githubRepository: 'not a repo', createOidcProvider: true, approval: true } },
      /pipeline\.githubRepository: not an owner\/name GitHub repository/,
    ],
    [
      'a malformed alarm e-mail',
      { alarms: { emails: ['oncall'], serverErrorRatePercent: 1 } },
      /alarms\.emails\.0: not a valid email/,
    ],
  ])('rejects %s, naming the field', (_case, override, message) => {
    // Prepare
    const input = { ...stageInputs({}).prod, ...override };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(message);
  });

  it('keeps provisioned concurrency and contributor insights off in dev', () => {
    // Act
    const dev = stageConfig('dev', {});

    // Assess
    expect([dev.loginProvisionedConcurrency, dev.loginReservedConcurrency, dev.contributorInsights]).toEqual([
      undefined,
      undefined,
      false,
    ]);
  });

  it('stops synthesis of an unknown stage with the message naming the stage field', () => {
    // Act
    const synth = () => defineApp(new App(), 'staging', {});

    // Assess
    expect(synth).toThrow(/Invalid stage configuration: stage: unknown stage "staging"/);
  });
});
