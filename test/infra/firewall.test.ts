import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config/stages.ts';
import { redactedHeaders } from '../../infra/constructs/firewall.ts';
import { EVERY_ADDRESS } from '../../shared/data/waf-ip-sets.ts';
import { errorCatalog } from '../../shared/http/messages.ts';
import { nagFindings, ofType, type SynthesizedStage, synthesizeStage } from './synth.ts';

// Prod as written (with a portal, whose browser calls the API directly), and prod without a
// portal: synthesized once each, without bundling (stack.test.ts bundles every handler once).
let withPortal: SynthesizedStage;
let apiOnly: SynthesizedStage;
beforeAll(() => {
  withPortal = synthesizeStage('prod', { bundle: false });
  apiOnly = synthesizeStage('prod', { bundle: false, config: { portal: undefined } });
});

type WafRule = {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: unknown;
  Statement: Record<string, unknown>;
};

const webAcl = (stage: SynthesizedStage) => {
  const acls = ofType(stage.template, 'AWS::WAFv2::WebACL');
  expect(acls).toHaveLength(1);
  return acls[0]?.Properties as { Scope: string; DefaultAction: unknown; Rules: WafRule[] } & Record<
    string,
    unknown
  >;
};

const ruleNamed = (stage: SynthesizedStage, name: string): WafRule => {
  const rule = webAcl(stage).Rules.find((r) => r.Name === name);
  if (!rule) throw new Error(`No rule ${name}`);
  return rule;
};

const logicalId = (stage: SynthesizedStage, element: unknown) =>
  stage.stack.getLogicalId(element as CfnElement);

describe('Firewall: web ACL', () => {
  it('is a regional web ACL that allows by default and is associated with the API stage', () => {
    // Prepare
    const { stack } = withPortal;
    const stageId = logicalId(withPortal, stack.api.restApi.deploymentStage.node.defaultChild);

    // Act
    const acl = webAcl(withPortal);
    const [association] = ofType(withPortal.template, 'AWS::WAFv2::WebACLAssociation');

    // Assess
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(JSON.stringify(association?.Properties?.ResourceArn)).toContain(stageId);
    expect(association?.Properties?.WebACLArn).toEqual({
      'Fn::GetAtt': [logicalId(withPortal, stack.firewall.webAcl), 'Arn'],
    });
  });

  it('evaluates IP rules first, then the rate limits, then the managed rule groups, portal or not', () => {
    // Act
    const rules = [withPortal, apiOnly].map((stage) => webAcl(stage).Rules.map((r) => [r.Priority, r.Name]));

    // Assess
    for (const stageRules of rules) {
      expect(stageRules).toEqual(
        [
          'BankBlockedIps',
          'BankAllowedIpsOnly',
          'AuthRateLimit',
          'ApiRateLimit',
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
        ].map((name, priority) => [priority, name]),
      );
    }
  });

  it('trusts no header for a client address: no viewer-IP rule, forwarded-IP key or origin secret', () => {
    // Act
    const acls = [withPortal, apiOnly].map((stage) => JSON.stringify(webAcl(stage).Rules));

    // Assess
    for (const rules of acls) {
      expect(rules).not.toMatch(/FORWARDED_IP|ForwardedIPConfig|x-viewer-ip|x-origin-verify|SingleHeader/);
      expect(rules).not.toContain('resolve:secretsmanager');
    }
  });

  it('limits /auth/* strictly and the whole API loosely, per client IP, with the stage limits', () => {
    // Prepare
    const { waf } = stageConfig('prod', {});

    // Act
    const auth = ruleNamed(apiOnly, 'AuthRateLimit').Statement.RateBasedStatement as Record<string, unknown>;
    const api = ruleNamed(apiOnly, 'ApiRateLimit').Statement.RateBasedStatement as Record<string, unknown>;

    // Assess
    expect([auth.Limit, auth.AggregateKeyType, auth.EvaluationWindowSec]).toEqual([
      waf.authRateLimit,
      'IP',
      300,
    ]);
    expect([api.Limit, api.AggregateKeyType, api.ScopeDownStatement]).toEqual([
      waf.apiRateLimit,
      'IP',
      undefined,
    ]);
    const prefixes = JSON.stringify(auth.ScopeDownStatement);
    expect(prefixes).toContain('"SearchString":"/auth/"');
    expect(prefixes).toContain('"SearchString":"/prod/auth/"');
    expect(prefixes).toContain('NORMALIZE_PATH');
  });

  it('counts, rather than blocks, bodies over 8 KB in the Common rule set (the API takes up to 64 KB)', () => {
    // Act
    const common = ruleNamed(withPortal, 'AWSManagedRulesCommonRuleSet');

    // Assess
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(common.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
  });

  it('answers its blocks as problem+json with catalogued codes: 403 IP_BLOCKED and 429 for rate limits', () => {
    // Act
    const acl = webAcl(apiOnly);
    const bodies = acl.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    const blocked = ruleNamed(apiOnly, 'BankBlockedIps').Action as { Block: { CustomResponse: unknown } };
    const limited = ruleNamed(apiOnly, 'AuthRateLimit').Action as { Block: { CustomResponse: unknown } };

    // Assess
    expect(blocked.Block.CustomResponse).toEqual({ ResponseCode: 403, CustomResponseBodyKey: 'ipBlocked' });
    expect(limited.Block.CustomResponse).toEqual({
      ResponseCode: 429,
      CustomResponseBodyKey: 'rateLimited',
      ResponseHeaders: [{ Name: 'retry-after', Value: '60' }],
    });
    for (const body of Object.values(bodies)) {
      expect(body.ContentType).toBe('APPLICATION_JSON');
      expect(Object.keys(errorCatalog)).toContain(JSON.parse(body.Content).code);
    }
    expect(JSON.parse(bodies.ipBlocked?.Content ?? '{}').code).toBe('IP_BLOCKED');
  });

  it("lets the portal read its blocks: they allow the portal's origin by CORS", () => {
    // Prepare
    const distributionId = logicalId(withPortal, withPortal.stack.portal?.distribution.node.defaultChild);
    const origin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };

    // Act
    const blocks = ['BankBlockedIps', 'BankAllowedIpsOnly', 'AuthRateLimit', 'ApiRateLimit'].map(
      (name) =>
        (ruleNamed(withPortal, name).Action as { Block: { CustomResponse: { ResponseHeaders: unknown[] } } })
          .Block.CustomResponse.ResponseHeaders,
    );

    // Assess
    for (const headers of blocks) {
      expect(headers).toEqual(
        expect.arrayContaining([
          { Name: 'access-control-allow-origin', Value: origin },
          { Name: 'vary', Value: 'Origin' },
        ]),
      );
    }
  });
});

describe('Firewall: bank-wide IP sets', () => {
  it('creates blocked and allowed sets for IPv4 and IPv6, the allowed ones holding every address', () => {
    // Act
    // A custom resource (infra/custom-resources/ip-set.ts) writes the addresses on creation only.
    const sets = ofType(withPortal.template, 'Custom::BankIpSet').map((s) => [
      s.Properties?.IPAddressVersion,
      s.Properties?.Scope,
      s.Properties?.InitialAddresses,
    ]);

    // Assess
    expect(sets).toEqual(
      expect.arrayContaining([
        ['IPV4', 'REGIONAL', []],
        ['IPV6', 'REGIONAL', []],
        ['IPV4', 'REGIONAL', [...EVERY_ADDRESS.IPV4]],
        ['IPV6', 'REGIONAL', [...EVERY_ADDRESS.IPV6]],
      ]),
    );
    expect(sets).toHaveLength(4);
  });

  it('blocks the blocked sets and whatever the allowed sets do not hold, by source address only', () => {
    // Prepare
    const { ipSets } = withPortal.stack;
    const arn = (list: 'blocked' | 'allowed', family: 'IPV4' | 'IPV6') =>
      JSON.stringify({
        'Fn::GetAtt': [logicalId(withPortal, ipSets.ipSets[list][family].resource.node.defaultChild), 'Arn'],
      });

    // Act
    const blocked = JSON.stringify(ruleNamed(withPortal, 'BankBlockedIps').Statement);
    const allowed = ruleNamed(withPortal, 'BankAllowedIpsOnly').Statement;

    // Assess
    for (const family of ['IPV4', 'IPV6'] as const) {
      expect(blocked).toContain(arn('blocked', family));
      expect(JSON.stringify(allowed)).toContain(arn('allowed', family));
    }
    expect(Object.keys(allowed)).toEqual(['NotStatement']);
    expect(blocked).not.toContain('IPSetForwardedIPConfig');
    expect(JSON.parse(blocked)).toEqual({
      OrStatement: {
        Statements: (['IPV4', 'IPV6'] as const).map((family) => ({
          IPSetReferenceStatement: { Arn: JSON.parse(arn('blocked', family)) },
        })),
      },
    });
  });
});

describe('Firewall: logging', () => {
  it('logs blocked and counted requests to an encrypted aws-waf-logs- group, with credentials redacted', () => {
    // Prepare
    const { firewall, monitoring } = withPortal.stack;
    const keyId = logicalId(withPortal, monitoring.key.node.defaultChild);

    // Act
    const [logging] = ofType(withPortal.template, 'AWS::WAFv2::LoggingConfiguration');
    const group =
      withPortal.template.toJSON().Resources[logicalId(withPortal, firewall.logGroup.node.defaultChild)];

    // Assess
    expect(group.Properties.LogGroupName['Fn::Join'][1][0]).toMatch(/^aws-waf-logs-/);
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(group.Properties.RetentionInDays).toBe(stageConfig('prod', {}).logRetentionDays);
    expect(JSON.stringify(logging?.Properties?.LogDestinationConfigs)).toContain(
      `log-group:${group.Properties.LogGroupName['Fn::Join'][1][0]}`,
    );
    expect(JSON.stringify(logging?.Properties?.LogDestinationConfigs)).not.toContain(':*');
    expect(logging?.Properties?.RedactedFields).toEqual(
      redactedHeaders.map((Name) => ({ SingleHeader: { Name } })),
    );
    expect(redactedHeaders).toEqual(expect.arrayContaining(['authorization', 'x-otp', 'cookie']));
    expect(logging?.Properties?.LoggingFilter).toEqual(expect.objectContaining({ DefaultBehavior: 'DROP' }));
  });

  it('lets CloudWatch Logs use the key only for the WAF log group', () => {
    // Prepare
    const keyId = logicalId(withPortal, withPortal.stack.monitoring.key.node.defaultChild);

    // Act
    const statements = (
      withPortal.template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as Record<
        string,
        unknown
      >[]
    ).filter((s) => JSON.stringify(s.Principal).includes('logs.'));

    // Assess
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]?.Condition)).toContain(
      'aws-waf-logs-corporate-banking-admin-bop-prod',
    );
  });

  it('adds nothing cdk-nag reports, with or without the portal', () => {
    // Act
    const findings = [...nagFindings(withPortal.stack), ...nagFindings(apiOnly.stack)];

    // Assess
    expect(findings).toEqual([]);
  });
});
