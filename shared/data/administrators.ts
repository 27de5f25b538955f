import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { AdministratorRow } from '../domain/administrators.ts';
import type { User } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { queryCompanyUsers } from './company-users.ts';
import { AlreadyExistsError, cancellationReasons, VersionConflictError } from './errors.ts';
import { challengeKeys, companyKeys, sessionKeys } from './keys.ts';
import { plainTransaction, type Transaction, transactWrite } from './transact.ts';
import { newUserPut, userItemKey } from './user-item.ts';
import { versionCheck, versionIs } from './versioned.ts';

export type { AdministratorRow };

/**
 * The access patterns of several administrators per company (docs/administrators.md).
 * | pattern | how |
 * | --- | --- |
 * | the company's administrators | Query `COMPANY#c`, `begins_with(sk, 'USER#')`, consistent, filtered by role in code |
 * | add one | TransactWriteItems: Put user (new), ConditionCheck company exists, Put audit |
 * | remove one | TransactWriteItems: Delete user (version), Delete its session and challenge, ConditionCheck the administrator who stays (version), Update company when the principal changes (version), Put audit |
 */
export interface AdministratorStore {
  list(companyCode: string): Promise<AdministratorRow[]>;
  add(administrator: User, audit: AuditEntry, transaction: Transaction): Promise<void>;
  remove(
    companyCode: string,
    removed: Pick<User, 'userCode' | 'version'>,
    keeper: Pick<User, 'userCode' | 'version'>,
    audit: AuditEntry,
    principal?: { companyVersion: number; newPrincipal: string },
  ): Promise<void>;
  /** Records an audit entry on its own (a refused removal). */
  audit(entry: AuditEntry): Promise<void>;
}

/** The DynamoDB implementation of {@link AdministratorStore}. */
export function dynamoAdministratorStore(doc: DynamoDBDocumentClient, tableName: string): AdministratorStore {
  return {
    async list(companyCode) {
      const items = await queryCompanyUsers(
        doc,
        tableName,
        companyCode,
        ['userCode', '#role', '#state', 'email', 'firstName', 'lastName', '#version', '#token', 'credential'],
        { consistent: true },
      );
      return (items as AdministratorRow[]).filter((user) => user.role === 'admin');
    },

    async add(administrator, audit, transaction) {
      try {
        // transactWrite: a proposing administrator's confirmation rides in it (the bank's has none).
        await transactWrite(
          doc,
          [
            newUserPut(tableName, administrator),
            {
              ConditionCheck: {
                TableName: tableName,
                Key: companyKeys.profile(administrator.companyCode),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            auditPut(tableName, audit),
          ],
          transaction,
        );
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed')
          throw new AlreadyExistsError('user', { userCode: administrator.userCode });
        throw error;
      }
    },

    async audit(entry) {
      await doc.send(new PutCommand(auditPut(tableName, entry).Put));
    },

    async remove(companyCode, removed, keeper, audit, principal) {
      try {
        await transactWrite(
          doc,
          [
            {
              Delete: {
                TableName: tableName,
                Key: userItemKey({ companyCode, userCode: removed.userCode }),
                ...versionIs(removed.version),
              },
            },
            // Their session and pending login step end with them.
            { Delete: { TableName: tableName, Key: sessionKeys.session(companyCode, removed.userCode) } },
            { Delete: { TableName: tableName, Key: challengeKeys.challenge(companyCode, removed.userCode) } },
            // The administrator who stays must still be as read: active, with an installed token.
            versionCheck(tableName, userItemKey({ companyCode, userCode: keeper.userCode }), keeper.version),
            ...(principal
              ? [
                  {
                    Update: {
                      TableName: tableName,
                      Key: companyKeys.profile(companyCode),
                      UpdateExpression: 'SET administratorCode = :p, #version = #version + :one',
                      ConditionExpression: '#version = :v',
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: {
                        ':p': principal.newPrincipal,
                        ':one': 1,
                        ':v': principal.companyVersion,
                      },
                    },
                  },
                ]
              : []),
            auditPut(tableName, audit),
          ],
          // Only the bank removes administrators: no confirmation rides in it.
          plainTransaction,
        );
      } catch (error) {
        if (cancellationReasons(error).includes('ConditionalCheckFailed')) throw new VersionConflictError();
        throw error;
      }
    },
  };
}
