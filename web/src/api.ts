import { type RouteId, routes } from '../../shared/routes.ts';
import type { Lang } from './i18n.ts';
import { parseTenant } from './tenant.ts';
import { applyTenant } from './tenant-page.ts';

/** One broken rule of one field, as the API reports it (already in the request's language). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details, as every error of the API carries them. */
export interface Problem {
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

/** An error answer of the API (or no answer: code `NETWORK_ERROR`, status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
    this.name = 'ApiError';
  }
}

/** The user closed the OTP dialog with "Volver": the action was not done. */
export class ActionCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ActionCancelled';
  }
}

/** The OTP dialog as the client drives it: ask, say the code was refused and ask again, close. */
export interface OtpPrompt {
  /** The code the user typed, or a rejection with ActionCancelled. */
  nextCode(): Promise<string>;
  refused(problem: Problem): void;
  close(): void;
}

export interface ApiHooks {
  language(): Lang;
  /** The session token, for routes that need one. */
  sessionToken(): string | undefined;
  openOtpPrompt(): OtpPrompt;
  /** A session request was refused because the session is over; the screens must be cleared. */
  sessionLost(problem: Problem): void;
  /** A session request succeeded: the API counted it as activity (idle timeout). */
  activity(): void;
  /** Texts for failures that have no API answer. */
  networkProblem(): Problem;
}

export interface CallInput {
  path?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** A login challenge instead of the session (forced change, image, OTP at login). */
  challenge?: string;
  /**
   * For creating routes: one key for every submission of one form, so that sending it again
   * after an answer was lost gets that answer back instead of creating twice (`Idempotency-Key`).
   */
  idempotencyKey?: string;
  /** Dual control: approves this pending change of the route (`X-Pending-Change`, no body). */
  pendingChange?: string;
}

export interface Download {
  fileName: string;
  blob: Blob;
}

/**
 * Where the API is. Locally (and whenever no configuration says otherwise) the same origin, at
 * the root. In AWS the browser calls the API's own domain directly, so that API Gateway sees
 * the user's real address for the connection controls: the stack deploys `/config.json` with
 * `apiBaseUrl` next to the portal, read once by {@link loadApiConfiguration} before the app starts.
 */
let API_BASE = (import.meta.env.VITE_API_BASE ?? '').replace(/\/$/, '');

/**
 * Reads `/config.json` if the deployment provides one: the API's URL (same origin by default) and
 * the bank's brand and texts (`tenant`, applied before the first screen).
 */
export async function loadApiConfiguration(fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    const response = await fetchImpl('/config.json', {
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return;
    const { apiBaseUrl, tenant } = (await response.json()) as { apiBaseUrl?: unknown; tenant?: unknown };
    const parsed = parseTenant(tenant);
    if (parsed && typeof document !== 'undefined') applyTenant(parsed);
    if (
      typeof apiBaseUrl === 'string' &&
      /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/.test(apiBaseUrl)
    ) {
      API_BASE = apiBaseUrl.replace(/\/$/, '');
    }
  } catch {
    // No configuration: the API is on this origin.
  }
}

const byId = new Map<string, (typeof routes)[number]>(routes.map((r) => [r.id, r]));

/** The route's path with its `{param}` placeholders filled and encoded. */
function routeUrl(id: RouteId, input: CallInput): string {
  const definition = byId.get(id);
  if (!definition) throw new Error(`Unknown route ${id}`);
  const path = definition.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.path?.[name];
    if (value === undefined) throw new Error(`Missing ${name} for ${id}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const search = query.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

/**
 * Refusals that end the session, not just the request: the connection controls (hours, IP)
 * are checked on every request, and the bank's IP rules at the gateway.
 */
const SESSION_CLOSING_CODES = new Set(['CONNECTION_HOURS', 'CONNECTION_IP', 'IP_BLOCKED']);

/** Routes called with the session: their 401s mean the session is over. */
const usesSession = (id: RouteId) => {
  const access = byId.get(id)?.access;
  return access === 'session' || access === 'companyAdmin';
};

export type Api = ReturnType<typeof createApi>;

/**
 * The API client of the portal: paths from the route table, the chosen language in
 * Accept-Language, the session or challenge token, RFC 9457 problems turned into ApiError,
 * and the OTP confirmation of steps 14, 18 and 22 — when the API answers OTP_REQUIRED the
 * dialog asks for the code and the same request is sent again with `X-OTP`; OTP_INVALID keeps
 * the dialog open for the next code.
 */
export function createApi(hooks: ApiHooks) {
  async function send(id: RouteId, input: CallInput, otp?: string): Promise<Response> {
    const definition = byId.get(id);
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': hooks.language(),
    };
    const bearer = input.challenge ?? (usesSession(id) ? hooks.sessionToken() : undefined);
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (otp) headers['X-OTP'] = otp;
    if (input.idempotencyKey) headers['Idempotency-Key'] = input.idempotencyKey;
    if (input.pendingChange) headers['X-Pending-Change'] = input.pendingChange;
    if (input.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(routeUrl(id, input), {
        method: definition?.method ?? 'GET',
        headers,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(hooks.networkProblem());
    }
  }

  async function problemOf(response: Response): Promise<Problem> {
    const body: unknown = await response.json().catch(() => undefined);
    if (isProblem(body)) return body;
    return { ...hooks.networkProblem(), status: response.status };
  }

  /** Sends the request; on OTP_REQUIRED asks for the code and sends it again, until accepted or cancelled. */
  async function sendConfirmed(id: RouteId, input: CallInput): Promise<Response> {
    let response = await send(id, input);
    if (response.status !== 428) return response;
    const first = await problemOf(response.clone());
    if (first.code !== 'OTP_REQUIRED') return response;
    const prompt = hooks.openOtpPrompt();
    try {
      for (;;) {
        const code = await prompt.nextCode();
        response = await send(id, input, code);
        if (response.ok) return response;
        const problem = await problemOf(response.clone());
        // A wrong or replayed code (or a malformed one): say so and wait for the next code.
        if (
          problem.code === 'OTP_INVALID' ||
          (problem.code === 'VALIDATION_FAILED' && onlyOtpField(problem))
        ) {
          prompt.refused(problem);
          continue;
        }
        return response;
      }
    } finally {
      prompt.close();
    }
  }

  async function checked(id: RouteId, response: Response): Promise<Response> {
    if (response.ok) {
      if (usesSession(id)) hooks.activity();
      return response;
    }
    const problem = await problemOf(response);
    if (usesSession(id) && (response.status === 401 || SESSION_CLOSING_CODES.has(problem.code))) {
      hooks.sessionLost(problem);
    }
    throw new ApiError(problem);
  }

  return {
    /** Calls a route and returns its JSON body (undefined for 204). */
    async call<T>(id: RouteId, input: CallInput = {}): Promise<T> {
      const response = await checked(id, await sendConfirmed(id, input));
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    /** Calls an export route ("Excel", "PDF") and returns the file. */
    async download(id: RouteId, input: CallInput = {}): Promise<Download> {
      const response = await checked(id, await sendConfirmed(id, input));
      const disposition = response.headers.get('content-disposition') ?? '';
      const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'export';
      return { fileName, blob: await response.blob() };
    },
  };
}

function onlyOtpField(problem: Problem): boolean {
  return (problem.errors ?? []).length > 0 && (problem.errors ?? []).every((e) => e.field === 'header.x-otp');
}
