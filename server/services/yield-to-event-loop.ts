/**
 * Lets I/O run (incoming requests, the listen callback) between the items of a long background
 * pass. Awaiting SQLite calls, which complete synchronously, never leaves the microtask queue:
 * a start-up pass over 50,000 activities kept a server from answering, or even listening, for
 * over ten minutes (issue 14). One macrotask turn per item costs microseconds.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * For a loop of synchronous work answering one request (a heatmap index over 1,000 tracks took
 * 150–290 ms in one piece, issue 14): `await slice()` between items yields to the event loop once
 * `budgetMs` of work has run since the last yield, so other requests wait at most about that long.
 */
export function timeSlicer(budgetMs = 4, now: () => number = () => performance.now()): () => Promise<void> | undefined {
  let start = now();
  return () => {
    if (now() - start < budgetMs) return undefined;
    return yieldToEventLoop().then(() => {
      start = now();
    });
  };
}
