import { describe, expect, it } from 'vitest';
import type { AccountsRepo } from '../../storage/repos/accounts.repo.js';
import { AccessTokens } from './access-tokens.js';

/** A repo that holds token rows in memory and counts lookups. */
function fakeRepo() {
  const rows = new Map<string, { id: string; userId: string; name: string; scope: string; tokenHash: string; createdAtMs: number; lastUsedAtMs: number | null; revokedAtMs: number | null }>();
  let lookups = 0;
  const repo = {
    async createToken(t: { id: string; userId: string; name: string; scope: string; tokenHash: string; createdAtMs: number }) {
      rows.set(t.id, { ...t, lastUsedAtMs: null, revokedAtMs: null });
    },
    async token(id: string) {
      lookups++;
      return rows.get(id) ?? null;
    },
    async revokeToken(_userId: string, id: string, atMs: number) {
      const r = rows.get(id);
      if (!r) return false;
      r.revokedAtMs = atMs;
      return true;
    },
    async touchToken() {},
  };
  return { repo: repo as unknown as AccountsRepo, lookups: () => lookups };
}

const FAST = { parallelism: 1, iterations: 1, memorySize: 64, hashLength: 32 };

describe('personal access tokens', () => {
  it('a burst of requests with a new token verifies it once (issue 14: 48 clients waited 5 s)', async () => {
    const { repo, lookups } = fakeRepo();
    const tokens = new AccessTokens(repo, Date.now, FAST);
    const { token } = await tokens.create('u1', 'cli', 'read');
    const who = await Promise.all(Array.from({ length: 48 }, () => tokens.authenticate(token)));
    expect(who.every((w) => w?.userId === 'u1' && w.scope === 'read')).toBe(true);
    expect(lookups()).toBe(1);
    expect(await tokens.authenticate(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
  });

  it('a token revoked while its verification runs is not cached as valid', async () => {
    const { repo } = fakeRepo();
    const tokens = new AccessTokens(repo, Date.now, FAST);
    const { id, token } = await tokens.create('u1', 'cli', 'read-write');
    const verifying = tokens.authenticate(token);
    await tokens.revoke('u1', id);
    await verifying;
    expect(await tokens.authenticate(token)).toBeNull();
  });

  it('remembers revocations only while a verification is in flight (no set that grows for the life of the process)', async () => {
    const { repo } = fakeRepo();
    const tokens = new AccessTokens(repo, Date.now, FAST);
    const revokedDuring = () => (tokens as unknown as { revokedDuring: Set<string> }).revokedDuring.size;
    for (let i = 0; i < 20; i++) await tokens.revoke('u1', (await tokens.create('u1', `t${i}`, 'read')).id);
    expect(revokedDuring()).toBe(0);
    const a = await tokens.create('u1', 'a', 'read');
    const b = await tokens.create('u1', 'b', 'read');
    const verifying = tokens.authenticate(b.token);
    await tokens.revoke('u1', a.id);
    expect(revokedDuring()).toBe(1);
    expect((await verifying)?.userId).toBe('u1');
    expect(revokedDuring()).toBe(0);
    expect(await tokens.authenticate(a.token)).toBeNull();
  });
});
