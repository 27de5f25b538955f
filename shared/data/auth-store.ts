import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { ChallengePurpose } from '../core/challenge.ts';
import type { Company, User } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { type CredentialStore, dynamoCredentialStore } from './credentials.ts';
import { cancellationReasons, isConditionalCheckFailed, unlessConditionFails } from './errors.ts';
import { challengeKeys, companyKeys, itemData, sessionKeys } from './keys.ts';
import { plainTransaction, type TransactItems, transactRetryingConflicts } from './transact.ts';
import { changeUserItem, userItemKey } from './user-item.ts';

export interface SessionItem {
  companyCode: string;
  userCode: string;
  sessionId: string;
  role: 'admin' | 'user';
  createdAt: string;
  lastSeenAt: string;
  absoluteExpiresAt: string;
  sourceIp: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
}

export interface ChallengeItem {
  companyCode: string;
  userCode: string;
  challengeId: string;
  purpose: ChallengePurpose;
  createdAt: string;
  /** TTL, epoch seconds; also checked on use, since TTL deletion is lazy. */
  expiresAt: number;
}

/** What a request needs to know about its caller, read in one round trip. */
export interface CallerContext {
  /** The user a company-admin route names in its path, read in the same round trip (same company only). */
  target?: User;
  company?: Company;
  user?: User;
  session?: SessionItem;
}

/** The access patterns of login, sessions, challenges and credentials. */
export interface AuthStore extends CredentialStore {
  /**
   * Access pattern: the user, the company and (optionally) the user's session, by codes
   * (one BatchGetItem, strongly consistent).
   */
  getCaller(
    companyCode: string,
    userCode: string,
    withSession: boolean,
    targetUserCode?: string,
  ): Promise<CallerContext>;
  /**
   * Counts a password attempt before the password is checked: atomically increments the
   * credential's failure counter only while it is below the threshold (writing `until` as the
   * end of the lock the attempt would start), so a burst of concurrent guesses gets at most
   * `threshold` verifications. With `restartAfter` (the end of the temporary lock the caller
   * read, now past), the count restarts at 1 instead, once for all concurrent callers. Returns
   * the attempt's number since the last right password (exact under concurrency: the one that
   * reaches the threshold is the one that locks), or false when the credential is locked — or
   * does not exist: an unknown user costs the same one conditional write.
   */
  reservePasswordAttempt(
    user: Pick<User, 'companyCode' | 'userCode'>,
    threshold: number,
    until: string,
    restartAfter?: string,
  ): Promise<number | false>;
  /**
   * Counts a BOP Token code attempt, on the token (apart from the password's counter): as
   * {@link reservePasswordAttempt}, below the threshold only; false when the token is locked.
   */
  reserveCodeAttempt(
    user: Pick<User, 'companyCode' | 'userCode'>,
    threshold: number,
    at: string,
  ): Promise<number | false>;
  /** Success: clears the counter, replaces the session item (ending any previous session) and audits. */
  startSession(session: SessionItem, audit: AuditEntry, clearChallenge: boolean): Promise<void>;
  /** Replaces the user's pending challenge (one per user) and, if given, records the audit entry. */
  putChallenge(challenge: ChallengeItem, clearCounter: boolean, audit?: AuditEntry): Promise<void>;
  /** Deletes the challenge if it is still the given one and unexpired; false if already used or replaced. */
  consumeChallenge(
    companyCode: string,
    userCode: string,
    challengeId: string,
    nowEpoch: number,
  ): Promise<boolean>;
  /**
   * Records an audit entry on its own (refused logins, where nothing else changes) — with the
   * lock that the refused attempt made, if any: its own audit entry and, for a password, what
   * the credential records of it, in the same transaction.
   */
  audit(entry: AuditEntry, lock?: LockRecord): Promise<void>;
  /** Sets the anti-phishing image if the version is unchanged, and audits. */
  setImage(user: User, imageId: string, audit: AuditEntry): Promise<void>;
  /** Refreshes the session's last-seen time (only called when it is over a minute old). */
  touchSession(companyCode: string, userCode: string, sessionId: string, at: string): Promise<void>;
  /** Ends the session if it is still the given one, and audits. */
  endSession(companyCode: string, userCode: string, sessionId: string, audit: AuditEntry): Promise<void>;
  /**
   * Records that a BOP Token code of time step `step` was accepted, and clears the token's
   * failure counter, with the audit entry — only if the token is still ACTIVE with the same sealed
   * secret and `step` is later than the last accepted one (a conditional write on
   * `token.lastAcceptedStep`). False when the condition fails: a replay, a concurrent use of
   * the same code, or a token changed meanwhile. Of two concurrent requests with one code,
   * exactly one gets true.
   */
  acceptOtpStep(
    user: Pick<User, 'companyCode' | 'userCode'>,
    secretCiphertext: string,
    step: number,
    audit: AuditEntry,
    /** Also refuse when the token has `threshold` failures (a code verified without counting an attempt first). */
    threshold?: number,
    /** An action's confirmation: when and in which session, for the company's confirmation window. */
    confirmed?: { at: string; sessionId: string },
  ): Promise<boolean>;
  /**
   * The same acceptance as {@link acceptOtpStep}, as transaction items for another write to
   * carry, also conditioned on the token not being locked (fewer than `threshold` wrong
   * codes): a code verified before a concurrent burst of wrong ones locked the token
   * is then refused, so the lockout bounds the guesses as if each were counted first.
   */
  otpStepItems(
    user: Pick<User, 'companyCode' | 'userCode'>,
    secretCiphertext: string,
    step: number,
    audit: AuditEntry,
    threshold: number,
    confirmed?: { at: string; sessionId: string },
  ): TransactItems;
  /** Clears the password failure counter and audits (a right password refused for another reason, e.g. an inactive token). */
  clearAttempts(user: Pick<User, 'companyCode' | 'userCode'>, audit: AuditEntry): Promise<void>;
  /**
   * Replaces the password hash by a stronger hash of the same password, only while the stored
   * hash is still `currentHash` (a conditional write): a password changed meanwhile is never
   * overwritten. The version is left alone, as nothing the user or the administrator sees
   * changes; the audit entry records it in the same transaction. False when the condition failed.
   */
  upgradePasswordHash(
    user: Pick<User, 'companyCode' | 'userCode'>,
    currentHash: string,
    strongerHash: string,
    audit: AuditEntry,
  ): Promise<boolean>;
}

/** A lock made by a refused attempt, recorded with the refusal. */
export interface LockRecord {
  /** The lock's own audit entry (`CREDENTIAL_LOCKED`). */
  audit: AuditEntry;
  /** A password lock: when, until when (none if permanent), and the locks of the last 24 hours. */
  password?: {
    user: Pick<User, 'companyCode' | 'userCode'>;
    threshold: number;
    until: string;
    at: string;
    history: string[];
    permanent: boolean;
  };
}

/** The DynamoDB implementation of {@link AuthStore}. */
export function dynamoAuthStore(doc: DynamoDBDocumentClient, tableName: string): AuthStore {
  const userKey = (companyCode: string, userCode: string) => userItemKey({ companyCode, userCode });

  /** The accepted step and the cleared counter, if the step is new (and, given a threshold, the credential unlocked). */
  const otpStepItems = (
    user: Pick<User, 'companyCode' | 'userCode'>,
    secretCiphertext: string,
    step: number,
    audit: AuditEntry,
    threshold?: number,
    confirmed?: { at: string; sessionId: string },
  ): TransactItems => [
    {
      Update: {
        TableName: tableName,
        Key: userKey(user.companyCode, user.userCode),
        UpdateExpression: `SET #token.lastAcceptedStep = :step, #token.failedCodes = :zero${
          confirmed ? ', #token.lastConfirmation = :confirmed' : ''
        }`,
        ConditionExpression:
          '#token.#state = :active AND #token.secretCiphertext = :secret AND attribute_exists(credential) AND ' +
          '(attribute_not_exists(#token.lastAcceptedStep) OR #token.lastAcceptedStep < :step)' +
          (threshold === undefined
            ? ''
            : ' AND (attribute_not_exists(#token.failedCodes) OR #token.failedCodes < :threshold)'),
        ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
        ExpressionAttributeValues: {
          ':step': step,
          ':zero': 0,
          ':active': 'ACTIVE',
          ':secret': secretCiphertext,
          ...(threshold === undefined ? {} : { ':threshold': threshold }),
          ...(confirmed ? { ':confirmed': confirmed } : {}),
        },
      },
    },
    auditPut(tableName, audit),
  ];
  return {
    async getCaller(companyCode, userCode, withSession, targetUserCode) {
      const keys = [companyKeys.profile(companyCode), userKey(companyCode, userCode)];
      if (withSession) keys.push(sessionKeys.session(companyCode, userCode));
      const readsTarget = targetUserCode !== undefined && targetUserCode !== userCode;
      if (readsTarget) keys.push(userKey(companyCode, targetUserCode));
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      const items = result.Responses?.[tableName] ?? [];
      const find = (sk: string) => items.find((item) => item.sk === sk);
      if (Object.keys(result.UnprocessedKeys ?? {}).length > 0) {
        throw Object.assign(new Error('Unprocessed keys'), { name: 'ThrottlingException' });
      }
      return {
        company: itemData<Company>(find('PROFILE')),
        user: itemData<User>(find(`USER#${userCode}`)),
        session: itemData<SessionItem>(find(`SESSION#${userCode}`)),
        ...(targetUserCode !== undefined
          ? { target: itemData<User>(find(`USER#${readsTarget ? targetUserCode : userCode}`)) }
          : {}),
      };
    },

    async reservePasswordAttempt(user, threshold, until, restartAfter) {
      const key = userKey(user.companyCode, user.userCode);
      if (restartAfter !== undefined) {
        try {
          await doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: 'SET credential.failedAttempts = :one, credential.lockedUntil = :until',
              ConditionExpression:
                'credential.lockedUntil = :seen AND credential.failedAttempts >= :threshold AND ' +
                '(attribute_not_exists(credential.lockedPermanently) OR credential.lockedPermanently = :false)',
              ExpressionAttributeValues: {
                ':one': 1,
                ':until': until,
                ':seen': restartAfter,
                ':threshold': threshold,
                ':false': false,
              },
            }),
          );
          return 1;
        } catch (error) {
          // Another attempt restarted the count first: this one is counted after it.
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      const counted = await unlessConditionFails(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression:
              'SET credential.failedAttempts = credential.failedAttempts + :one, credential.lockedUntil = :until',
            ConditionExpression: 'attribute_exists(credential) AND credential.failedAttempts < :threshold',
            ExpressionAttributeValues: { ':one': 1, ':threshold': threshold, ':until': until },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return counted && Number(counted.Attributes?.credential?.failedAttempts ?? 1);
    },

    async reserveCodeAttempt(user, threshold, at) {
      const counted = await unlessConditionFails(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(user.companyCode, user.userCode),
            UpdateExpression:
              'SET #token.failedCodes = if_not_exists(#token.failedCodes, :zero) + :one, #token.lastFailedCodeAt = :at',
            ConditionExpression:
              'attribute_exists(#token) AND (attribute_not_exists(#token.failedCodes) OR #token.failedCodes < :threshold)',
            ExpressionAttributeNames: { '#token': 'token' },
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':threshold': threshold, ':at': at },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return counted && Number(counted.Attributes?.token?.failedCodes ?? 1);
    },

    async startSession(session, audit, clearChallenge) {
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Update: {
            TableName: tableName,
            Key: userKey(session.companyCode, session.userCode),
            UpdateExpression: 'SET credential.failedAttempts = :zero, lastLoginAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':zero': 0, ':at': session.createdAt },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...sessionKeys.session(session.companyCode, session.userCode),
              entity: 'Session',
              ...session,
            },
          },
        },
        auditPut(tableName, audit),
      ];
      if (clearChallenge) {
        items.push({
          Delete: {
            TableName: tableName,
            Key: challengeKeys.challenge(session.companyCode, session.userCode),
          },
        });
      }
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
    },

    async putChallenge(challenge, clearCounter, audit) {
      const put = {
        Put: {
          TableName: tableName,
          Item: {
            ...challengeKeys.challenge(challenge.companyCode, challenge.userCode),
            entity: 'Challenge',
            ...challenge,
          },
        },
      };
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        put,
      ];
      if (clearCounter) {
        items.push({
          Update: {
            TableName: tableName,
            Key: userKey(challenge.companyCode, challenge.userCode),
            UpdateExpression: 'SET credential.failedAttempts = :zero',
            ConditionExpression: 'attribute_exists(credential)',
            ExpressionAttributeValues: { ':zero': 0 },
          },
        });
      }
      if (audit) items.push(auditPut(tableName, audit));
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
    },

    async consumeChallenge(companyCode, userCode, challengeId, nowEpoch) {
      const deleted = await unlessConditionFails(
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: challengeKeys.challenge(companyCode, userCode),
            ConditionExpression: 'challengeId = :id AND expiresAt > :now',
            ExpressionAttributeValues: { ':id': challengeId, ':now': nowEpoch },
          }),
        ),
      );
      return deleted !== false;
    },

    async audit(entry, lock) {
      const audits = [auditPut(tableName, entry), ...(lock ? [auditPut(tableName, lock.audit)] : [])];
      const password = lock?.password;
      if (!password) {
        await doc.send(new TransactWriteCommand({ TransactItems: audits }));
        return;
      }
      const record = {
        Update: {
          TableName: tableName,
          Key: userKey(password.user.companyCode, password.user.userCode),
          UpdateExpression:
            'SET credential.lockedAt = :at, credential.lockHistory = :history, credential.lockedPermanently = :permanent',
          // Only the lock this attempt made: not one a right password has cleared since.
          ConditionExpression: 'credential.failedAttempts >= :threshold AND credential.lockedUntil = :until',
          ExpressionAttributeValues: {
            ':at': password.at,
            ':history': password.history,
            ':permanent': password.permanent,
            ':threshold': password.threshold,
            ':until': password.until,
          },
        },
      };
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: [record, ...audits] }));
      } catch (error) {
        if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') throw error;
        await doc.send(new TransactWriteCommand({ TransactItems: audits }));
      }
    },

    ...dynamoCredentialStore(doc, tableName),

    async setImage(user, imageId, audit) {
      await changeUserItem(doc, tableName, user, { set: { imageId } }, audit, plainTransaction);
    },

    async touchSession(companyCode, userCode, sessionId, at) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKeys.session(companyCode, userCode),
            UpdateExpression: 'SET lastSeenAt = :at',
            ConditionExpression: 'sessionId = :sid',
            ExpressionAttributeValues: { ':at': at, ':sid': sessionId },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    async endSession(companyCode, userCode, sessionId, audit) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName,
                  Key: sessionKeys.session(companyCode, userCode),
                  ConditionExpression: 'sessionId = :sid',
                  ExpressionAttributeValues: { ':sid': sessionId },
                },
              },
              auditPut(tableName, audit),
            ],
          }),
        );
      } catch (error) {
        if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') throw error;
      }
    },

    otpStepItems,

    async acceptOtpStep(user, secretCiphertext, step, audit, threshold, confirmed) {
      // A concurrent use of the same code is retried, not refused as a conflict: the retry sees
      // the winner's step and fails its condition.
      try {
        await transactRetryingConflicts(
          doc,
          otpStepItems(user, secretCiphertext, step, audit, threshold, confirmed),
        );
        return true;
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async clearAttempts(user, audit) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: userKey(user.companyCode, user.userCode),
                UpdateExpression: 'SET credential.failedAttempts = :zero',
                ConditionExpression: 'attribute_exists(credential)',
                ExpressionAttributeValues: { ':zero': 0 },
              },
            },
            auditPut(tableName, audit),
          ],
        }),
      );
    },

    async upgradePasswordHash(user, currentHash, strongerHash, audit) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: userKey(user.companyCode, user.userCode),
                  UpdateExpression: 'SET credential.passwordHash = :stronger',
                  ConditionExpression: 'credential.passwordHash = :current',
                  ExpressionAttributeValues: { ':stronger': strongerHash, ':current': currentHash },
                },
              },
              auditPut(tableName, audit),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },
  };
}
