/**
 * Per-account and per-IP backoff after failed logins (issue 14). In memory: one server process
 * answers logins, and a restart forgetting the counters only gives an attacker a handful of tries.
 * The account key is the email as typed, so an address without an account is slowed exactly like
 * one with an account (no enumeration through the backoff either).
 */
const FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_KEYS = 10_000;

interface Entry {
  failures: number;
  lastMs: number;
}

export class LoginBackoff {
  private entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    const now = this.now();
    if (now - e.lastMs > FORGET_AFTER_MS) {
      this.entries.delete(key);
      return 0;
    }
    if (e.failures < FREE_FAILURES) return 0;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (e.failures - FREE_FAILURES));
    return Math.max(0, e.lastMs + delay - now);
  }

  fail(key: string): void {
    const e = this.entries.get(key) ?? { failures: 0, lastMs: 0 };
    e.failures++;
    e.lastMs = this.now();
    this.entries.delete(key);
    this.entries.set(key, e);
    // Oldest first: a flood of made-up addresses cannot grow the map without bound.
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}
