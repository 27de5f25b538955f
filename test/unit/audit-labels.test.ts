import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AuditWordsContext,
  auditActionLabels,
  auditActionText,
  auditChangeLines,
  auditOutcomeText,
} from '../../shared/domain/audit-labels.ts';

/** Every `.ts` file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const es: AuditWordsContext = { lang: 'es', params: { token: 'Llave' } };
const en: AuditWordsContext = { lang: 'en', params: { token: 'Llave' } };

describe('The audit log in words (issue 20 §5)', () => {
  it('names in both languages every action the code audits', () => {
    // Arrange: the action codes written by the services, stores and handlers
    const written = new Set<string>();
    for (const file of [...sources('shared'), ...sources('functions')]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/action: '([A-Z_]+)'/g)) written.add(match[1] as string);
      // The second argument of the services' audit helpers (`audit(admin, 'USER_CREATED', …)`).
      // (lockAudit's second argument is the lock's outcome, not an action.)
      for (const match of text.matchAll(/\b(\w*[aA]udit\w*)\([^,()']*,\s*'([A-Z][A-Z_]+)'/g))
        if (match[1] !== 'lockAudit') written.add(match[2] as string);
    }
    for (const purpose of ['CONFIRMATION', 'LOGIN', 'TOKEN_INSTALL', 'TOKEN_CANCEL'])
      for (const end of ['ACCEPTED', 'REFUSED']) written.add(`${purpose}_OTP_${end}`);

    // Assess
    expect(written.size).toBeGreaterThan(10);
    const missing = [...written].filter((code) => !auditActionLabels[code]);
    expect(missing).toEqual([]);
    for (const words of Object.values(auditActionLabels)) {
      expect(words.es.trim()).not.toBe('');
      expect(words.en.trim()).not.toBe('');
    }
  });

  it('says an action, its outcome and the confirmed action in the chosen language, with the bank’s token', () => {
    // Assess
    expect(auditActionText('TOKEN_ACTIVATED', es)).toBe('Llave activado');
    expect(auditActionText('USER_CONNECTION_RULES_CHANGED', en)).toBe('User connection controls changed');
    expect(auditOutcomeText('updateUser', undefined, es)).toBe('Confirmó: Modificar usuario');
    expect(auditOutcomeText('WRONG_CODE_NOW_LOCKED', undefined, en)).toBe(
      'Wrong OTP; the Llave is now locked',
    );
    expect(auditOutcomeText('FORBIDDEN', 12, es)).toBe('Sin permiso ×12');
    expect(auditOutcomeText('iam:arn:aws:iam::1:role/x', undefined, en)).toBe('Bank operator');
    expect(auditOutcomeText('SOMETHING_NEW', undefined, en)).toBe('Something new');
  });

  it('writes each changed field before → after, permissions field by field, amounts and options in words', () => {
    // Arrange
    const changes = {
      state: { before: 'PENDING', after: 'ACTIVE' },
      permissions: {
        before: {
          options: ['transfers.ownAccounts'],
          limitsCents: { 'transfers.ownAccounts': 150_000 },
          approvals: {},
          accounts: [],
        },
        after: {
          options: ['transfers.ownAccounts'],
          limitsCents: { 'transfers.ownAccounts': 2_500_000 },
          approvals: { transfers: 2 },
          accounts: [],
        },
      },
      otpAtLogin: { before: false, after: true },
      imageId: { before: 'bird', after: 'anchor' },
      connectionRules: {
        before: null,
        after: { allowedHours: { MON: [{ from: '08:00', to: '17:00' }] }, allowedIps: [] },
      },
    };

    // Act
    const spanish = auditChangeLines(changes, { ...es, amount: (a) => `USD ${a}` });
    const english = auditChangeLines(changes, en);

    // Assess
    expect(spanish).toEqual([
      'Estado: Pendiente → Activo',
      'Límites: Entre mis cuentas: USD 1500.00 → Entre mis cuentas: USD 25000.00',
      'Aprobaciones: — → Transferencias: 2',
      'OTP al ingresar: No → Sí',
      'Imagen de seguridad: (reservada) → (reservada)',
      'Horarios permitidos: Lunes 08:00–17:00',
      'Direcciones IP permitidas: Cualquier dirección',
    ]);
    expect(english[0]).toBe('State: Pending → Active');
    expect(english.join('\n')).not.toMatch(/limitsCents|\{"|PENDING/);
  });
});
