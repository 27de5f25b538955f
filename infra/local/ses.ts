import type { Server } from 'node:http';
import * as sesLocalModule from 'aws-ses-v2-local';
import { listening } from './ports.ts';

/** One e-mail as the local SES keeps it (`GET /store`). */
export interface SentEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  at: number;
}

export interface SesLocal {
  /** The SES v2 endpoint for the SDK, and the mail viewer in a browser. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

type StartSesServer = (config?: { host?: string; port?: number }) => Promise<Server>;

/** The package is CommonJS with `exports.default`; depending on the loader the function sits one level deeper. */
function startSesServer(): StartSesServer {
  const candidates: unknown[] = [
    (sesLocalModule as { default?: unknown }).default,
    (sesLocalModule as { default?: { default?: unknown } }).default?.default,
  ];
  const start = candidates.find((candidate) => typeof candidate === 'function');
  if (!start) throw new Error('aws-ses-v2-local exports no server function');
  return start as StartSesServer;
}

/**
 * Starts the local SES v2 endpoint (aws-ses-v2-local) in this process on `host:port` (`0`
 * picks a free port). Its e-mails live in this process's memory; the viewer is at `url`.
 */
export async function startSesLocal(options: { host?: string; port: number }): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  const server = await startSesServer()({ host, port: options.port });
  // The viewer polls every second over keep-alive connections: `stop` closes them too.
  return listening(server, host, options.port);
}

/** The e-mails the local SES at `sesUrl` has received, oldest first (optionally only those since `since`, epoch seconds). */
export async function readSentEmails(sesUrl: string, since?: number): Promise<SentEmail[]> {
  const url = new URL('/store', sesUrl);
  if (since !== undefined) url.searchParams.set('since', String(Math.floor(since)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The local SES answered ${response.status} to GET /store`);
  const store = (await response.json()) as { emails: SentEmail[] };
  return store.emails;
}
