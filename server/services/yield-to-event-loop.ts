/**
 * Lets I/O run (incoming requests, the listen callback) between the items of a long background
 * pass. Awaiting SQLite calls, which complete synchronously, never leaves the microtask queue:
 * a start-up pass over 50,000 activities kept a server from answering, or even listening, for
 * over ten minutes (issue 14). One macrotask turn per item costs microseconds.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
