import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stage } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { beforeAll, describe, expect, it } from 'vitest';
import { portalTenant, tenantByName } from '../../infra/config/tenant.ts';
import { portalConfigKey, portalContentSecurityPolicy } from '../../infra/constructs/portal.ts';
import { builtPortal } from '../../infra/stack.ts';
import { nagFindings, ofType, type SynthesizedStage, synthesizeStage } from './synth.ts';

const portalDomain = {
  name: 'portal.banking.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111',
  hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'banking.example.com' },
};

const apiDomain = {
  name: 'api.portal.banking.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/22222222-2222-2222-2222-222222222222',
};

// Prod with portal and API domains and a built portal (a stand-in web/dist), and prod as written
// (no domains: the execute-api URL and the *.cloudfront.net domain), each synthesized once.
let prod: SynthesizedStage;
let noDomains: SynthesizedStage;
let dist: string;
beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'portal-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Portal</title>');
  prod = synthesizeStage('prod', {
    bundle: false,
    config: { portal: { domain: portalDomain }, apiDomain },
    stack: { portalAssets: dist },
  });
  noDomains = synthesizeStage('prod', { bundle: false, stack: { portalAssets: dist } });
});

/** The portal's `config.json` as deployed: the staged asset that holds it, deploy-time values as markers. */
const deployedConfig = (stage: SynthesizedStage): { file: Record<string, unknown>; markers: unknown } => {
  const assets = (stage.stack.portal?.node.findAll() ?? []).filter(
    (c): c is s3assets.Asset => c instanceof s3assets.Asset,
  );
  const outdir = Stage.of(stage.stack)?.outdir ?? '';
  const index = assets.findIndex((a) => existsSync(path.join(outdir, a.assetPath, portalConfigKey)));
  const file = JSON.parse(
    readFileSync(path.join(outdir, assets[index]?.assetPath ?? '', portalConfigKey), 'utf8'),
  );
  const [deployment] = ofType(stage.template, 'Custom::CDKBucketDeployment');
  // Sources in the order given: the built portal, then config.json.
  const markers = (deployment?.Properties?.SourceMarkers as unknown[] | undefined)?.[1];
  return { file, markers };
};

const securityHeaders = (stage: SynthesizedStage) =>
  (
    ofType(stage.template, 'AWS::CloudFront::ResponseHeadersPolicy')[0]?.Properties
      ?.ResponseHeadersPolicyConfig as
      | { SecurityHeadersConfig: Record<string, Record<string, unknown>> }
      | undefined
  )?.SecurityHeadersConfig;

type Distribution = {
  DefaultCacheBehavior: Record<string, unknown>;
  CacheBehaviors?: Record<string, unknown>[];
  Origins: Record<string, unknown>[];
  ViewerCertificate: Record<string, unknown>;
  Aliases: string[];
  Logging?: unknown;
  DefaultRootObject: string;
};
const distribution = (stage: SynthesizedStage = prod) =>
  (ofType(stage.template, 'AWS::CloudFront::Distribution')[0]?.Properties?.DistributionConfig ??
    {}) as Distribution;

describe('Portal: bucket', () => {
  it('keeps the site in a private, versioned, encrypted bucket that logs access and refuses plain HTTP', () => {
    // Prepare
    const siteId = prod.stack.getLogicalId(prod.stack.portal?.bucket.node.defaultChild as never);

    // Act
    const site = prod.template.toJSON().Resources[siteId].Properties;
    const policies = ofType(prod.template, 'AWS::S3::BucketPolicy').filter(
      (p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: siteId }),
    );
    const statements = JSON.stringify(policies.map((p) => p.Properties?.PolicyDocument));

    // Assess
    expect(site.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(site.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(site.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(site.LoggingConfiguration).toEqual(expect.objectContaining({ LogFilePrefix: 's3/' }));
    expect(statements).toContain('"aws:SecureTransport":"false"');
    // Only CloudFront (origin access control, this distribution) reads objects.
    expect(statements).toContain('cloudfront.amazonaws.com');
    expect(statements).toContain('AWS:SourceArn');
  });

  it('deploys the built portal only when web/dist holds an index.html', () => {
    // Prepare
    const empty = mkdtempSync(path.join(tmpdir(), 'portal-empty-'));

    // Act
    const deployments = ofType(prod.template, 'Custom::CDKBucketDeployment');

    // Assess
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.Properties?.SourceObjectKeys).toHaveLength(2);
    expect(builtPortal(dist)).toBe(dist);
    expect(builtPortal(empty)).toBeUndefined();
  });
});

describe('Portal: distribution', () => {
  it('reads the bucket through origin access control and serves HTTPS only, TLS 1.2 (2021) on its domain', () => {
    // Act
    const config = distribution();
    const [oac] = ofType(prod.template, 'AWS::CloudFront::OriginAccessControl');

    // Assess
    expect(oac?.Properties?.OriginAccessControlConfig).toEqual(
      expect.objectContaining({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    );
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: portalDomain.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(config.Aliases).toEqual([portalDomain.name]);
    expect(config.Logging).toBeDefined();
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it('serves only the static portal: one origin (the bucket), no API behaviour, no origin secret', () => {
    // Act
    const configs = [distribution(prod), distribution(noDomains)];

    // Assess
    for (const config of configs) {
      expect(config.CacheBehaviors ?? []).toEqual([]);
      expect(config.Origins).toHaveLength(1);
      expect(JSON.stringify(config.Origins)).not.toMatch(/execute-api|OriginCustomHeaders|x-origin-verify/);
      expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    }
    // Only the single-page function; no function adds a viewer-address header.
    const functions = [prod, noDomains].flatMap((s) => ofType(s.template, 'AWS::CloudFront::Function'));
    expect(functions).toHaveLength(2);
    for (const fn of functions) expect(String(fn.Properties?.FunctionCode)).not.toContain('viewer');
    expect(ofType(prod.template, 'AWS::SecretsManager::Secret')).toHaveLength(1); // the master key only
  });

  it("deploys config.json with the API's base URL (its domain, else the stage's execute-api URL) and the bank", () => {
    // Act
    const withDomain = deployedConfig(prod);
    const withoutDomain = deployedConfig(noDomains);
    const restApiId = noDomains.stack.getLogicalId(noDomains.stack.api.restApi.node.defaultChild as never);

    // Assess
    expect(withDomain.file).toEqual({
      apiBaseUrl: `https://${apiDomain.name}`,
      // The bank's brand and texts, so one built portal serves every bank.
      tenant: portalTenant(tenantByName('bop')),
    });
    expect(withDomain.markers ?? {}).toEqual({});
    // Deploy-time values are markers the deployment function replaces with the resolved tokens.
    expect(withoutDomain.file.apiBaseUrl).toMatch(
      /^https:\/\/<<marker:0xbaba:0>>\.execute-api\.us-east-1\.<<marker:0xbaba:1>>\/prod$/,
    );
    expect(withoutDomain.markers).toEqual({
      '<<marker:0xbaba:0>>': { Ref: restApiId },
      '<<marker:0xbaba:1>>': { Ref: 'AWS::URLSuffix' },
    });
  });

  it("lets the portal connect to the API's origin only: its domain, else the execute-api host", () => {
    // Prepare
    const restApiId = noDomains.stack.getLogicalId(noDomains.stack.api.restApi.node.defaultChild as never);

    // Act
    const withDomain = securityHeaders(prod)?.ContentSecurityPolicy;
    const withoutDomain = JSON.stringify(securityHeaders(noDomains)?.ContentSecurityPolicy);

    // Assess
    expect(withDomain?.ContentSecurityPolicy).toContain(`connect-src 'self' https://${apiDomain.name};`);
    expect(withoutDomain).toContain(
      `connect-src 'self' https://",{"Ref":"${restApiId}"},".execute-api.us-east-1.",{"Ref":"AWS::URLSuffix"},"; frame-ancestors`,
    );
  });

  it('answers with a strict CSP, two-year HSTS with preload, frame denial, nosniff and no referrer', () => {
    // Prepare
    const csp = portalContentSecurityPolicy(`https://${apiDomain.name}`);

    // Act
    const headers = securityHeaders(prod);

    // Assess
    expect(csp).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
        `connect-src 'self' https://${apiDomain.name}; ` +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(headers).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
  });

  it('writes A and AAAA alias records of the portal domain', () => {
    // Act
    const records = ofType(prod.template, 'AWS::Route53::RecordSet').map((r) => [
      r.Properties?.Name,
      r.Properties?.Type,
    ]);

    // Assess
    expect(records).toEqual(
      expect.arrayContaining([
        [`${portalDomain.name}.`, 'A'],
        [`${portalDomain.name}.`, 'AAAA'],
      ]),
    );
  });

  it('adds nothing cdk-nag reports, the BucketDeployment function included', () => {
    // Act
    const findings = [...nagFindings(prod.stack), ...nagFindings(noDomains.stack)];

    // Assess
    expect(findings).toEqual([]);
  });
});
