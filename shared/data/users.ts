import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import { type CredentialLock, passwordLock, tokenLock } from '../domain/credential.ts';
import type { User, UserState } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { queryCompanyUsers } from './company-users.ts';
import { AlreadyExistsError, cancellationReasons } from './errors.ts';
import { auditKeys, itemData, sessionKeys } from './keys.ts';
import { plainTransaction, type Transaction, transactWrite } from './transact.ts';
import { changeUserItem, newUserPut, userItemKey } from './user-item.ts';

/** The fields of a user that the list screens show (and filter on). */
export type UserSummary = Pick<
  User,
  'userCode' | 'firstName' | 'lastName' | 'createdBy' | 'createdAt' | 'state' | 'role'
> & {
  locked: boolean;
  lock?: CredentialLock;
  tokenState: string;
  tokenLock?: CredentialLock;
};

export interface AuditPage {
  items: AuditEntry[];
  lastKey?: Record<string, unknown>;
}

/** The access patterns of user administration. */
export interface UserStore {
  /**
   * Creates the user only if the code is free in the company, with its audit entries (one per
   * action: created, password assigned, activated), in `transaction`.
   */
  create(user: User, audit: AuditEntry | readonly AuditEntry[], transaction: Transaction): Promise<void>;
  /**
   * Creates several users with their audit entries and `extra` entries in one transaction (at
   * most 100 items in all); a code already taken refuses it all (USER_EXISTS for that code).
   */
  createMany(
    records: readonly { user: User; audits: readonly AuditEntry[] }[],
    extra: readonly AuditEntry[],
    transaction: Transaction,
  ): Promise<void>;
  /**
   * Access pattern: the company's user codes, each with the bulk creation that created it if
   * any (Query on the company partition, `begins_with(sk, 'USER#')`, two attributes).
   */
  importTags(companyCode: string): Promise<Map<string, string | undefined>>;
  /** Access pattern: whether the company has a user with this code (GetItem, key only). */
  exists(companyCode: string, userCode: string): Promise<boolean>;
  /**
   * Sets the given top-level attributes if the version is unchanged (optimistic locking),
   * bumps the version, audits, in `transaction`; `endSession` also deletes the user's session item.
   */
  update(
    user: Pick<User, 'companyCode' | 'userCode' | 'version'>,
    changes: Partial<User>,
    audit: AuditEntry,
    transaction: Transaction,
    options?: { endSession?: boolean },
  ): Promise<void>;
  /**
   * Access pattern: every user of a company (Query on the company partition,
   * `begins_with(sk, 'USER#')`, list fields only), in user-code order.
   */
  listSummaries(companyCode: string, lockoutThreshold: number, now: Date): Promise<UserSummary[]>;
  /**
   * Access pattern: the company's audit entries, newest first (Query `AUDIT#<company>`), or
   * those concerning one user (Query on gsi1 `AUDIT#<company>#USER#<user>`), within a time range.
   */
  listAudit(
    companyCode: string,
    options: { user?: string; from?: string; to?: string; limit: number; startKey?: Record<string, unknown> },
  ): Promise<AuditPage>;
  /** Records an audit entry that goes with no change (an export), in a transaction of its own. */
  audit(entry: AuditEntry): Promise<void>;
}

const SUMMARY_ATTRIBUTES = [
  'userCode',
  'firstName',
  'lastName',
  'createdBy',
  'createdAt',
  '#state',
  '#role',
  'credential.failedAttempts',
  'credential.lockedAt',
  'credential.lockedUntil',
  'credential.lockedPermanently',
  '#token.#state',
  '#token.failedCodes',
  '#token.lastFailedCodeAt',
];

/** The DynamoDB implementation of {@link UserStore}. */
export function dynamoUserStore(doc: DynamoDBDocumentClient, tableName: string): UserStore {
  return {
    async create(user, audit, transaction) {
      try {
        await transactWrite(
          doc,
          [
            newUserPut(tableName, user),
            ...(Array.isArray(audit) ? audit : [audit]).map((entry: AuditEntry) =>
              auditPut(tableName, entry),
            ),
          ],
          transaction,
        );
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed')
          throw new AlreadyExistsError('user', { userCode: user.userCode });
        throw error;
      }
    },

    async createMany(records, extra, transaction) {
      const items = records.flatMap(({ user, audits }) => [
        newUserPut(tableName, user),
        ...audits.map((entry) => auditPut(tableName, entry)),
      ]);
      try {
        await transactWrite(
          doc,
          [...items, ...extra.map((entry) => auditPut(tableName, entry))],
          transaction,
        );
      } catch (error) {
        const failed = cancellationReasons(error).indexOf('ConditionalCheckFailed');
        const item = failed >= 0 ? items[failed] : undefined;
        const put = item?.Put?.Item as Record<string, unknown> | undefined;
        const userCode = put?.entity === 'User' ? String(put.userCode) : undefined;
        if (userCode) throw new AlreadyExistsError('user', { userCode });
        throw error;
      }
    },

    async importTags(companyCode) {
      const items = await queryCompanyUsers(doc, tableName, companyCode, ['userCode', 'importId']);
      return new Map(items.map((item) => [String(item.userCode), item.importId as string | undefined]));
    },

    async exists(companyCode, userCode) {
      const found = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: userItemKey({ companyCode: companyCode, userCode: userCode }),
          ProjectionExpression: 'pk',
        }),
      );
      return found.Item !== undefined;
    },

    async update(user, changes, audit, transaction, options = {}) {
      const alsoDelete = options.endSession ? [sessionKeys.session(user.companyCode, user.userCode)] : [];
      await changeUserItem(doc, tableName, user, { set: changes, alsoDelete }, audit, transaction);
    },

    async listSummaries(companyCode, lockoutThreshold, now) {
      const items = await queryCompanyUsers(doc, tableName, companyCode, SUMMARY_ATTRIBUTES);
      return items.map((item) => {
        const lock = passwordLock(item.credential, lockoutThreshold, now);
        const codesLock = tokenLock(item.token, lockoutThreshold);
        return {
          userCode: item.userCode,
          firstName: item.firstName,
          lastName: item.lastName,
          createdBy: item.createdBy,
          createdAt: item.createdAt,
          state: item.state as UserState,
          role: item.role,
          locked: Boolean(lock),
          ...(lock ? { lock } : {}),
          tokenState: item.token?.state ?? 'NONE',
          ...(codesLock ? { tokenLock: codesLock } : {}),
        };
      });
    },

    async listAudit(companyCode, options) {
      const byUser = options.user !== undefined;
      const pkName = byUser ? 'gsi1pk' : 'pk';
      const skName = byUser ? 'gsi1sk' : 'sk';
      const values: Record<string, unknown> = {
        ':pk': byUser
          ? auditKeys.byUser(companyCode, options.user as string)
          : auditKeys.partition(companyCode),
      };
      let range = '';
      if (options.from || options.to) {
        values[':from'] = options.from ?? '0000';
        values[':to'] = options.to ? `${options.to}T23:59:59.999Z~` : '9999';
        range = ` AND ${skName} BETWEEN :from AND :to`;
      }
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          ...(byUser ? { IndexName: 'gsi1' } : {}),
          KeyConditionExpression: `${pkName} = :pk${range}`,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: options.startKey,
        }),
      );
      const items = (page.Items ?? []).map((item) => itemData<AuditEntry>(item));
      return { items, ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
    },

    async audit(entry) {
      await transactWrite(doc, [auditPut(tableName, entry)], plainTransaction);
    },
  };
}
