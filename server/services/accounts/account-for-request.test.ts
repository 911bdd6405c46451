import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/port.js';
import type { AccountRow } from '../../storage/repos/accounts.repo.js';
import { AccountsService } from './accounts.service.js';

/** An accounts repo whose byId answers only when the test says so. */
function slowRepo() {
  let reads = 0;
  const waiting: (() => void)[] = [];
  const row = (disabled: boolean) => ({ id: 'u1', email: 'a@example.org', role: 'athlete', disabled, status: 'active' }) as unknown as AccountRow;
  let disabled = false;
  const accounts = {
    async byId() {
      reads++;
      const answer = row(disabled);
      await new Promise<void>((r) => waiting.push(r));
      return answer;
    },
    async update(_id: string, next: { disabled?: boolean }) {
      if (next.disabled !== undefined) disabled = next.disabled;
    },
    async deleteSessionsOf() {},
    async list() {
      return [];
    },
  };
  return {
    storage: { accounts } as unknown as Storage,
    reads: () => reads,
    release: () => waiting.splice(0).forEach((r) => r()),
  };
}

describe('the account behind a request', () => {
  it('is read once for the requests that find it expired together, then kept for a second', async () => {
    const repo = slowRepo();
    let now = 0;
    const s = new AccountsService({ storage: repo.storage, now: () => now });
    const many = Promise.all(Array.from({ length: 5 }, () => s.forRequest('u1')));
    await new Promise((r) => setImmediate(r));
    expect(repo.reads()).toBe(1);
    repo.release();
    expect((await many).every((a) => a?.id === 'u1')).toBe(true);
    expect((await s.forRequest('u1'))?.id).toBe('u1');
    expect(repo.reads()).toBe(1);
    now += 1001;
    const again = s.forRequest('u1');
    await new Promise((r) => setImmediate(r));
    repo.release();
    await again;
    expect(repo.reads()).toBe(2);
  });

  it('does not keep a row read before a change made while the read was in flight', async () => {
    const repo = slowRepo();
    const s = new AccountsService({ storage: repo.storage, now: () => 0 });
    const before = s.forRequest('u1'); // reads the row while it is still enabled
    await new Promise((r) => setImmediate(r));
    // The admin disables the account meanwhile (update reads the row too: release it as it asks).
    const disabling = s.update({ userId: 'admin' } as never, 'u1', { disabled: true }, { ip: '127.0.0.1' } as never).catch((e: unknown) => e);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      repo.release();
    }
    await disabling;
    expect((await before)?.disabled).toBe(false); // the request already in flight
    const next = s.forRequest('u1');
    await new Promise((r) => setImmediate(r));
    repo.release();
    expect((await next)?.disabled).toBe(true); // the next request reads again and sees the change
  });
});
