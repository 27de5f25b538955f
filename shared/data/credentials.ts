import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { BopToken, Credential, User } from '../domain/model.ts';
import { challengeKeys, sessionKeys } from './keys.ts';
import type { Transaction } from './transact.ts';
import { changeUserItem } from './user-item.ts';

/**
 * Replacing a password: all the bank's back office needs of the credentials (the re-issued
 * generic password), kept apart from the login and session store so the bank functions do
 * not carry it.
 */
export interface CredentialStore {
  /**
   * Replaces the credential if the user's version is unchanged, ends the user's session and
   * pending challenge, and audits — one transaction, sent in `transaction`. `extra.token` replaces the BOP Token
   * (the bank clearing the administrator's token lock).
   */
  replaceCredential(
    user: User,
    credential: Credential,
    audit: AuditEntry,
    transaction: Transaction,
    extra?: { imageId?: string; state?: User['state']; token?: BopToken },
  ): Promise<void>;
}

/** The DynamoDB implementation of {@link CredentialStore}. */
export function dynamoCredentialStore(doc: DynamoDBDocumentClient, tableName: string): CredentialStore {
  return {
    async replaceCredential(user, credential, audit, transaction, extra = {}) {
      const set = {
        credential,
        ...(extra.imageId !== undefined ? { imageId: extra.imageId } : {}),
        ...(extra.state !== undefined ? { state: extra.state } : {}),
        ...(extra.token !== undefined ? { token: extra.token } : {}),
      };
      const alsoDelete = [
        sessionKeys.session(user.companyCode, user.userCode),
        challengeKeys.challenge(user.companyCode, user.userCode),
      ];
      await changeUserItem(doc, tableName, user, { set, alsoDelete }, audit, transaction);
    },
  };
}
