import { randomBytes } from 'node:crypto';
import { hashSecret, verifySecret, type Argon2Params } from '../crypto/secret-hash.js';
import type { AccountsRepo } from '../../storage/repos/accounts.repo.js';
import { accountError } from './account-errors.js';
import { sha256Hex } from './session.service.js';

export type TokenScope = 'read' | 'read-write';

/**
 * Personal access tokens for the CLI and scripts (issue 14), hashed like the Health Auto Export
 * keys (services/health/api-key.service.ts): `mvp_<id>_<secret>`, the id finds the row, the
 * secret is checked against its argon2id hash on the worker thread, a verified token is cached
 * for a minute by the SHA-256 of the whole token so a script's burst of requests does not pay
 * 19 MiB of hashing each; revoking clears the cache at once. After the minute the row is read
 * again (revoked by another process? hash replaced?) but the hash is not recomputed when the row
 * still holds the hash this exact token was verified against: argon2 would only say yes again.
 * (Re-hashing every token each minute queued 50 tokens × 30–60 ms on the one argon2 thread, and
 * every request of those athletes waited up to 3 s behind it: issue 14's bench.)
 */
const TOKEN_RE = /^mvp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 60_000;
const TOUCH_EVERY_MS = 60_000;

export interface TokenIdentity {
  id: string;
  userId: string;
  scope: TokenScope;
}

export class AccessTokens {
  private cache = new Map<string, TokenIdentity & { until: number; tokenHash: string }>();
  private touched = new Map<string, number>();
  /** Verifications under way by token digest: a burst of requests with one new token hashes once. */
  private pending = new Map<string, Promise<TokenIdentity | null>>();
  /**
   * Tokens revoked while a verification was under way: that verification must not cache them.
   * Emptied whenever no verification is in flight, so it never outgrows the verifications running.
   */
  private revokedDuring = new Set<string>();

  constructor(private readonly repo: AccountsRepo, private readonly now: () => number, private readonly argon2?: Argon2Params) {}

  static looksLikeToken(raw: string): boolean {
    return raw.startsWith('mvp_');
  }

  async create(userId: string, name: string, scope: TokenScope): Promise<{ id: string; token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await this.repo.createToken({ id, userId, name, scope, tokenHash: await hashSecret(secret, this.argon2), createdAtMs: this.now() });
    return { id, token: `mvp_${id}_${secret}` };
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.repo.revokeToken(userId, id, this.now()))) throw accountError(404, 'not_found', 'no such token');
    for (const [k, v] of this.cache) if (v.id === id) this.cache.delete(k);
    if (this.pending.size > 0) this.revokedDuring.add(id);
  }

  /** Forgets cached verifications of a user's tokens (user disabled or deleted). */
  forgetUser(userId: string): void {
    for (const [k, v] of this.cache) if (v.userId === userId) this.cache.delete(k);
  }

  async authenticate(raw: string): Promise<TokenIdentity | null> {
    const m = TOKEN_RE.exec(raw);
    if (!m) return null;
    const digest = sha256Hex(raw);
    const now = this.now();
    const hit = this.cache.get(digest);
    let who: TokenIdentity | null = hit && hit.until > now ? { id: hit.id, userId: hit.userId, scope: hit.scope } : null;
    if (!who) {
      let verifying = this.pending.get(digest);
      if (!verifying) {
        verifying = this.verify(m[1], m[2], digest, hit?.tokenHash).finally(() => {
          this.pending.delete(digest);
          if (this.pending.size === 0) this.revokedDuring.clear();
        });
        this.pending.set(digest, verifying);
      }
      who = await verifying;
      if (!who) return null;
    }
    if ((this.touched.get(who.id) ?? 0) + TOUCH_EVERY_MS <= now) {
      this.touched.set(who.id, now);
      // Not awaited: "last used" is a note for the token list, and on PostgreSQL the write queued
      // the request behind other athletes' queries for a pool connection (issue 14). A failed note
      // is tried again with the token's next use.
      this.repo.touchToken(who.id, now).catch(() => this.touched.delete(who.id));
    }
    return who;
  }

  /** `verifiedHash`: the stored hash this exact token (same SHA-256) was verified against before. */
  private async verify(id: string, secret: string, digest: string, verifiedHash?: string): Promise<TokenIdentity | null> {
    const row = await this.repo.token(id);
    if (!row || row.revokedAtMs !== null) {
      this.cache.delete(digest);
      return null;
    }
    if (row.tokenHash !== verifiedHash && !(await verifySecret(secret, row.tokenHash).catch(() => false))) return null;
    const who: TokenIdentity = { id: row.id, userId: row.userId, scope: row.scope === 'read-write' ? 'read-write' : 'read' };
    // A revoke that landed while the hash ran must not be undone by caching the old answer.
    if (this.revokedDuring.has(row.id)) return null;
    this.cache.set(digest, { ...who, until: this.now() + CACHE_MS, tokenHash: row.tokenHash });
    return who;
  }
}
