import * as z from 'zod/mini';
import { code, isoDateTime, lazy } from './common.ts';

/** Passwords are checked against the policy by the service (every rule reported); here only bounds. */
const passwordField = () => z.string().check(z.minLength(1), z.maxLength(128));

export const identifyBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({ companyCode: code(), userCode: code() }),
);

export const antiphishingImageView = /* @__PURE__ */ lazy(() =>
  z.object({
    id: z.string(),
    label: z.object({ es: z.string(), en: z.string() }),
    dataUrl: z.string(),
  }),
);

export const identifyResponse = /* @__PURE__ */ lazy(() => z.object({ image: antiphishingImageView() }));

export const loginBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({ companyCode: code(), userCode: code(), password: passwordField() }),
);

export const sessionView = /* @__PURE__ */ lazy(() =>
  z.object({
    token: z.string(),
    expiresAt: isoDateTime(),
    idleTimeoutSeconds: z.number(),
    user: z.object({
      companyCode: z.string(),
      userCode: z.string(),
      role: z.enum(['admin', 'user']),
      firstName: z.string(),
      lastName: z.string(),
      language: z.enum(['es', 'en']),
    }),
  }),
);

export const challengeView = /* @__PURE__ */ lazy(() =>
  z.object({ token: z.string(), expiresAt: isoDateTime() }),
);

export const loginResponse = /* @__PURE__ */ lazy(() =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('AUTHENTICATED'), session: sessionView() }),
    z.object({ status: z.literal('PASSWORD_CHANGE_REQUIRED'), challenge: challengeView() }),
    z.object({ status: z.literal('IMAGE_REQUIRED'), challenge: challengeView() }),
    z.object({ status: z.literal('OTP_REQUIRED'), challenge: challengeView() }),
  ]),
);

export const changeInitialPasswordBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    currentPassword: passwordField(),
    newPassword: passwordField(),
    confirmation: passwordField(),
  }),
);

export const changeMyPasswordBody = changeInitialPasswordBody;

export const passwordChangedResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    status: z.literal('PASSWORD_CHANGED'),
    next: z.literal('LOGIN'),
  }),
);

export const passwordRulesResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    profile: z.enum(['bank', 'hardened']),
    minLength: z.number(),
    maxLength: z.number(),
    rules: z.array(
      z.object({
        code: z.string(),
        params: z.record(z.string(), z.number()),
        es: z.string(),
        en: z.string(),
      }),
    ),
  }),
);

export const imagesResponse = /* @__PURE__ */ lazy(() =>
  z.object({ images: z.array(antiphishingImageView()) }),
);

export const chooseImageBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    imageId: z.string().check(z.regex(/^[a-z0-9-]{2,32}$/, 'invalid_format')),
  }),
);

/** The first image choice completes the login, or leads to its OTP step (company setting "OTP at login"). */
export const chooseImageResponse = /* @__PURE__ */ lazy(() =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('AUTHENTICATED'), session: sessionView() }),
    z.object({ status: z.literal('OTP_REQUIRED'), challenge: challengeView() }),
  ]),
);

/** The login's OTP step ends in a session. */
export const loginOtpResponse = /* @__PURE__ */ lazy(() =>
  z.object({ status: z.literal('AUTHENTICATED'), session: sessionView() }),
);

export const userPath = /* @__PURE__ */ lazy(() => z.strictObject({ userCode: code() }));

export const assignPasswordBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    newPassword: passwordField(),
    confirmation: passwordField(),
  }),
);

export const assignPasswordResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    mustChangeAtNextLogin: z.literal(true),
    expiresAt: isoDateTime(),
    reminder: z.object({ es: z.string(), en: z.string() }),
  }),
);
