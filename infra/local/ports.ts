import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** A port that another process already holds; `service` names what we wanted it for. */
export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} (${service}) is already in use`);
    this.name = 'PortInUseError';
  }
}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });
}

/** Whether nothing listens on `host:port` right now. */
export async function isPortFree(host: string, port: number): Promise<boolean> {
  try {
    await listenOnce(host, port);
    return true;
  } catch {
    return false;
  }
}

/** A port the operating system considers free on `host` (there is a short window in which another process may take it). */
export function pickFreePort(host = '127.0.0.1'): Promise<number> {
  return listenOnce(host, 0);
}

/**
 * The port to use for `service` on `host`: `0` picks a free one, any other number must be free.
 * (DynamoDB Local binds every interface, so callers probe it on `0.0.0.0`.)
 */
export async function claimPort(service: string, host: string, port: number): Promise<number> {
  if (port === 0) return pickFreePort(host);
  if (!(await isPortFree(host, port))) throw new PortInUseError(service, host, port);
  return port;
}

/**
 * A listening HTTP server's address (`url` bracketing an IPv6 host) and a `stop` that closes it
 * once however often it is called, dropping idle keep-alive connections that would hold it open.
 */
export function listening(server: Server, host: string, requestedPort: number) {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    stop: () => {
      stopped ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
