/**
 * Runs `load` on first use and keeps what it resolves to; a failed load is forgotten, so a
 * transient outage does not stick and the next call tries again. Concurrent first calls share
 * one load.
 */
export function cachedLoad<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
