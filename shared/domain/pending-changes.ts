import type { MakerChecked } from './maker-checker.ts';
import type { Company } from './model.ts';

/** How long a proposed change waits for another administrator when the company does not say (72 h). */
export const DEFAULT_PENDING_CHANGE_HOURS = 72;
/** The company's choice is kept within 1 hour and 30 days. */
export const PENDING_CHANGE_HOURS = { min: 1, max: 720 } as const;

/** Dual control: off by default. */
export const dualControlOn = (company: Pick<Company, 'settings'>) => company.settings?.dualControl === true;

/** How long the company's pending changes wait for approval, in hours. */
export const pendingChangeHours = (company: Pick<Company, 'settings'>) =>
  company.settings?.pendingChangeHours ?? DEFAULT_PENDING_CHANGE_HOURS;

/** What a change concerns: a user of the company (by code) or the company itself. */
export interface ChangeTarget {
  kind: 'user' | 'company';
  userCode?: string;
  /** The target's version when proposed; absent when it does not exist yet (a user to create). */
  version?: number;
}

/** Before and after of each field the change touches; secrets masked. */
export type ChangeSummary = Record<string, { before?: unknown; after?: unknown }>;

/**
 * An administrative change proposed under dual control: the route and its input (sealed: an
 * assigned password rides in it), who proposed it, what it concerns and at which version,
 * and the maker-checker state. One approval by another administrator applies it.
 */
export interface PendingChange extends MakerChecked {
  companyCode: string;
  changeId: string;
  /** The route whose use case the approval runs, with the request's method and path. */
  routeId: string;
  method: string;
  path: string;
  target: ChangeTarget;
  changes: ChangeSummary;
  /** The request's validated input `{ body, path, query }`, sealed (AES-256-GCM) for this change. */
  inputSealed: string;
  requiredApprovals: number;
  createdAt: string;
}

/** Field names whose values are secrets: shown masked in summaries, e-mails and the audit. */
const SECRET_FIELD = /password|confirmation|secret|otp/i;
export const MASK = '••••••';

/** A file's content (the bulk creation's): its size, not its bytes. */
const fileSize = (value: unknown) => `${Math.floor((String(value).length * 3) / 4)} bytes`;
const masked = (name: string, value: unknown) =>
  SECRET_FIELD.test(name) ? MASK : name === 'content' ? fileSize(value) : value;

/**
 * The before → after of a change: each top-level field of the body beside the target's current
 * value of the same name (for a user: their item; for the company settings: the settings; for
 * the company: the company item). Routes without a body show the action only.
 */
export function summarize(
  routeId: string,
  body: unknown,
  current: Record<string, unknown> | undefined,
): ChangeSummary {
  if (!body || typeof body !== 'object') return { action: { after: routeId } };
  const summary: ChangeSummary = {};
  for (const [name, after] of Object.entries(body as Record<string, unknown>)) {
    // The version the proposer read is the change's own condition, not a value it changes.
    if (name === 'version') continue;
    const before = current?.[name];
    summary[name] = {
      ...(before !== undefined ? { before: masked(name, before) } : {}),
      after: masked(name, after),
    };
  }
  return summary;
}
