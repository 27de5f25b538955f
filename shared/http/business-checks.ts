import type { APIGatewayProxyEvent } from 'aws-lambda';
import { assignPasswordBody } from '../contracts/auth.ts';
import { validFields } from '../contracts/common.ts';
import { changeStateBody, createUserBody, updateUserBody } from '../contracts/users.ts';
import type { Problem } from '../core/problems.ts';
import type { PasswordPolicy } from '../domain/password-policy.ts';
import type { Principal } from '../domain/principal.ts';
import { newPasswordIssues } from '../services/credentials.ts';
import { tokenStateProblems } from '../services/tokens.ts';
import {
  createUserProblems,
  stateChangeProblems,
  type UserAdminDeps,
  updateUserProblems,
} from '../services/users.ts';
import { parseOrThrow } from './validation.ts';

/**
 * The business checks of the user-administration routes, run on the valid fields of a body that
 * breaks its schema (`alsoJudge` in `shared/http/middleware.ts`): so that one answer lists every
 * problem. Each is the use case's own check, reading only.
 */
type Judge = (request: {
  body: unknown;
  principal: Principal;
  event: APIGatewayProxyEvent;
}) => Promise<Problem[]>;

/** The end user the path names, if the caller's company has one (the use case answers otherwise). */
const endUserTarget = (principal: Principal) =>
  principal.kind === 'user' && principal.target && principal.target.role !== 'admin'
    ? principal.target
    : undefined;

/** POST /users: permissions, accounts of the company, a user code already taken, the assigned password, activating. */
export const judgeCreateUser =
  (deps: UserAdminDeps): Judge =>
  async ({ body, principal }) =>
    principal.kind === 'user'
      ? (
          await createUserProblems(deps, principal.company, validFields(createUserBody, body), {
            othersFound: true,
          })
        ).problems
      : [];

/** PATCH /users/{userCode}: the version read and the permissions. */
export const judgeUpdateUser =
  (): Judge =>
  async ({ body, principal }) => {
    const target = endUserTarget(principal);
    if (!target || principal.kind !== 'user') return [];
    return updateUserProblems(principal.company, target, validFields(updateUserBody, body)).problems;
  };

/** PUT /users/{userCode}/state: the version read, the same state, activating with no password. */
export const judgeStateChange =
  (): Judge =>
  async ({ body, principal }) => {
    const target = endUserTarget(principal);
    return target ? stateChangeProblems(target, validFields(changeStateBody, body)) : [];
  };

/** PUT /users/{userCode}/password: the password's rules, when the confirmation is what is invalid. */
export const judgeAssignedPassword =
  (policy: PasswordPolicy): Judge =>
  async ({ body, principal }) => {
    const target = endUserTarget(principal);
    const { newPassword } = validFields(assignPasswordBody, body);
    if (!target || newPassword === undefined) return [];
    return newPasswordIssues(policy, target, { newPassword, confirmation: newPassword });
  };

/** PUT /users/{userCode}/token: a token that is not installed. */
export const judgeTokenState =
  (): Judge =>
  async ({ principal }) => {
    const target = endUserTarget(principal);
    return target ? tokenStateProblems(target, target.userCode) : [];
  };

/** A row of a bulk creation (CSV or Excel), checked with the create form's own schema and rule codes. */
export const parseImportRow = (row: unknown) => parseOrThrow(createUserBody, row, 'body');
