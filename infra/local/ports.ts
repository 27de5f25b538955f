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
