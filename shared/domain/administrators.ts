import type { AdministratorRow, AdministratorStore } from '../data/administrators.ts';
import { passwordLock, tokenLocked } from './credential.ts';

const clock = (deps: { now?: () => Date }) => (deps.now ?? (() => new Date()))();

/**
 * Whether an administrator can administer now: active, with an installed (ACTIVE) BOP Token,
 * neither the token nor the password locked. The company is never left without one.
 */
export function administers(admin: AdministratorRow, lockoutThreshold: number, now: Date): boolean {
  if (admin.state !== 'ACTIVE' || admin.token?.state !== 'ACTIVE') return false;
  if (tokenLocked(admin.token, lockoutThreshold)) return false;
  return !passwordLock(admin.credential, lockoutThreshold, now);
}

/** How many of the company's administrators administer now (dual control needs two). */
export async function administeringCount(
  deps: { administrators: Pick<AdministratorStore, 'list'>; lockoutThreshold: number; now?: () => Date },
  companyCode: string,
) {
  const now = clock(deps);
  return (await deps.administrators.list(companyCode)).filter((admin) =>
    administers(admin, deps.lockoutThreshold, now),
  ).length;
}
