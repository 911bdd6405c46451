/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

export function isRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && RETRYABLE.has(String((e as { code?: unknown }).code));
}

/**
 * Runs `fn` (one whole transaction) again after a deadlock or serialization failure: PostgreSQL
 * rolled it back, so nothing of it was written. A safety net: the known cause (the hypertable's
 * foreign key copied onto new chunks) is removed in pg-stream-layout.ts / timescale.ts.
 */
export async function withTxRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 20 * i + Math.floor(Math.random() * 30)));
    }
  }
}

/** The same object with each named method retried as a whole transaction. */
export function retryMethods<T extends object>(repo: T, names: readonly (keyof T)[]): T {
  const out = Object.create(repo) as T;
  for (const n of names) {
    const f = repo[n];
    if (typeof f !== 'function') continue;
    (out as Record<keyof T, unknown>)[n] = (...args: unknown[]) => withTxRetry(() => (f as (...a: unknown[]) => Promise<unknown>).apply(repo, args));
  }
  return out;
}
