import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config/stages.ts';
import {
  contrastRatio,
  loadTenant,
  parseTenantConfig,
  portalTenant,
  serverTenant,
  tenantByName,
  tenantIds,
  tenantsDir,
} from '../../infra/config/tenant.ts';

/** The guide's bank's file as written, its logo already inlined, for variations. */
const bopInput = () => JSON.parse(JSON.stringify(tenantByName('bop'))) as Record<string, unknown>;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Writes a tenant file (and optionally a logo) into a fresh folder and returns its path. */
function tenantFile(name: string, content: unknown, logo?: { name: string; text: string }): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'tenant-'));
  folders.push(folder);
  if (logo) writeFileSync(path.join(folder, logo.name), logo.text);
  const file = path.join(folder, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('Tenant configuration: the repository’s banks', () => {
  it('holds the guide’s bank and a second, fictitious bank that differ in every bank-specific fact', () => {
    // Act
    const [bop, cbs] = [tenantByName('bop'), tenantByName('cbs')];

    // Assess
    expect(tenantIds()).toEqual(['bop', 'cbs']);
    expect(bop.name).toBe('Banco de Occidente (Panamá)');
    for (const pick of [
      (t: typeof bop) => t.name,
      (t: typeof bop) => t.colors.primary,
      (t: typeof bop) => t.customerService.phone,
      (t: typeof bop) => t.customerService.email,
      (t: typeof bop) => t.currency.code,
      (t: typeof bop) => t.currency.locales.es,
      (t: typeof bop) => t.token.name,
      (t: typeof bop) => t.mail.identityDomain,
    ]) {
      expect(pick(cbs)).not.toBe(pick(bop));
    }
    expect(bop.logo).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('gives the functions and the portal only their part: no colours or limits to the server, no limits to the portal', () => {
    // Act
    const server = serverTenant(tenantByName('cbs'));
    const portal = portalTenant(tenantByName('cbs'));

    // Assess
    expect(Object.keys(server)).not.toContain('logo');
    expect(Object.keys(server)).not.toContain('security');
    expect(JSON.stringify(server).length).toBeLessThan(2000);
    expect(Object.keys(portal)).not.toContain('security');
    expect(Object.keys(portal)).not.toContain('mail');
  });

  it('makes a stage of the second bank from its file: region, sender, password profile and lockout', () => {
    // Act
    const config = stageConfig('dev', {}, tenantByName('cbs'));

    // Assess
    expect(config.region).toBe('eu-west-1');
    expect(config.mail).toEqual({
      identityDomain: 'dev.banca.cajaboreal.example',
      fromAddress: 'avisos@dev.banca.cajaboreal.example',
    });
    expect([config.passwordProfile, config.lockoutThreshold, config.lockoutMinutes]).toEqual([
      'hardened',
      5,
      60,
    ]);
  });
});

describe('Tenant configuration: a wrong value stops synthesis, naming the field', () => {
  it.each([
    ['a missing name', (t: Record<string, unknown>) => delete t.name, /name: expected string/],
    [
      'an id that is no short lower-case word',
      (t: Record<string, unknown>) => (t.id = 'Bank-1'),
      /id: not 2 to 8/,
    ],
    [
      'a colour that is no hex colour',
      (t: Record<string, unknown>) => ((t.colors as Record<string, string>).primary = 'navy'),
      /colors\.primary: not a #rrggbb colour/,
    ],
    [
      'a primary colour too light for text on white',
      (t: Record<string, unknown>) => ((t.colors as Record<string, string>).primary = '#7fa7d9'),
      /colors\.primary: #7fa7d9 and #ffffff has contrast 2\.\d\d:1, below 4\.5:1/,
    ],
    [
      'a focus ring too faint',
      (t: Record<string, unknown>) => ((t.colors as Record<string, string>).focus = '#dddddd'),
      /colors\.focus: .* below 3:1/,
    ],
    [
      'a customer-service e-mail that is no address',
      (t: Record<string, unknown>) => ((t.customerService as Record<string, string>).email = 'servicio'),
      /customerService\.email/,
    ],
    [
      'a phone number without its country code',
      (t: Record<string, unknown>) => ((t.customerService as Record<string, string>).phone = '263-8144'),
      /customerService\.phone: not an international phone number/,
    ],
    [
      'a sender outside the SES identity',
      (t: Record<string, unknown>) =>
        ((t.mail as Record<string, string>).fromAddress = 'no-reply@other.example.com'),
      /mail\.fromAddress: must be an address of banking\.example\.com/,
    ],
    [
      'an unknown time zone',
      (t: Record<string, unknown>) => (t.timeZone = 'America/Atlantis'),
      /timeZone: not an IANA time zone/,
    ],
    [
      'an unknown currency',
      (t: Record<string, unknown>) => ((t.currency as Record<string, unknown>).code = 'XYZ'),
      /currency\.code: not an ISO 4217 currency code/,
    ],
    [
      'a default language not offered',
      (t: Record<string, unknown>) => (t.languages = { offered: ['en'], default: 'es' }),
      /languages\.default: es is not one of languages\.offered/,
    ],
    [
      'a token guide on plain http',
      (t: Record<string, unknown>) =>
        ((t.token as Record<string, string>).guideUrl = 'http://bank.example/guide.pdf'),
      /token\.guideUrl: not an https URL/,
    ],
    [
      'a lockout threshold above 10',
      (t: Record<string, unknown>) => ((t.security as Record<string, number>).lockoutThreshold = 11),
      /security\.lockoutThreshold: must be at most 10/,
    ],
    ['a misspelt field', (t: Record<string, unknown>) => (t.slogn = t.slogan), /unknown field\(s\) slogn/],
    [
      'a secret',
      (t: Record<string, unknown>) => ((t.mail as Record<string, string>).smtpPassword = 'hunter2'),
      /mail\.smtpPassword: no secrets in a tenant file/,
    ],
  ])('refuses %s', (_, change, message) => {
    // Arrange
    const input = bopInput();
    change(input);

    // Act / Assess
    expect(() => parseTenantConfig(input)).toThrow(message);
  });

  it('stops a stage of a bank with a wrong colour, naming tenant.colors', () => {
    // Arrange
    const tenant = { ...tenantByName('bop'), colors: { ...tenantByName('bop').colors, accent: '#9be89b' } };

    // Act / Assess
    expect(() => stageConfig('prod', {}, tenant)).toThrow(
      /tenant\.colors\.accent: #9be89b and #ffffff has contrast/,
    );
  });

  it('refuses a file whose id is not its name, a missing logo, a scripted logo, and no JSON', () => {
    // Arrange
    const bopFile = JSON.parse(readFileSync(path.join(tenantsDir, 'bop.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const logo = { name: 'bop-logo.svg', text: '<svg xmlns="http://www.w3.org/2000/svg"/>' };

    // Act / Assess
    expect(() => loadTenant(tenantFile('other.json', bopFile, logo))).toThrow(
      /id: must match the file name \(bop\.json\)/,
    );
    expect(() => loadTenant(tenantFile('bop.json', bopFile))).toThrow(
      /logo: no SVG or PNG file bop-logo\.svg/,
    );
    expect(() =>
      loadTenant(tenantFile('bop.json', bopFile, { name: 'bop-logo.svg', text: '<svg onload="alert(1)"/>' })),
    ).toThrow(/logo: an SVG logo must hold no script/);
    expect(() => loadTenant(tenantFile('bop.json', '{ "id": '))).toThrow(/not JSON/);
    expect(() => loadTenant('/nowhere/bop.json')).toThrow(/no tenant file/);
    expect(() => tenantByName('zzz')).toThrow(/no tenant file .*zzz\.json/);
    expect(loadTenant(tenantFile('bop.json', bopFile, logo)).id).toBe('bop');
  });

  it('measures contrast as WCAG does', () => {
    // Assess
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#003b71', '#ffffff')).toBeGreaterThan(11);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
