import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Profile, UserState } from '../domain/model.ts';
import { allOptionIds } from '../domain/options-catalog.ts';
import { companyKeys, userKeys } from './keys.ts';

/** What the approvals warning needs of each user of a company (docs/entitlements.md, §3). */
export interface ApproverSummary {
  userCode: string;
  state: UserState;
  profile?: Profile;
  options: string[];
}

/**
 * Access pattern: the company's users with their state, profile and options (one Query on the
 * company partition, `begins_with(sk, 'USER#')`, projected), page after page.
 */
export function dynamoApproverQuery(doc: DynamoDBDocumentClient, tableName: string) {
  return async (companyCode: string): Promise<ApproverSummary[]> => {
    const found: ApproverSummary[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#profile': 'profile',
            '#p': 'permissions',
            '#options': 'options',
          },
          ExpressionAttributeValues: {
            ':pk': companyKeys.partition(companyCode),
            ':prefix': userKeys.prefix,
          },
          ProjectionExpression: 'userCode, #state, #profile, #p.#options, #p.allOptions',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        found.push({
          userCode: String(item.userCode),
          state: item.state as UserState,
          ...(item.profile ? { profile: item.profile as Profile } : {}),
          // "Incluir todas las Opciones" is stored as "all" (issue 18).
          options: item.permissions?.allOptions
            ? [...allOptionIds]
            : ((item.permissions?.options as string[] | undefined) ?? []),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  };
}
