/**
 * A token bucket per key (Health Auto Export can be set to sync every minute; a misconfigured
 * automation must not flood the server). In memory: limits reset on restart, which is fine for a
 * self-hosted server with one process.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tokens left now, without taking one. */
  peek(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return this.capacity;
    return Math.min(this.capacity, b.tokens + ((this.now() - b.at) / 60_000) * this.refillPerMinute);
  }

  /** Takes one token; returns the seconds to wait when none is left, else 0. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 60_000) * this.refillPerMinute);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.refillPerMinute) * 60);
  }
}
