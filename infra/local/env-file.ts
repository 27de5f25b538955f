import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What `npm start` tells `npm run bank` about the running stack (`.local/env.json`). */
export interface LocalStackEnv {
  apiUrl: string;
  openApiUrl: string;
  sesUrl: string;
  mailViewerUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  region: string;
  bankKeyFile: string;
  pid: number;
  startedAt: string;
}

export function writeLocalStackEnv(path: string, env: LocalStackEnv): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
}

/** The running stack's description, or undefined when `npm start` is not running (or never wrote one). */
export function readLocalStackEnv(path: string): LocalStackEnv | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalStackEnv;
  } catch {
    return undefined;
  }
}

/** Removes the file if this process wrote it (another `npm start` may have replaced it). */
export function removeLocalStackEnv(path: string, pid = process.pid): void {
  if (readLocalStackEnv(path)?.pid === pid) rmSync(path, { force: true });
}
