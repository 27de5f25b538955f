import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../shared/core/errors.ts';
import { REQUEST_REFUSED } from '../../shared/data/audit.ts';
import { auditActionLabels } from '../../shared/domain/audit-labels.ts';
import { optionsById } from '../../shared/domain/options-catalog.ts';
import { errorCatalog } from '../../shared/http/messages.ts';
import { type RouteDefinition, routes } from '../../shared/routes.ts';

/**
 * Issue 16, point 4: the options the administrator grants per user ("Cambio de Clave",
 * "Solicitud BOP Token", "Cancelar BOP Token") are declared in the route table, so the
 * middleware enforces them and a new route cannot forget them.
 */
const table = routes as readonly RouteDefinition[];

/** The end-user routes that serve each of the module's own catalog options. */
const servedBy: Record<string, string[]> = {
  'services.changePassword': ['changeMyPassword'],
  'services.requestToken': ['requestToken', 'installToken'],
  'services.cancelToken': ['cancelToken'],
};

describe('Route table: options', () => {
  it('names every option this module serves, and only those', () => {
    const adminOptions = [...optionsById.values()].filter((o) => o.module === 'admin').map((o) => o.id);
    expect(Object.keys(servedBy).sort()).toEqual(adminOptions.sort());
  });

  it('declares on every end-user route that serves a catalog option the option that governs it', () => {
    for (const [option, ids] of Object.entries(servedBy)) {
      for (const id of ids) expect(table.find((r) => r.id === id)?.option, id).toBe(option);
    }
    const declaring = table.filter((r) => r.option).map((r) => r.id);
    expect(declaring.sort()).toEqual(Object.values(servedBy).flat().sort());
  });

  it('has every session route that writes either governed by an option or exempt with a reason', () => {
    const ungoverned = table.filter(
      (r) => r.access === 'session' && r.table === 'write' && !r.option && !r.optionExemption?.trim(),
    );
    expect(ungoverned.map((r) => r.id)).toEqual([]);
  });

  it('leaves the forced change at first login (step 5) and the administrator’s routes out of options', () => {
    expect(table.find((r) => r.id === 'changeInitialPassword')?.option).toBeUndefined();
    expect(table.filter((r) => r.option && r.access !== 'session').map((r) => r.id)).toEqual([]);
  });

  it('answers a refusal with its own code, 403, in Spanish and English', () => {
    expect(errorStatus.OPTION_NOT_GRANTED).toBe(403);
    expect(errorCatalog.OPTION_NOT_GRANTED.es.title).not.toBe(errorCatalog.OPTION_NOT_GRANTED.en.title);
  });
});

describe('Audit screen: the new entries in words', () => {
  it.each([REQUEST_REFUSED, 'USERS_EXPORTED', 'AUDIT_EXPORTED', 'PASSWORD_HASH_UPGRADED'])(
    'labels %s in Spanish and English',
    (action) => {
      // The one catalog the screen and the exports read (issue 20 §5).
      const words = auditActionLabels[action];
      expect(words?.es).toBeTruthy();
      expect(words?.en).toBeTruthy();
      expect(words?.es).not.toBe(words?.en);
    },
  );
});
