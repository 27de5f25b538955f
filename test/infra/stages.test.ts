import { describe, expect, it } from 'vitest';
import { parseStageConfig, stageConfig, stageInputs, stageNames } from '../../infra/config/stages.ts';

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

  it('rejects a misspelt field rather than ignoring it', () => {
    // Prepare
    const input = { ...stageInputs({}).dev, lockoutTreshold: 3 };

    // Act
    const parse = () => parseStageConfig(input);

    // Assess
    expect(parse).toThrow(/unknown field\(s\) lockoutTreshold/);
  });
});
