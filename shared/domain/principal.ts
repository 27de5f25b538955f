import type { ChallengePurpose } from '../core/challenge.ts';
import type { Company, User } from './model.ts';

/** Who is calling, once authenticated. Session principals come with the login issue. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'bank'; arn: string }
  | {
      kind: 'user';
      company: Company;
      user: User;
      sessionId: string;
      /**
       * The user named by the route's `{userCode}`, read with the caller (companyAdmin routes):
       * `null` when there is no such user in the caller's company, absent when the path names none.
       */
      target?: User | null;
    }
  | { kind: 'challenge'; company: Company; user: User; purpose: ChallengePurpose; challengeId: string };
