import { describe, expect, it, vi } from 'vitest';
import type { AccountsRepo } from '../../storage/repos/accounts.repo.js';

const counts = vi.hoisted(() => ({ verify: 0 }));
vi.mock('../crypto/secret-hash.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../crypto/secret-hash.js')>();
  return { ...real, verifySecret: (s: string, h: string) => (counts.verify++, real.verifySecret(s, h)) };
});
const { AccessTokens } = await import('./access-tokens.js');
const { hashSecret } = await import('../crypto/secret-hash.js');

const FAST = { parallelism: 1, iterations: 1, memorySize: 64, hashLength: 32 };

function memoryRepo() {
  const rows = new Map<string, { id: string; userId: string; name: string; scope: string; tokenHash: string; createdAtMs: number; lastUsedAtMs: number | null; revokedAtMs: number | null }>();
  const repo = {
    async createToken(t: { id: string; userId: string; name: string; scope: string; tokenHash: string; createdAtMs: number }) {
      rows.set(t.id, { ...t, lastUsedAtMs: null, revokedAtMs: null });
    },
    async token(id: string) {
      return rows.get(id) ?? null;
    },
    async revokeToken(_u: string, id: string, at: number) {
      const r = rows.get(id);
      if (r) r.revokedAtMs = at;
      return Boolean(r);
    },
    async touchToken() {},
  };
  return { repo: repo as unknown as AccountsRepo, rows };
}

describe('personal access tokens after the verification cache expires', () => {
  it('re-reads the row each minute but hashes a token once while its stored hash stays the same', async () => {
    const { repo } = memoryRepo();
    let now = 1_000_000;
    const tokens = new AccessTokens(repo, () => now, FAST);
    const { token } = await tokens.create('u1', 'cli', 'read');
    counts.verify = 0;
    for (let minute = 0; minute < 5; minute++) {
      expect((await tokens.authenticate(token))?.userId).toBe('u1');
      now += 61_000;
    }
    expect(counts.verify).toBe(1);
  });

  it('a revoke or a new hash written by another process is seen once the minute is over', async () => {
    const { repo, rows } = memoryRepo();
    let now = 1_000_000;
    const tokens = new AccessTokens(repo, () => now, FAST);
    const a = await tokens.create('u1', 'a', 'read');
    const b = await tokens.create('u1', 'b', 'read');
    expect(await tokens.authenticate(a.token)).not.toBeNull();
    expect(await tokens.authenticate(b.token)).not.toBeNull();
    // Straight to the rows: this process's caches are not told.
    rows.get(a.id)!.revokedAtMs = now;
    rows.get(b.id)!.tokenHash = await hashSecret('some-other-secret-entirely-0123456789abcdefghij', FAST);
    expect(await tokens.authenticate(a.token)).not.toBeNull(); // within the minute: cached
    now += 61_000;
    expect(await tokens.authenticate(a.token)).toBeNull();
    expect(await tokens.authenticate(b.token)).toBeNull();
  });
});
