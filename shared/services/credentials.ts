import type { FieldIssue } from '../core/errors.ts';
import type { Credential, User } from '../domain/model.ts';
import { verifyPassword } from '../domain/password-hash.ts';
import {
  checkPasswordComposition,
  confirmationIssue,
  historyIssue,
  type PasswordPolicy,
} from '../domain/password-policy.ts';

/**
 * Every rule a proposed password breaks: the policy's composition rules, the confirmation,
 * and (against the stored hashes, checked in parallel) the current password and the last
 * `historyDepth` ones. An empty list means the password may be set.
 */
export async function newPasswordIssues(
  policy: PasswordPolicy,
  user: User,
  input: { newPassword: string; confirmation: string },
): Promise<FieldIssue[]> {
  const issues = checkPasswordComposition(policy, input.newPassword, {
    userCode: user.userCode,
    companyCode: user.companyCode,
  });
  if (input.confirmation !== input.newPassword) issues.push(confirmationIssue());
  const credential = user.credential;
  if (credential) {
    const previous = credential.history.slice(0, policy.historyDepth);
    const [isCurrent, ...inHistory] = await Promise.all(
      [credential.passwordHash, ...previous].map((hash) => verifyPassword(input.newPassword, hash)),
    );
    if (isCurrent) issues.push(historyIssue(policy, true));
    else if (inHistory.some(Boolean)) issues.push(historyIssue(policy, false));
  }
  return issues;
}

/** The credential after a password change: the old hash joins the history, the counter clears. */
export function nextCredential(
  policy: PasswordPolicy,
  previous: Credential | undefined,
  passwordHash: string,
  kind: Credential['kind'],
  at: Date,
  expiresAt?: Date,
): Credential {
  const history = previous ? [previous.passwordHash, ...previous.history] : [];
  return {
    passwordHash,
    kind,
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    failedAttempts: 0,
    history: history.slice(0, policy.historyDepth),
    changedAt: at.toISOString(),
  };
}
