import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { Company, Permissions, User } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { queryCompanyUsers } from './company-users.ts';
import { cancellationReasons, VersionConflictError } from './errors.ts';
import { companyKeys, itemData } from './keys.ts';
import { plainTransaction, type TransactItems, transactWrite } from './transact.ts';
import { changeUserItem, userItemKey } from './user-item.ts';

/** The most items one DynamoDB transaction holds. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A change too large for one transaction (the caller refuses it rather than splitting it). */
export class TransactionTooLargeError extends Error {
  constructor(readonly items: number) {
    super(`A change of ${items} items does not fit in one transaction`);
  }
}

/** A user as the bank's company changes see them: the grants an account removal rewrites. */
export type GrantHolder = Pick<User, 'userCode' | 'role' | 'state' | 'email' | 'version' | 'permissions'>;

/** A user as the dormancy job sees them: when they were last active. */
export type ActivityRow = Pick<
  User,
  | 'companyCode'
  | 'userCode'
  | 'role'
  | 'state'
  | 'email'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'lastLoginAt'
>;

/** One user's grants rewritten in a company change, with the audit entry of that user. */
export interface GrantRewrite {
  user: Pick<User, 'userCode' | 'version'>;
  permissions: Permissions;
  audit: AuditEntry;
}

/**
 * The access patterns of the bank's back office on a company after onboarding. Every company is registered in gsi1 (`gsi1pk = COMPANIES`, `gsi1sk = code`) when
 * it is onboarded or changed, so the bank pages through them without a Scan.
 */
export interface CompanyAdminStore {
  /** Access pattern: companies in code order after `after` (Query gsi1 `COMPANIES`), at most `limit`. */
  listCompanies(limit: number, after?: string): Promise<{ items: Company[]; more: boolean }>;
  /** Access pattern: every user of a company with their grants (Query `COMPANY#c`, `begins_with(sk, 'USER#')`). */
  listGrantHolders(companyCode: string): Promise<GrantHolder[]>;
  /**
   * Changes the company (set and remove top-level attributes) if its version is unchanged,
   * bumps the version, and in the same transaction rewrites each given user's grants (each
   * if its version is unchanged) and writes every audit entry: all or nothing. Throws
   * {@link VersionConflictError} when a condition fails, {@link TransactionTooLargeError}
   * when it would not fit in one transaction.
   */
  changeCompany(
    company: Pick<Company, 'code' | 'version'>,
    change: { set?: Record<string, unknown>; remove?: string[] },
    audit: AuditEntry,
    rewrites?: GrantRewrite[],
  ): Promise<void>;
  /** Access pattern: every user of a company with when they were last active (Query `COMPANY#c`, `USER#`). */
  listActivity(companyCode: string): Promise<ActivityRow[]>;
  /** Sets a user's top-level attributes if its version is unchanged; bumps the version; audits. */
  changeUser(
    user: Pick<User, 'companyCode' | 'userCode' | 'version'>,
    set: Record<string, unknown>,
    audit: AuditEntry,
  ): Promise<void>;
}

/** The registry's gsi1 partition: every company. */
export const COMPANY_REGISTRY = companyKeys.registry('').gsi1pk;

/** The DynamoDB implementation of {@link CompanyAdminStore}. */
export function dynamoCompanyAdminStore(doc: DynamoDBDocumentClient, tableName: string): CompanyAdminStore {
  /** Every user item of a company, strongly consistent: a change over all of them follows. */
  const userItems = (companyCode: string, attributes: readonly string[]) =>
    queryCompanyUsers(doc, tableName, companyCode, attributes, { consistent: true });

  return {
    async listCompanies(limit, after) {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': COMPANY_REGISTRY, ...(after ? { ':after': after } : {}) },
          Limit: limit + 1,
        }),
      );
      const items = (page.Items ?? []).map((item) => itemData<Company>(item));
      return { items: items.slice(0, limit), more: items.length > limit };
    },

    async listGrantHolders(companyCode) {
      return (await userItems(companyCode, [
        'userCode',
        '#role',
        '#state',
        'email',
        '#version',
        '#permissions',
      ])) as GrantHolder[];
    },

    async listActivity(companyCode) {
      return (await userItems(companyCode, [
        'companyCode',
        'userCode',
        '#role',
        '#state',
        'email',
        '#version',
        'createdAt',
        'updatedAt',
        'lastLoginAt',
      ])) as ActivityRow[];
    },

    async changeUser(user, set, audit) {
      await changeUserItem(doc, tableName, user, { set }, audit, plainTransaction);
    },

    async changeCompany(company, change, audit, rewrites = []) {
      const names: Record<string, string> = { '#version': 'version' };
      const values: Record<string, unknown> = {
        ':expected': company.version,
        ':one': 1,
        ':registry': COMPANY_REGISTRY,
        ':code': company.code,
      };
      const sets = ['#version = #version + :one', 'gsi1pk = :registry', 'gsi1sk = :code'];
      for (const [name, value] of Object.entries(change.set ?? {})) {
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        sets.push(`#${name} = :${name}`);
      }
      for (const name of change.remove ?? []) names[`#${name}`] = name;
      const remove = change.remove?.length ? ` REMOVE ${change.remove.map((n) => `#${n}`).join(', ')}` : '';
      const items: TransactItems = [
        {
          Update: {
            TableName: tableName,
            Key: companyKeys.profile(company.code),
            UpdateExpression: `SET ${sets.join(', ')}${remove}`,
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        auditPut(tableName, audit),
      ];
      for (const rewrite of rewrites) {
        items.push(
          {
            Update: {
              TableName: tableName,
              Key: userItemKey({ companyCode: company.code, userCode: rewrite.user.userCode }),
              UpdateExpression: 'SET #permissions = :permissions, #version = #version + :one',
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#permissions': 'permissions', '#version': 'version' },
              ExpressionAttributeValues: {
                ':permissions': rewrite.permissions,
                ':expected': rewrite.user.version,
                ':one': 1,
              },
            },
          },
          auditPut(tableName, rewrite.audit),
        );
      }
      if (items.length > MAX_TRANSACTION_ITEMS) throw new TransactionTooLargeError(items.length);
      try {
        await transactWrite(doc, items, plainTransaction);
      } catch (error) {
        if (cancellationReasons(error).includes('ConditionalCheckFailed')) throw new VersionConflictError();
        throw error;
      }
    },
  };
}
