import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/routes.ts';

describe('README: stays true to the route table', () => {
  it('lists every route with its access level and OTP flag', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const route of routes) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${route.method} ${route.path}\` |`));
      expect(row, `${route.method} ${route.path}`).toBeDefined();
      expect(row).toContain(`| ${route.access} | ${route.otp ? 'yes' : ''} |`);
    }
  });

  it('names the two set-up commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
