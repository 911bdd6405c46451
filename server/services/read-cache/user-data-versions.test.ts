import { describe, expect, it } from 'vitest';
import { UserDataVersions } from './user-data-versions.js';

/** A fingerprint read the test answers by hand. */
function reads() {
  const waiting: { userId: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const readVersion = (userId: string) => new Promise<string>((resolve, reject) => waiting.push({ userId, resolve, reject }));
  return { waiting, readVersion };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

/** Versions on a hand-driven clock whose first read (at 0) has answered 'fp1'. */
async function primed(clock: { now: number }) {
  const r = reads();
  const v = new UserDataVersions({ readVersion: r.readVersion, now: () => clock.now });
  const first = v.databaseVersion('u1');
  r.waiting.shift()!.resolve('fp1');
  await first;
  return { r, v };
}

describe('per-athlete data versions', () => {
  it('reads the fingerprint once per second and reads ahead, so a browsing athlete never waits', async () => {
    let now = 10_000;
    const r = reads();
    const v = new UserDataVersions({ readVersion: r.readVersion, now: () => now });
    // First use: the request waits for the read, and a burst shares it.
    const a = v.databaseVersion('u1');
    const b = v.databaseVersion('u1');
    expect(r.waiting).toHaveLength(1);
    r.waiting.shift()!.resolve('fp1');
    expect(await a).toBe('fp1');
    expect(await b).toBe('fp1');
    // Within the first three quarters of the second: no read.
    now += 700;
    expect(await v.databaseVersion('u1')).toBe('fp1');
    expect(r.waiting).toHaveLength(0);
    // In the last quarter: the known value at once, and one read in the background.
    now += 100;
    expect(await v.databaseVersion('u1')).toBe('fp1');
    expect(await v.databaseVersion('u1')).toBe('fp1');
    expect(r.waiting).toHaveLength(1);
    r.waiting.shift()!.resolve('fp2');
    await flush();
    expect(await v.databaseVersion('u1')).toBe('fp2');
    // The new value counts from when its read started (t = 10,800).
    now = 10_800 + 999;
    expect(await v.databaseVersion('u1')).toBe('fp2');
    expect(r.waiting).toHaveLength(1); // read ahead again
    r.waiting.shift()!.resolve('fp3');
    await flush();
    // Never used past a second after its read started: an idle athlete's next request waits.
    now += 5_000;
    const c = v.databaseVersion('u1');
    expect(r.waiting).toHaveLength(1);
    r.waiting.shift()!.resolve('fp4');
    expect(await c).toBe('fp4');
  });

  it('a read ahead still running when the second is over is waited for, not started again', async () => {
    const clock = { now: 0 };
    const { r, v } = await primed(clock);
    clock.now = 900;
    expect(await v.databaseVersion('u1')).toBe('fp1');
    expect(r.waiting).toHaveLength(1);
    clock.now = 1_200;
    const late = v.databaseVersion('u1');
    expect(r.waiting).toHaveLength(1);
    r.waiting.shift()!.resolve('fp2');
    expect(await late).toBe('fp2');
  });

  it('a failed read ahead keeps the value until it expires; then the request gets the error', async () => {
    const clock = { now: 0 };
    const { r, v } = await primed(clock);
    clock.now = 800;
    expect(await v.databaseVersion('u1')).toBe('fp1');
    r.waiting.shift()!.reject(new Error('database gone'));
    await flush();
    clock.now = 900;
    expect(await v.databaseVersion('u1')).toBe('fp1');
    expect(r.waiting).toHaveLength(1);
    r.waiting.shift()!.reject(new Error('database gone'));
    await flush();
    clock.now = 1_000;
    const failing = v.databaseVersion('u1');
    r.waiting.shift()!.reject(new Error('database gone'));
    await expect(failing).rejects.toThrow('database gone');
  });

  it('this process’s own writes move the version at once, whatever the fingerprint', async () => {
    const v = new UserDataVersions({ readVersion: async () => 'fp', extra: () => 7 });
    const before = await v.current('u1');
    v.bump('u1');
    const after = await v.current('u1');
    expect(after).not.toBe(before);
    expect(v.localPart('u1')).toBe('1.7');
    expect(await v.current('u2')).toBe('0.7|fp');
  });
});
