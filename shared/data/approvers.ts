import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Profile, UserState } from '../domain/model.ts';
import { allOptionIds } from '../domain/options-catalog.ts';
import { queryCompanyUsers } from './company-users.ts';

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
    const items = await queryCompanyUsers(doc, tableName, companyCode, [
      'userCode',
      '#state',
      '#profile',
      '#permissions.#options',
      '#permissions.allOptions',
    ]);
    return items.map((item) => ({
      userCode: String(item.userCode),
      state: item.state as UserState,
      ...(item.profile ? { profile: item.profile as Profile } : {}),
      // "Incluir todas las Opciones" is stored as "all".
      options: item.permissions?.allOptions
        ? [...allOptionIds]
        : ((item.permissions?.options as string[] | undefined) ?? []),
    }));
  };
}
