import type { AccountsRepo } from '../../storage/repos/accounts.repo.js';

/**
 * Per-account and per-IP backoff after failed logins (issue 14). Kept in the database (table
 * login_backoff, migration 0021), so a restart does not hand an attacker a fresh set of tries and
 * two server processes behind one proxy count the same failures. The account key is the email as
 * typed, so an address without an account is slowed exactly like one with an account (no
 * enumeration through the backoff either).
 */
export const FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60_000;
/** A counter idle this long starts again (and is swept). */
export const BACKOFF_FORGET_AFTER_MS = 60 * 60_000;
/** At most this many counters: beyond, the ones idle longest go (checked every TRIM_EVERY failures). */
const MAX_KEYS = 10_000;
const TRIM_EVERY = 100;

export class LoginBackoff {
  private failuresSinceTrim = 0;

  constructor(private readonly repo: AccountsRepo, private readonly now: () => number = Date.now) {}

  /** Milliseconds until `key` may try again (0: now). */
  async waitMs(key: string): Promise<number> {
    const e = await this.repo.backoff(key);
    if (!e) return 0;
    const now = this.now();
    if (now - e.lastMs > BACKOFF_FORGET_AFTER_MS) return 0;
    if (e.failures < FREE_FAILURES) return 0;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(30, e.failures - FREE_FAILURES));
    return Math.max(0, e.lastMs + delay - now);
  }

  async fail(key: string): Promise<void> {
    const now = this.now();
    await this.repo.backoffFail(key, now, now - BACKOFF_FORGET_AFTER_MS);
    if (++this.failuresSinceTrim >= TRIM_EVERY) {
      this.failuresSinceTrim = 0;
      const n = await this.repo.backoffCount();
      if (n > MAX_KEYS) await this.repo.backoffTrimOldest(n - MAX_KEYS);
    }
  }

  async succeed(key: string): Promise<void> {
    await this.repo.backoffClear(key);
  }
}
