import * as z from 'zod/mini';
import { MAX_CONFIRMATION_WINDOW_MINUTES } from '../domain/model.ts';
import { credentialLock, isoDateTime, lazy, listFilter, pageNumbers, pageSize } from './common.ts';

/** A BOP Token code as typed by the user: exactly 6 digits. */
export const otpCode = () => z.string().check(z.regex(/^[0-9]{6}$/, 'otp_format'));

/** Install, cancel and the login's OTP step: the current code of the token. */
export const otpBody = /* @__PURE__ */ lazy(() => z.strictObject({ otp: otpCode() }));

const tokenStates = ['NONE', 'REQUESTED', 'INSTALLED', 'ACTIVE', 'INACTIVE', 'CANCELLED'] as const;
export const tokenStateValue = /* @__PURE__ */ lazy(() => z.enum(tokenStates));
const label = /* @__PURE__ */ lazy(() => z.object({ es: z.string(), en: z.string() }));

export const myTokenResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    state: tokenStateValue(),
    stateLabel: label(),
    /** Locked by wrong codes: until the administrator activates it again (or the bank, the administrator's). */
    lock: z.optional(credentialLock()),
    requestedAt: z.optional(isoDateTime()),
    installedAt: z.optional(isoDateTime()),
    changedAt: z.optional(isoDateTime()),
  }),
);

/** "Solicitud BOP Token": the secret, shown this once, as an otpauth:// URI and its QR code. */
export const tokenRequestResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    state: z.literal('REQUESTED'),
    stateLabel: label(),
    requestedAt: isoDateTime(),
    issuer: z.string(),
    account: z.string(),
    algorithm: z.literal('SHA1'),
    digits: z.literal(6),
    periodSeconds: z.literal(30),
    otpauthUri: z.string(),
    /** `data:image/svg+xml;base64,…` of the URI's QR code. */
    qrCode: z.string(),
  }),
);

export const tokenInstalledResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    state: z.enum(['INSTALLED', 'ACTIVE']),
    stateLabel: label(),
    installedAt: isoDateTime(),
    /** An end user's token waits for the administrator to activate it (step 24). */
    awaitingActivation: z.boolean(),
  }),
);

export const tokenCancelledResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    state: z.literal('CANCELLED'),
    stateLabel: label(),
    cancelledAt: isoDateTime(),
  }),
);

/** "Mostrar 10 registros", "Filtrar", pages: the list conventions of the guide. */
export const tokenListQuery = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    pageSize: pageSize(),
    page: z._default(
      z.pipe(
        z.string().check(z.regex(/^[1-9][0-9]{0,4}$/, 'invalid_format')),
        z.transform((s) => Number(s)),
      ),
      1,
    ),
    filter: listFilter(),
    tokenState: z.optional(tokenStateValue()),
  }),
);

export const tokenHolderRow = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(['admin', 'user']),
    userState: z.string(),
    tokenState: tokenStateValue(),
    tokenStateLabel: label(),
    /** Locked by wrong codes: activating it again (step 24) unlocks it. */
    tokenLock: z.optional(credentialLock()),
    installedAt: z.optional(isoDateTime()),
    changedAt: z.optional(isoDateTime()),
    changedBy: z.optional(z.string()),
  }),
);

export const tokenListResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    items: z.array(tokenHolderRow()),
    page: z.object(pageNumbers()),
  }),
);

/** Step 24: activate or deactivate an end user's installed token. */
export const userTokenStateBody = /* @__PURE__ */ lazy(() =>
  z.strictObject({ state: z.enum(['ACTIVE', 'INACTIVE']) }),
);

export const userTokenStateResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    userCode: z.string(),
    tokenState: tokenStateValue(),
    tokenStateLabel: label(),
    changed: z.boolean(),
  }),
);

/** The company settings of steps 14, 18 and 22 ("si te es requerido") and of the token at login. */
export const companySettingsResponse = /* @__PURE__ */ lazy(() =>
  z.object({
    otpConfirmation: z.boolean(),
    otpAtLogin: z.boolean(),
    /** Minutes an accepted code also confirms the administrator's next actions (0: every action). */
    confirmationWindowMinutes: z.number(),
    dualControl: z.boolean(),
    pendingChangeHours: z.number(),
    version: z.number(),
  }),
);

export const companySettingsBody = /* @__PURE__ */ lazy(() =>
  z
    .strictObject({
      otpConfirmation: z.optional(z.boolean()),
      otpAtLogin: z.optional(z.boolean()),
      confirmationWindowMinutes: z.optional(
        z.number().check(z.int(), z.gte(0), z.lte(MAX_CONFIRMATION_WINDOW_MINUTES)),
      ),
      /** Dual control: needs two administrators who administer; off again only with another's approval. */
      dualControl: z.optional(z.boolean()),
      /** How long a pending change waits for approval (1 hour to 30 days; 72 by default). */
      pendingChangeHours: z.optional(z.number().check(z.int(), z.gte(1), z.lte(720))),
    })
    .check(
      z.refine((body) => Object.values(body).some((value) => value !== undefined), {
        message: 'settings_empty',
      }),
    ),
);
