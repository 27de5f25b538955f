import * as z from 'zod/mini';
import { code, lazy, listFilter, pageNumbers, pageSize } from './common.ts';

/*
 * The entitlement and maker-checker contracts (docs/entitlements.md): the bank modules' service
 * routes and the end users' approval routes.
 */

/** A menu option id of the catalog (checked against it by the service). */
const optionId = () =>
  z.string().check(z.minLength(3), z.maxLength(60), z.regex(/^[A-Za-z.]+$/, 'unknown_option'));
const account = () => z.string().check(z.regex(/^[0-9]{6,20}$/, 'account_number_format'));
/** A USD amount with up to 2 decimals, as a string so it is never a binary float. */
const amount = () => z.string().check(z.regex(/^\d{1,9}(\.\d{1,2})?$/, 'amount_format'));
/** The client's IP as the transactional module saw it (checked against the connection controls). */
const clientIp = () => z.string().check(z.maxLength(45), z.regex(/^[0-9A-Fa-f.:]{2,45}$/, 'ip_format'));
/** An operation id: 26 characters, time-ordered (a ULID-like id this module assigns). */
export const operationId = () => z.string().check(z.regex(/^[0-9A-Z]{26}$/, 'invalid_format'));

const question = () =>
  z.strictObject({
    companyCode: code(),
    userCode: code(),
    optionId: optionId(),
    action: z.optional(z.enum(['CAPTURE', 'APPROVE'])),
    account: z.optional(account()),
    amount: z.optional(amount()),
    sourceIp: z.optional(clientIp()),
  });

/** Largest batch of questions in one decision request (one BatchGetItem of at most 50 keys). */
export const MAX_DECISION_BATCH = 25;

export const decisionBody = /* @__PURE__ */ lazy(() =>
  z.union([
    question(),
    z.strictObject({
      questions: z.array(question()).check(z.minLength(1), z.maxLength(MAX_DECISION_BATCH)),
    }),
  ]),
);

export const captureBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    companyCode: code(),
    makerCode: code(),
    optionId: optionId(),
    account: account(),
    amount: amount(),
    currency: z.literal('USD'),
    reference: z
      .string()
      .check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
    digest: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'invalid_format')),
    sourceIp: z.optional(clientIp()),
    /** How long the operation waits for its approvals: 5 minutes to 7 days, 24 h when not given. */
    expiresInMinutes: z.optional(z.number().check(z.int(), z.gte(5), z.lte(7 * 24 * 60))),
  }),
);

export const serviceOperationPath = /* @__PURE__ */ lazy(() =>
  z.strictObject({ companyCode: code(), operationId: operationId() }),
);

export const operationPath = /* @__PURE__ */ lazy(() => z.strictObject({ operationId: operationId() }));

export const operationEventsQuery = /* @__PURE__ */ lazy(() => z.strictObject({ companyCode: code() }));

export const operationDecisionBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    decision: z.enum(['APPROVE', 'REJECT']),
    reason: z.optional(
      z
        .string()
        .check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
    ),
  }),
);

export const operationListQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    pageSize: pageSize(),
    filter: listFilter(),
    cursor: z.optional(z.string().check(z.maxLength(512), z.regex(/^[A-Za-z0-9_.-]+$/, 'invalid_cursor'))),
  }),
);

const operationView = () =>
  z.object({
    operationId: z.string(),
    companyCode: z.string(),
    makerCode: z.string(),
    optionId: z.string(),
    account: z.string(),
    amount: z.string(),
    currency: z.string(),
    reference: z.string(),
    digest: z.string(),
    state: z.enum(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED']),
    requiredApprovals: z.number(),
    approvals: z.array(z.object({ userCode: z.string(), at: z.string() })),
    rejection: z.optional(z.object({ userCode: z.string(), at: z.string(), reason: z.optional(z.string()) })),
    createdAt: z.string(),
    expiresOn: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  });

const decisionView = () =>
  z.object({
    decision: z.enum(['ALLOW', 'DENY']),
    reasons: z.array(z.string()),
    limit: z.optional(z.string()),
    approvalsRequired: z.optional(z.number()),
  });

export const decisionResponse = /* @__PURE__ */ lazy(() =>
  z.union([decisionView(), z.object({ decisions: z.array(decisionView()) })]),
);
export const operationResponse = /* @__PURE__ */ lazy(() => z.object({ operation: operationView() }));
export const operationListResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    items: z.array(operationView()),
    page: z.object({
      ...pageNumbers(),
      nextCursor: z.optional(z.string()),
      previousCursor: z.optional(z.string()),
    }),
  }),
);
export const operationEventsResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    events: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        at: z.string(),
        operation: operationView(),
      }),
    ),
  }),
);
