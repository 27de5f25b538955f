import { nowOf } from '../core/clock.ts';
import { passwordLock, tokenLocked } from './credential.ts';
import type { User } from './model.ts';

/** An administrator as the guard of "never without an administrator" reads them. */
export type AdministratorRow = Pick<
  User,
  'userCode' | 'role' | 'state' | 'email' | 'firstName' | 'lastName' | 'version' | 'token' | 'credential'
>;

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
  deps: {
    administrators: { list(companyCode: string): Promise<AdministratorRow[]> };
    lockoutThreshold: number;
    now?: () => Date;
  },
  companyCode: string,
) {
  const now = nowOf(deps);
  return (await deps.administrators.list(companyCode)).filter((admin) =>
    administers(admin, deps.lockoutThreshold, now),
  ).length;
}
