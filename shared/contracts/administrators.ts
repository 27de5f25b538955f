import * as z from 'zod/mini';
import { code, email, isoDateTime, lazy, newUserCode, personName } from './common.ts';

/** A company administrator as the bank (or the principal administrator) gives them. */
export const administratorInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    userCode: newUserCode(),
    firstName: personName(),
    lastName: personName(),
    email: email(),
  }),
);

export const administratorPath = /* @__PURE__ */ lazy(() =>
  z.strictObject({ companyCode: code(), userCode: code() }),
);

export const administratorResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    userCode: z.string(),
    email: z.string(),
    state: z.string(),
    principal: z.boolean(),
    genericPassword: z.optional(z.object({ emailed: z.boolean(), expiresAt: isoDateTime() })),
  }),
);

export const administratorRemovalResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    userCode: z.string(),
    removed: z.literal(true),
    principalCode: z.string(),
  }),
);

export const administratorListResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    principalCode: z.string(),
    items: z.array(
      z.object({
        userCode: z.string(),
        firstName: z.string(),
        lastName: z.string(),
        email: z.string(),
        state: z.string(),
        tokenState: z.string(),
        principal: z.boolean(),
      }),
    ),
  }),
);

/** A pending change's id: 26 characters, time-ordered. */
export const pendingChangePath = /* @__PURE__ */ lazy(() =>
  z.strictObject({ changeId: z.string().check(z.regex(/^[0-9A-Za-z]{26}$/, 'pending_change_id')) }),
);

export const rejectionBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    reason: z.optional(
      z
        .string()
        .check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
    ),
  }),
);

const approval = () => z.object({ userCode: z.string(), at: isoDateTime() });

/** A change proposed under dual control, as administrators see it (never its input). */
export const pendingChangeView = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    changeId: z.string(),
    routeId: z.string(),
    method: z.string(),
    path: z.string(),
    target: z.object({
      kind: z.enum(['user', 'company']),
      userCode: z.optional(z.string()),
      version: z.optional(z.number()),
    }),
    changes: z.record(
      z.string(),
      z.object({ before: z.optional(z.unknown()), after: z.optional(z.unknown()) }),
    ),
    makerCode: z.string(),
    state: z.enum(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED']),
    approvals: z.array(approval()),
    rejection: z.optional(
      z.object({ userCode: z.string(), at: isoDateTime(), reason: z.optional(z.string()) }),
    ),
    requiredApprovals: z.number(),
    createdAt: isoDateTime(),
    expiresOn: isoDateTime(),
    updatedAt: isoDateTime(),
    version: z.number(),
  }),
);

export const pendingChangeResponse = /* @__PURE__ */ lazy(() =>
  z.object({ pendingChange: pendingChangeView() }),
);
export const pendingChangeListResponse = /* @__PURE__ */ lazy(() =>
  z.object({ items: z.array(pendingChangeView()) }),
);
