import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { Company, ConnectionRules, User } from '../domain/model.ts';
import { VersionConflictError } from './errors.ts';
import { companyKeys } from './keys.ts';
import type { Transaction } from './transact.ts';
import { userItemKey } from './user-item.ts';
import { versionedWrite } from './versioned.ts';

/**
 * The access patterns of connection controls (step 25). The rules live on the items every
 * authenticated request already reads in its one BatchGetItem — the company's on the company
 * item (`COMPANY#c / PROFILE`), a user's own on the user item (`COMPANY#c / USER#u`), attribute
 * `connectionRules` — so enforcing them costs no round trip, and a change applies on the
 * very next request.
 */
export interface ConnectionRuleStore {
  /**
   * Sets the company's rules (or removes them, with `undefined`) if the company's version is
   * unchanged; bumps the version; audits, in `transaction`. Throws {@link VersionConflictError} otherwise.
   */
  setCompanyRules(
    company: Pick<Company, 'code' | 'version'>,
    rules: ConnectionRules | undefined,
    audit: AuditEntry,
    transaction: Transaction,
  ): Promise<void>;
  /**
   * Sets an end user's own rules (or removes them, with `undefined`) if the user exists with
   * an unchanged version; bumps the version; audits. Throws {@link VersionConflictError} otherwise.
   */
  setUserRules(
    user: Pick<User, 'companyCode' | 'userCode' | 'version'>,
    rules: ConnectionRules | undefined,
    audit: AuditEntry,
    transaction: Transaction,
  ): Promise<void>;
}

/** The DynamoDB implementation of {@link ConnectionRuleStore}. */
export function dynamoConnectionRuleStore(
  doc: DynamoDBDocumentClient,
  tableName: string,
): ConnectionRuleStore {
  const write = (
    key: Record<string, string>,
    version: number,
    rules: ConnectionRules | undefined,
    audit: AuditEntry,
    transaction: Transaction,
  ) =>
    versionedWrite(
      doc,
      tableName,
      {
        key,
        expectedVersion: version,
        ...(rules ? { set: { connectionRules: rules } } : { remove: ['connectionRules'] }),
        audit,
      },
      transaction,
    );

  return {
    setCompanyRules: (company, rules, audit, transaction) =>
      write(companyKeys.profile(company.code), company.version, rules, audit, transaction),
    setUserRules: (user, rules, audit, transaction) =>
      write(userItemKey(user), user.version, rules, audit, transaction),
  };
}
