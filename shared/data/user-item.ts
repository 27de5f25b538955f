import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { User } from '../domain/model.ts';
import { userKeys } from './keys.ts';
import type { Transaction } from './transact.ts';
import { versionedWrite } from './versioned.ts';

/** Which user an item belongs to. */
type UserRef = Pick<User, 'companyCode' | 'userCode'>;

/**
 * The User item (`COMPANY#<company> / USER#<user>`, entity `User`, attributes as in
 * {@link User}): its key, the item a new user is stored as, and a versioned change of its
 * top-level attributes. Every store that reads, checks or writes a user's item (users,
 * credentials, tokens, administrators, companies, operations, connection controls, the
 * bank's administration, the login) names it through here.
 */
export const userItemKey = (user: UserRef) => userKeys.profile(user.companyCode, user.userCode);

/** The item a new user is stored as. */
export const newUserItem = (user: User) => ({ ...userItemKey(user), entity: 'User' as const, ...user });

/** The transaction item that stores a new user only if the company has no user with that code. */
export const newUserPut = (tableName: string, user: User) => ({
  Put: {
    TableName: tableName,
    Item: newUserItem(user),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * Sets (and removes) top-level attributes of the user item if its version is the one read,
 * bumps the version and audits, in `transaction` (`versionedWrite`); `alsoDelete` items go in
 * the same transaction (the user's session, a pending challenge).
 */
export function changeUserItem(
  doc: DynamoDBDocumentClient,
  tableName: string,
  user: UserRef & Pick<User, 'version'>,
  change: { set?: Partial<User>; remove?: (keyof User)[]; alsoDelete?: Record<string, string>[] },
  audit: AuditEntry,
  transaction: Transaction,
) {
  return versionedWrite(
    doc,
    tableName,
    {
      key: userItemKey(user),
      expectedVersion: user.version,
      ...(change.set ? { set: change.set } : {}),
      ...(change.remove ? { remove: change.remove } : {}),
      audit,
      ...(change.alsoDelete ? { alsoDelete: change.alsoDelete } : {}),
    },
    transaction,
  );
}
