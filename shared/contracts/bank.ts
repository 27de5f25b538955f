import * as z from 'zod/mini';
import { code, email, type Infer, isoDateTime, language, lazy, newUserCode, personName } from './common.ts';

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
  }),
);
export type OnboardCompanyBody = Infer<typeof onboardCompanyBody>;

export const genericPasswordDelivery = /* @__PURE__ */ lazy(() =>
  z.object({
    emailed: z.boolean(),
    expiresAt: isoDateTime(),
  }),
);

export const onboardCompanyResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    legalName: z.string(),
    language: language(),
    accounts: z.array(
      z.object({ number: z.string(), currency: z.string(), type: z.string(), alias: z.optional(z.string()) }),
    ),
    administrator: z.object({ userCode: z.string(), email: z.string(), state: z.string() }),
    genericPassword: genericPasswordDelivery(),
    createdAt: isoDateTime(),
  }),
);

export const companyPath = /* @__PURE__ */ lazy(() => z.strictObject({ companyCode: code() }));

/** `?resetToken=true`: the re-issue also resets the administrator's BOP Token (lost with the phone). */
export const reissueQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({ resetToken: z.optional(z.enum(['true', 'false'])) }),
);

export const reissueResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    companyCode: z.string(),
    userCode: z.string(),
    genericPassword: genericPasswordDelivery(),
    tokenReset: z.boolean(),
  }),
);
