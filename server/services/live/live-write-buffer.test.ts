import { describe, expect, it } from 'vitest';
import type { LivePointRow, LiveRepo, LiveSessionTimes } from '../../storage/repos/live.repo.js';
import { LiveWriteBuffer } from './live-write-buffer.js';

function fakeRepo() {
  const calls: { points: number; sessions: LiveSessionTimes[] }[] = [];
  const repo = { writeBatch: async (p: LivePointRow[], s: LiveSessionTimes[]) => (calls.push({ points: p.length, sessions: s.map((x) => ({ ...x })) }), p.length) } as unknown as LiveRepo;
  return { repo, calls };
}
const point = (sessionId: string, tMs: number) => ({ sessionId, tMs, lat: 47, lon: 8, altitudeM: null, speedMps: null, headingDeg: null, accuracyM: null, hrBpm: null, batteryPct: null, receivedAtMs: tMs }) as LivePointRow;
const times = (id: string, s: number, l: number) => ({ id, startedAtMs: s, lastPointMs: l, lastReceivedAtMs: l });

describe('LiveWriteBuffer', () => {
  it('stores every point at once but a session row at most every sessionWriteMs, earlier starts and close() at once', async () => {
    const { repo, calls } = fakeRepo();
    let now = 0;
    const buf = new LiveWriteBuffer(repo, () => {}, { flushMs: 1, maxPoints: 1000, sessionWriteMs: 5_000 }, () => now);
    await buf.add([point('a', 1000)], [times('a', 1000, 1000)]);
    expect(calls.at(-1)).toEqual({ points: 1, sessions: [times('a', 1000, 1000)] }); // new session: written
    now = 1_000;
    await buf.add([point('a', 2000)], [times('a', 1000, 2000)]);
    expect(calls.at(-1)).toEqual({ points: 1, sessions: [] }); // the point is stored, the row waits
    now = 2_000;
    await buf.add([point('a', 500)], [times('a', 500, 500)]);
    // A fix from before the stored start: written at once, merged with what was pending.
    expect(calls.at(-1)!.sessions).toEqual([{ id: 'a', startedAtMs: 500, lastPointMs: 2000, lastReceivedAtMs: 2000 }]);
    now = 3_000;
    await buf.add([point('a', 3000)], [times('a', 500, 3000)]);
    expect(calls.at(-1)!.sessions).toEqual([]);
    now = 7_500;
    await buf.add([point('a', 4000)], [times('a', 500, 4000)]);
    expect(calls.at(-1)!.sessions).toEqual([times('a', 500, 4000)]); // 5.5 s since the last row write
    now = 8_000;
    await buf.add([point('a', 5000)], [times('a', 500, 5000)]);
    expect(calls.at(-1)!.sessions).toEqual([]);
    await buf.close();
    expect(calls.at(-1)).toEqual({ points: 0, sessions: [times('a', 500, 5000)] }); // nothing is left behind
    expect(calls.reduce((n, c) => n + c.points, 0)).toBe(6);
  });

  it('writes a quiet session\'s pending times by itself after sessionWriteMs', async () => {
    const { repo, calls } = fakeRepo();
    let now = 0;
    const buf = new LiveWriteBuffer(repo, () => {}, { flushMs: 1, maxPoints: 1000, sessionWriteMs: 40 }, () => now);
    await buf.add([point('b', 1)], [times('b', 1, 1)]);
    await buf.add([point('b', 2)], [times('b', 1, 2)]);
    expect(calls.at(-1)!.sessions).toEqual([]);
    now = 100;
    await new Promise((r) => setTimeout(r, 120));
    expect(calls.at(-1)).toEqual({ points: 0, sessions: [times('b', 1, 2)] });
    await buf.close();
  });
});
