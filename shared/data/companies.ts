import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { Company, User } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { AlreadyExistsError, cancellationReasons } from './errors.ts';
import { companyKeys, itemData } from './keys.ts';
import { newUserPut, userItemKey } from './user-item.ts';

/** Company and user items in the company's partition. */
export interface CompanyStore {
  /** Access pattern: get a company by code (GetItem COMPANY#c / PROFILE). */
  getCompany(code: string): Promise<Company | undefined>;
  /** Access pattern: get a user by company and code (GetItem COMPANY#c / USER#u). */
  getUser(companyCode: string, userCode: string): Promise<User | undefined>;
  /** Creates a company and its administrator, each only if absent, with the audit entry. */
  createCompanyWithAdministrator(
    company: Company,
    administrator: User,
    audit: AuditEntry,
    moreAdministrators?: readonly User[],
  ): Promise<void>;
}

/** The DynamoDB implementation of {@link CompanyStore}. */
export function dynamoCompanyStore(doc: DynamoDBDocumentClient, tableName: string): CompanyStore {
  return {
    async getCompany(code) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: companyKeys.profile(code), ConsistentRead: true }),
      );
      return itemData<Company>(Item);
    },

    async getUser(companyCode, userCode) {
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: userItemKey({ companyCode: companyCode, userCode: userCode }),
          ConsistentRead: true,
        }),
      );
      return itemData<User>(Item);
    },

    async createCompanyWithAdministrator(company, administrator, audit, moreAdministrators = []) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...companyKeys.profile(company.code),
                    ...companyKeys.registry(company.code),
                    entity: 'Company',
                    ...company,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              newUserPut(tableName, administrator),
              auditPut(tableName, audit),
              ...moreAdministrators.map((more) => newUserPut(tableName, more)),
            ],
          }),
        );
      } catch (error) {
        const reasons = cancellationReasons(error);
        // The administrator's item is in the company's partition: either taken means the company code is.
        if (reasons[0] === 'ConditionalCheckFailed' || reasons[1] === 'ConditionalCheckFailed')
          throw new AlreadyExistsError('company', { companyCode: company.code });
        throw error;
      }
    },
  };
}
