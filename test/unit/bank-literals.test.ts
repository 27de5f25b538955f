import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TenantConfig, tenantByName, tenantIds } from '../../infra/config/tenant.ts';
import { projectRoot } from '../../infra/stack.ts';

/*
 * Every bank-specific fact lives in tenants/<id>.json: no bank's name, phone, e-mail domain,
 * token name or guide address may appear in the code of the portal or of the server (comments
 * aside: they are not shipped). A new tenant file extends the check by itself.
 */

/** The portal's and the server's code: what is built, bundled or synthesized. */
const roots = ['web/src', 'web/index.html', 'web/public', 'shared', 'functions', 'infra'];

/** Stable identifiers that only look like a bank's name: the option id of the guide's step 12. */
const stableIds = ['transfers.occidentePanama'];

const walk = (p: string): string[] =>
  statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => walk(path.join(p, f))) : [p];

/** The code without its comments (a string holding `//` keeps it: a URL is code). */
const withoutComments = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '');

/** The literals that would name a bank: from each tenant file. */
function bankLiterals(t: TenantConfig): string[] {
  const domain = (address: string) => address.split('@')[1] as string;
  return [
    t.name,
    t.shortName,
    t.legalName,
    t.customerService.phone,
    t.customerService.phone.replace(/\D/g, ''),
    t.customerService.email,
    domain(t.customerService.email),
    domain(t.mail.localFromAddress),
    t.token.name,
    new URL(t.token.guideUrl).host,
  ];
}

/** `file: literal` for every bank literal found in the code of `files`. */
function literalsIn(files: { name: string; text: string }[], literals: string[]): string[] {
  return files.flatMap(({ name, text }) => {
    let code = withoutComments(text);
    for (const id of stableIds) code = code.split(id).join('');
    return literals.filter((l) => code.includes(l)).map((l) => `${name}: ${l}`);
  });
}

describe('No bank in the code', () => {
  const files = roots
    .flatMap((root) => walk(path.join(projectRoot, root)))
    .filter((file) => /\.(ts|html|css|svg|json)$/.test(file))
    .map((file) => ({ name: path.relative(projectRoot, file), text: readFileSync(file, 'utf8') }));
  const literals = tenantIds().flatMap((id) => bankLiterals(tenantByName(id)));

  it('finds a bank literal where there is one (the check can fail)', () => {
    // Arrange
    const sample = [
      { name: 'sample.ts', text: `const notice = 'Llame al ${tenantByName('bop').customerService.phone}';` },
      { name: 'comment.ts', text: `// ${tenantByName('bop').name}\nconst x = 1;` },
    ];

    // Act / Assess
    expect(literalsIn(sample, literals)).toEqual([`sample.ts: ${tenantByName('bop').customerService.phone}`]);
  });

  it('finds no bank’s name, phone, e-mail domain, token name or guide address in the portal or the server', () => {
    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(literals).toContain('BOP Token');
    expect(literals).toContain('Llave Boreal');
    expect(literalsIn(files, literals)).toEqual([]);
  });
});
