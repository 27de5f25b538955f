import * as z from 'zod/mini';
import { administratorInput } from './administrators.ts';
import {
  code,
  email,
  type Infer,
  isoDateTime,
  language,
  lazy,
  newUserCode,
  pageSize,
  personName,
} from './common.ts';

/** Administrators the bank may onboard beside the principal one. */
export const MAX_EXTRA_ADMINISTRATORS = 9;

export const accountInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    number: z.string().check(z.regex(/^[0-9]{6,20}$/, 'account_number_format')),
    alias: z.optional(
      z
        .string()
        .check(z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
    ),
    currency: z._default(z.enum(['USD']), 'USD'),
    type: z.enum(['CHECKING', 'SAVINGS', 'TIME_DEPOSIT', 'LOAN', 'CREDIT_CARD']),
  }),
);

export const onboardCompanyBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    companyCode: code(),
    legalName: z
      .string()
      .check(z.trim(), z.minLength(2), z.maxLength(120), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
    language: z._default(language(), 'es'),
    accounts: z.array(accountInput()).check(z.minLength(1), z.maxLength(50)),
    administrator: z.strictObject({
      userCode: newUserCode(),
      firstName: personName(),
      lastName: personName(),
      email: email(),
    }),
    /** More administrators beside the principal one: each gets their own generic password. */
    administrators: z.optional(z.array(administratorInput()).check(z.maxLength(MAX_EXTRA_ADMINISTRATORS))),
  }),
);
export type OnboardCompanyBody = Infer<typeof onboardCompanyBody>;

export const genericPasswordDelivery = /* @__PURE__ */ lazy(() =>
  z.object({
    emailed: z.boolean(),
    expiresAt: isoDateTime(),
  }),
);

/** A company's accounts as the bank's answers show them. */
const accountViews = () =>
  z.array(
    z.object({ number: z.string(), currency: z.string(), type: z.string(), alias: z.optional(z.string()) }),
  );

export const onboardCompanyResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    legalName: z.string(),
    language: language(),
    accounts: accountViews(),
    administrator: z.object({ userCode: z.string(), email: z.string(), state: z.string() }),
    genericPassword: genericPasswordDelivery(),
    administrators: z.optional(
      z.array(
        z.object({
          userCode: z.string(),
          email: z.string(),
          state: z.string(),
          genericPassword: genericPasswordDelivery(),
        }),
      ),
    ),
    createdAt: isoDateTime(),
  }),
);

export const companyPath = /* @__PURE__ */ lazy(() => z.strictObject({ companyCode: code() }));

/**
 * `?resetToken=true`: the re-issue also resets the administrator's BOP Token (lost with the phone).
 * `?userCode=`: another administrator than the principal.
 */
export const reissueQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({ resetToken: z.optional(z.enum(['true', 'false'])), userCode: z.optional(code()) }),
);

export const reissueResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    userCode: z.string(),
    genericPassword: genericPasswordDelivery(),
    tokenReset: z.boolean(),
  }),
);

/** The most accounts a company holds (as many as onboarding accepts). */
export const MAX_COMPANY_ACCOUNTS = 50;

/** The bank's list of companies: a page, and where the next one starts (a company code). */
export const companyListQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({ pageSize: pageSize(), after: z.optional(code()) }),
);

export const companyListResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    items: z.array(
      z.object({
        companyCode: z.string(),
        legalName: z.string(),
        language: language(),
        accounts: z.number(),
        administratorCode: z.string(),
        suspended: z.boolean(),
        createdAt: isoDateTime(),
      }),
    ),
    nextAfter: z.optional(z.string()),
  }),
);

export const companyView = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    legalName: z.string(),
    language: language(),
    accounts: accountViews(),
    administrator: z.object({
      userCode: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      state: z.string(),
    }),
    suspension: z.optional(z.object({ reason: z.string(), at: isoDateTime(), by: z.string() })),
    createdAt: isoDateTime(),
    version: z.number(),
  }),
);

export const addAccountsBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    accounts: z.array(accountInput()).check(z.minLength(1), z.maxLength(MAX_COMPANY_ACCOUNTS)),
  }),
);

export const accountPath = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    companyCode: code(),
    accountNumber: z.string().check(z.regex(/^[0-9]{6,20}$/, 'account_number_format')),
  }),
);

export const administratorBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    firstName: z.optional(personName()),
    lastName: z.optional(personName()),
    email: z.optional(email()),
  }),
);

/** Why the bank suspends or reactivates a company: recorded in the audit log. */
export const suspensionBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    reason: z
      .string()
      .check(z.trim(), z.minLength(3), z.maxLength(200), z.regex(/^[^\p{Cc}]*$/u, 'no_control_characters')),
  }),
);

export const companyChangeResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    changed: z.boolean(),
    version: z.number(),
    usersChanged: z.optional(z.number()),
  }),
);
