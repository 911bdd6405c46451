import { createHash, randomBytes } from 'node:crypto';
import { hashSecret, verifySecret } from '../crypto/secret-hash.js';
import type { ApiKeyCreatedDto, ApiKeyDto } from '../../../shared/health.js';
import type { Storage } from '../../storage/port.js';

/**
 * Per-user API keys for push integrations (Health Auto Export). A key reads
 * `mv_<id>_<secret>`: the id finds the row, the secret is checked against its argon2id hash
 * (OWASP 2023 minimum: m=19 MiB, t=2, p=1; Node 20 has no native argon2, hash-wasm runs it in WASM on
 * a worker thread, crypto/secret-hash.ts).
 * The secret is returned once and never stored. A verified key is cached for a minute by the
 * SHA-256 of the whole key, so a burst of uploads does not pay 19 MiB of hashing per request;
 * revoking clears the cache at once.
 */
const CACHE_MS = 60_000;
const TOUCH_EVERY_MS = 60_000;
const KEY_RE = /^mv_([0-9a-f]{16})_([A-Za-z0-9_-]{32,64})$/;

function notFound(): Error {
  return Object.assign(new Error('no such API key'), { statusCode: 404, code: 'not_found' });
}

export class ApiKeyService {
  private cache = new Map<string, { id: string; userId: string; until: number }>();
  private touched = new Map<string, number>();

  constructor(private readonly deps: { storage: Storage; now?: () => number }) {}

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  async create(userId: string, name: string): Promise<ApiKeyCreatedDto> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const keyHash = await hashSecret(secret);
    await this.deps.storage.apiKeys.create({ id, userId, name: name.trim() || 'API key', keyHash, createdAtMs: this.now() });
    return { id, key: `mv_${id}_${secret}` };
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return (await this.deps.storage.apiKeys.list(userId)).map((k) => ({
      id: k.id,
      name: k.name,
      createdAt: new Date(k.createdAtMs).toISOString(),
      lastUsedAt: iso(k.lastUsedAtMs),
      revokedAt: iso(k.revokedAtMs),
    }));
  }

  async revoke(userId: string, id: string): Promise<void> {
    const ok = await this.deps.storage.apiKeys.revoke(userId, id, this.now());
    for (const [k, v] of this.cache) if (v.id === id) this.cache.delete(k);
    if (!ok) throw notFound();
  }

  /** The key's id and user, or null for a missing, malformed, wrong or revoked key. */
  async authenticate(raw: string | undefined): Promise<{ id: string; userId: string } | null> {
    if (!raw) return null;
    const m = KEY_RE.exec(raw.trim());
    if (!m) return null;
    const digest = createHash('sha256').update(raw.trim()).digest('hex');
    const now = this.now();
    const hit = this.cache.get(digest);
    let who: { id: string; userId: string } | null = hit && hit.until > now ? { id: hit.id, userId: hit.userId } : null;
    if (!who) {
      const row = await this.deps.storage.apiKeys.byId(m[1]);
      if (!row || row.revokedAtMs !== null) return null;
      const ok = await verifySecret(m[2], row.keyHash).catch(() => false);
      if (!ok) return null;
      who = { id: row.id, userId: row.userId };
      this.cache.set(digest, { ...who, until: now + CACHE_MS });
    }
    if ((this.touched.get(who.id) ?? 0) + TOUCH_EVERY_MS <= now) {
      this.touched.set(who.id, now);
      await this.deps.storage.apiKeys.touch(who.id, now);
    }
    return who;
  }
}
