import { createHash, randomBytes } from 'node:crypto';
import type { AccountsRepo } from '../../storage/repos/accounts.repo.js';

/**
 * Browser sessions (issue 14): the cookie holds 32 random bytes; the database keeps only their
 * SHA-256 (high-entropy secrets need no slow hash), so a copy of the database logs nobody in.
 * A session ends after `idleMs` without a request or `absoluteMs` after login, whichever is first.
 * last_seen is written at most once a minute so browsing does not become a write per request.
 */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
const TOUCH_EVERY_MS = 60_000;

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export interface SessionInfo {
  idHash: string;
  userId: string;
}

export class SessionService {
  constructor(
    private readonly repo: AccountsRepo,
    private readonly opts: { now: () => number; idleMs?: number; absoluteMs?: number },
  ) {}

  get idleMs() {
    return this.opts.idleMs ?? SESSION_IDLE_MS;
  }
  get absoluteMs() {
    return this.opts.absoluteMs ?? SESSION_ABSOLUTE_MS;
  }

  /** A new session; returns the cookie value (shown once, never stored). */
  async create(userId: string, meta: { userAgent?: string; ip?: string }): Promise<{ cookie: string; idHash: string }> {
    const cookie = randomBytes(32).toString('base64url');
    const now = this.opts.now();
    const idHash = sha256Hex(cookie);
    await this.repo.createSession({ idHash, userId, createdAtMs: now, lastSeenAtMs: now, expiresAtMs: now + this.absoluteMs, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip ?? null });
    return { cookie, idHash };
  }

  /** The session behind a cookie value, or null when unknown, idle too long or past its end. */
  async resolve(cookie: string | undefined): Promise<SessionInfo | null> {
    if (!cookie || cookie.length > 100) return null;
    const idHash = sha256Hex(cookie);
    const s = await this.repo.session(idHash);
    if (!s) return null;
    const now = this.opts.now();
    if (s.expiresAtMs <= now || s.lastSeenAtMs + this.idleMs <= now) {
      await this.repo.deleteSession(idHash);
      return null;
    }
    if (s.lastSeenAtMs + TOUCH_EVERY_MS <= now) await this.repo.touchSession(idHash, now);
    return { idHash, userId: s.userId };
  }
}
