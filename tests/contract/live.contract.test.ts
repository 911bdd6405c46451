import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAdapters } from '../helpers/storage-adapters.js';
import type { Storage } from '../../server/storage/port.js';
import type { LivePointRow } from '../../server/storage/repos/live.repo.js';

/** Live sharing storage (issue 19) on SQLite and on a real PostgreSQL. */
const adapters = storageAdapters;

const T0 = Date.UTC(2026, 5, 1, 8, 0, 0);

function pt(sessionId: string, s: number, extra: Partial<LivePointRow> = {}): LivePointRow {
  return { sessionId, tMs: T0 + s * 1000, lat: 47 + s * 1e-4, lon: 8, altitudeM: 400, speedMps: 3, headingDeg: 0, accuracyM: 5, hrBpm: 140, batteryPct: 80, receivedAtMs: T0 + s * 1000, ...extra };
}

describe.each(adapters)('live sharing contract: %s', (_kind, factory) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const A = 'user-a';
  const B = 'user-b';

  beforeAll(async () => {
    ({ storage, cleanup } = await factory());
    await storage.users.ensure(A, 'Alice');
    await storage.users.ensure(B, 'Bob');
  });
  afterAll(async () => cleanup?.());

  async function session(id: string, user = A, tokenId = 'tok-a', startS = 0) {
    await storage.live.createSession({ id, userId: user, tokenId, startedAtMs: T0 + startS * 1000, lastPointMs: T0 + startS * 1000, lastReceivedAtMs: T0, shareToken: `share-${id}`, shareExpiresAtMs: T0 + 86_400_000, createdAtMs: T0 });
  }

  it('stores tokens by hash, per user, and revokes them once', async () => {
    await storage.live.createToken({ id: 'tok-a', userId: A, name: 'Phone', tokenHash: 'h-a', createdAtMs: T0 });
    await storage.live.createToken({ id: 'tok-b', userId: B, name: 'Phone', tokenHash: 'h-b', createdAtMs: T0 + 1 });
    expect(await storage.live.tokenByHash('h-a')).toMatchObject({ id: 'tok-a', userId: A, revokedAtMs: null, lastUsedAtMs: null });
    expect(await storage.live.tokenByHash('nope')).toBeNull();
    expect((await storage.live.listTokens(B)).map((t) => t.id)).toEqual(['tok-b']);
    expect(await storage.live.revokeToken(B, 'tok-a', T0)).toBe(false); // not Bob's
    await storage.live.touchToken('tok-a', T0 + 5);
    expect(await storage.live.revokeToken(A, 'tok-a', T0 + 10)).toBe(true);
    expect(await storage.live.revokeToken(A, 'tok-a', T0 + 20)).toBe(false);
    expect(await storage.live.tokenByHash('h-a')).toMatchObject({ revokedAtMs: T0 + 10, lastUsedAtMs: T0 + 5 });
  });

  it('writes batches deduplicated by (session, time), out of order, and moves session times', async () => {
    await session('s1');
    const first = await storage.live.writeBatch([pt('s1', 0), pt('s1', 10), pt('s1', 5)], [{ id: 's1', startedAtMs: T0, lastPointMs: T0 + 10_000, lastReceivedAtMs: T0 + 10_000 }]);
    expect(first).toBe(3);
    // A tracker re-sends its queue after a tunnel: two known points, one earlier new one.
    const again = await storage.live.writeBatch([pt('s1', 10), pt('s1', 5, { lat: 1 }), pt('s1', -3, { receivedAtMs: T0 + 20_000 })], [{ id: 's1', startedAtMs: T0 - 3000, lastPointMs: T0 + 10_000, lastReceivedAtMs: T0 + 20_000 }]);
    expect(again).toBe(1);
    const pts = await storage.live.points('s1', null, 100);
    expect(pts.map((p) => p.tMs - T0)).toEqual([-3000, 0, 5000, 10_000]);
    expect(pts[2]!.lat).toBeCloseTo(47 + 5e-4, 9); // the first copy is kept
    expect(pts[0]).toMatchObject({ sessionId: 's1', altitudeM: 400, hrBpm: 140, batteryPct: 80 });
    expect((await storage.live.points('s1', T0, 100)).map((p) => p.tMs - T0)).toEqual([5000, 10_000]);
    expect((await storage.live.points('s1', null, 2)).length).toBe(2);
    // A late point older than the cursor but received after the viewer's last message comes too.
    expect((await storage.live.points('s1', T0 + 5000, 100, T0 + 15_000)).map((p) => p.tMs - T0)).toEqual([-3000, 10_000]);
    expect((await storage.live.points('s1', T0 + 5000, 100, T0 + 30_000)).map((p) => p.tMs - T0)).toEqual([10_000]);
    expect((await storage.live.pointBefore('s1', T0 + 5000))!.tMs).toBe(T0);
    expect(await storage.live.pointBefore('s1', T0 - 3000)).toBeNull();
    expect(await storage.live.countPoints('s1')).toBe(4);
    // An older batch arriving late never moves the end back.
    await storage.live.writeBatch([], [{ id: 's1', startedAtMs: T0, lastPointMs: T0 + 1000, lastReceivedAtMs: T0 }]);
    expect(await storage.live.getSession(A, 's1')).toMatchObject({ startedAtMs: T0 - 3000, lastPointMs: T0 + 10_000, lastReceivedAtMs: T0 + 20_000 });
  });

  it('finds sessions by token, time, share token and overlap, and keeps users apart', async () => {
    await session('s2', A, 'tok-a', 3600);
    expect((await storage.live.latestSession('tok-a'))!.id).toBe('s2');
    expect(await storage.live.latestSession('tok-x')).toBeNull();
    expect((await storage.live.sessionCovering('tok-a', T0 + 60_000, 30 * 60_000))!.id).toBe('s1');
    expect(await storage.live.sessionCovering('tok-a', T0 + 10 * 3600_000, 30 * 60_000)).toBeNull();
    expect((await storage.live.sessionByShareToken('share-s1'))!.id).toBe('s1');
    expect(await storage.live.getSession(B, 's1')).toBeNull();
    const list = await storage.live.listSessions(A, 10);
    expect(list.map((s) => [s.id, s.pointCount])).toEqual([['s2', 0], ['s1', 4]]);
    expect(await storage.live.listSessions(B, 10)).toEqual([]);
    expect((await storage.live.sessionsOverlapping(A, T0 + 5000, T0 + 6000)).map((s) => s.id)).toEqual(['s1']);
    expect(await storage.live.sessionsOverlapping(B, T0, T0 + 6000)).toEqual([]);
  });

  it('ends, re-shares, revokes and links sessions only for their owner', async () => {
    expect(await storage.live.endSession(B, 's1', T0, 'stopped')).toBe(false);
    expect(await storage.live.endSession(A, 's1', T0 + 11_000, 'stopped')).toBe(true);
    expect(await storage.live.endSession(A, 's1', T0 + 12_000, 'stopped')).toBe(false);
    expect(await storage.live.setShare(B, 's1', { shareToken: 'x', shareExpiresAtMs: 1, shareRevokedAtMs: null })).toBe(false);
    expect(await storage.live.setShare(A, 's1', { shareToken: 'share-s1b', shareExpiresAtMs: T0 + 5, shareRevokedAtMs: T0 + 1 })).toBe(true);
    expect(await storage.live.sessionByShareToken('share-s1')).toBeNull();
    await storage.live.linkActivity(B, 's1', 'act-b');
    await storage.live.linkActivity(A, 's1', 'act-1');
    expect(await storage.live.getSession(A, 's1')).toMatchObject({ endedAtMs: T0 + 11_000, endReason: 'stopped', shareToken: 'share-s1b', shareRevokedAtMs: T0 + 1, activityId: 'act-1' });
  });

  it('keeps one planned route per session, listed with the session, removed by its owner only', async () => {
    const plan = (sessionId: string, name: string, userId = A) => ({ sessionId, userId, name, source: 'gpx', distanceM: 1234.5, pointCount: 3, track: Uint8Array.from([1, 2, 250]), createdAtMs: T0 });
    await storage.live.setPlan(plan('s1', 'Old plan'));
    await storage.live.setPlan(plan('s1', 'Race route'));
    await storage.live.setPlan(plan('s2', 'Loop'));
    const got = await storage.live.getPlan('s1');
    expect(got).toMatchObject({ sessionId: 's1', userId: A, name: 'Race route', source: 'gpx', distanceM: 1234.5, pointCount: 3, createdAtMs: T0 });
    expect([...got!.track]).toEqual([1, 2, 250]);
    const listed = await storage.live.listSessions(A, 10);
    expect(listed.find((x) => x.id === 's1')).toMatchObject({ planName: 'Race route', planDistanceM: 1234.5 });
    expect(await storage.live.deletePlan(B, 's2')).toBe(false);
    expect(await storage.live.deletePlan(A, 's2')).toBe(true);
    expect(await storage.live.getPlan('s2')).toBeNull();
    expect((await storage.live.listSessions(A, 10)).find((x) => x.id === 's2')).toMatchObject({ planName: null, planDistanceM: null });
  });

  it('retention deletes old sessions with their points and trims long ones', async () => {
    await session('s3', A, 'tok-a', 7200);
    await storage.live.writeBatch([pt('s2', 3600), pt('s2', 7300), pt('s3', 7200), pt('s3', 7201)], [{ id: 's2', startedAtMs: T0 + 3600_000, lastPointMs: T0 + 7_300_000, lastReceivedAtMs: T0 }]);
    const res = await storage.live.deleteOlderThan(T0 + 7_200_000);
    expect(res).toEqual({ sessions: 1, points: 5 }); // s1 with its 4 points, and s2's first point
    expect(await storage.live.getSession(A, 's1')).toBeNull();
    expect(await storage.live.getPlan('s1')).toBeNull(); // the plan went with its session
    expect((await storage.live.points('s2', null, 10)).map((p) => p.tMs)).toEqual([T0 + 7_300_000]);
    expect(await storage.live.countPoints('s3')).toBe(2);
    expect(await storage.live.deleteOlderThan(T0)).toEqual({ sessions: 0, points: 0 });
  });
});
