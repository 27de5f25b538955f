import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { BopToken, Company, CompanySettings, User, UserState } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { queryCompanyUsers } from './company-users.ts';
import { cancellationReasons, VersionConflictError } from './errors.ts';
import { companyKeys } from './keys.ts';
import { type TransactItems, type Transaction, transactWrite } from './transact.ts';
import { userItemKey } from './user-item.ts';

/** A user as the token administration screen (step 24) lists them: never the sealed secret. */
export interface TokenHolder {
  userCode: string;
  firstName: string;
  lastName: string;
  role: User['role'];
  state: UserState;
  token?: Pick<
    BopToken,
    'state' | 'requestedAt' | 'installedAt' | 'changedAt' | 'changedBy' | 'failedCodes' | 'lastFailedCodeAt'
  >;
}

/**
 * The access patterns of the BOP Token lifecycle and of the company's OTP settings. The
 * token lives on the user item (`COMPANY#c / USER#u`, attribute `token`), so the caller read
 * of every request carries it; OTP acceptances on an active token go through
 * `AuthStore.acceptOtpStep`.
 */
export interface TokenStore {
  /**
   * Puts a new token (replacing a requested or cancelled one, with a fresh secret and no
   * accepted step) if the user's version is unchanged; bumps the version; audits.
   */
  putToken(
    user: Pick<User, 'companyCode' | 'userCode' | 'version'>,
    token: BopToken,
    audit: AuditEntry,
    transaction: Transaction,
  ): Promise<void>;
  /**
   * Sets the given token fields if the user's version is unchanged; bumps the version; audits.
   * With `acceptedStep`, also only if that step is later than the last accepted one: it
   * becomes the last accepted step and the token's wrong-code counter clears (a code was proven).
   * With `clearCodeLock`, the wrong-code counter clears too (re-activation, step 24).
   * `removeSecret` deletes the sealed secret (cancellation).
   * Throws {@link VersionConflictError} when a condition fails.
   */
  updateToken(
    user: Pick<User, 'companyCode' | 'userCode' | 'version'>,
    changes: Partial<Omit<BopToken, 'secretCiphertext' | 'lastAcceptedStep'>>,
    audit: AuditEntry,
    transaction: Transaction,
    options?: { acceptedStep?: number; removeSecret?: boolean; clearCodeLock?: boolean },
  ): Promise<void>;
  /**
   * Access pattern: every user of a company with their token state (Query `COMPANY#c`,
   * `begins_with(sk, 'USER#')`, projected to the listed fields), in user-code order.
   */
  listHolders(companyCode: string): Promise<TokenHolder[]>;
  /** Replaces the company's settings if its version is unchanged; bumps the version; audits. */
  updateSettings(
    company: Pick<Company, 'code' | 'version'>,
    settings: CompanySettings,
    audit: AuditEntry,
    transaction: Transaction,
  ): Promise<void>;
}

const HOLDER_ATTRIBUTES = [
  'userCode',
  'firstName',
  'lastName',
  '#role',
  '#state',
  '#token.#state',
  '#token.requestedAt',
  '#token.installedAt',
  '#token.changedAt',
  '#token.changedBy',
  '#token.failedCodes',
  '#token.lastFailedCodeAt',
];

/** The DynamoDB implementation of {@link TokenStore}. */
export function dynamoTokenStore(doc: DynamoDBDocumentClient, tableName: string): TokenStore {
  const send = async (items: TransactItems, transaction: Transaction) => {
    try {
      await transactWrite(doc, items, transaction);
    } catch (error) {
      if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') throw new VersionConflictError();
      throw error;
    }
  };

  return {
    async putToken(user, token, audit, transaction) {
      await send(
        [
          {
            Update: {
              TableName: tableName,
              Key: userItemKey(user),
              UpdateExpression: 'SET #token = :token, #version = #version + :one',
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#token': 'token', '#version': 'version' },
              ExpressionAttributeValues: { ':token': token, ':expected': user.version, ':one': 1 },
            },
          },
          auditPut(tableName, audit),
        ],
        transaction,
      );
    },

    async updateToken(user, changes, audit, transaction, options = {}) {
      const names: Record<string, string> = { '#token': 'token', '#version': 'version' };
      const values: Record<string, unknown> = { ':expected': user.version, ':one': 1 };
      const sets = ['#version = #version + :one'];
      for (const [index, [field, value]] of Object.entries(changes).entries()) {
        if (value === undefined) continue;
        names[`#t${index}`] = field;
        values[`:t${index}`] = value;
        sets.push(`#token.#t${index} = :t${index}`);
      }
      let condition = '#version = :expected AND attribute_exists(#token)';
      if (options.acceptedStep !== undefined) {
        values[':step'] = options.acceptedStep;
        values[':zero'] = 0;
        sets.push('#token.lastAcceptedStep = :step', '#token.failedCodes = :zero');
        condition +=
          ' AND attribute_exists(credential) AND ' +
          '(attribute_not_exists(#token.lastAcceptedStep) OR #token.lastAcceptedStep < :step)';
      }
      if (options.clearCodeLock && options.acceptedStep === undefined) {
        values[':zero'] = 0;
        sets.push('#token.failedCodes = :zero');
      }
      const remove = options.removeSecret ? ' REMOVE #token.secretCiphertext' : '';
      await send(
        [
          {
            Update: {
              TableName: tableName,
              Key: userItemKey(user),
              UpdateExpression: `SET ${sets.join(', ')}${remove}`,
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          auditPut(tableName, audit),
        ],
        transaction,
      );
    },

    async listHolders(companyCode) {
      const items = await queryCompanyUsers(doc, tableName, companyCode, HOLDER_ATTRIBUTES);
      return items.map((item) => ({
        userCode: item.userCode,
        firstName: item.firstName,
        lastName: item.lastName,
        role: item.role,
        state: item.state,
        ...(item.token ? { token: item.token } : {}),
      }));
    },

    async updateSettings(company, settings, audit, transaction) {
      await send(
        [
          {
            Update: {
              TableName: tableName,
              Key: companyKeys.profile(company.code),
              UpdateExpression: 'SET settings = :settings, #version = #version + :one',
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':settings': settings, ':expected': company.version, ':one': 1 },
            },
          },
          auditPut(tableName, audit),
        ],
        transaction,
      );
    },
  };
}
