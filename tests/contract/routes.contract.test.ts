import { randomUUID } from 'node:crypto';
import { storageAdapters } from '../helpers/storage-adapters.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleTrack } from '../../server/domain/routes/track.js';
import { decodeTrack } from '../../server/domain/routes/track-codec.js';
import { newRouteRow, summaryColumnsOf } from '../../server/services/routes/route-tracks.js';
import type { Storage } from '../../server/storage/port.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';
import { AnalysisService } from '../../server/services/analysis/analysis.service.js';
import { loop, walk } from '../helpers/track-fixtures.js';

/** The routes and segments repositories, run on SQLite and on a real PostgreSQL. */
const adapters = storageAdapters;

const w = walk(loop(500), { seed: 1 });
const TRACK = resampleTrack(w.lat, w.lon, w.timeS)!;

describe.each(adapters)('routes contract: %s', (_kind, factory) => {
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

  async function activity(user: string, startTime = '2024-05-01T07:00:00.000Z', times?: { timerTimeS: number | null; elapsedTimeS: number | null }) {
    const id = randomUUID();
    const sha = randomUUID();
    const base = makeParsedActivity({ n: 600 });
    const parsed = { ...base, startTime, summary: { ...base.summary, ...times } };
    await storage.originals.upsert({ userId: user, sha256: sha, fileName: 'run.fit', sizeBytes: 1, format: 'fit' });
    await storage.activities.insert({ id, userId: user, originalSha256: sha, sourceIndex: 0, name: 'Morning Run', parsed, streams: prepareStreams(parsed.streams) });
    await storage.routes.upsertTrack({ activityId: id, userId: user, sport: 'running', startTimeMs: Date.parse(startTime), routeId: null, routeCostM: null, ...summaryColumnsOf(TRACK) });
    return id;
  }

  it('inserts a new activity\'s track like an upsert does', async () => {
    const id = randomUUID();
    const sha = randomUUID();
    const parsed = { ...makeParsedActivity({}), startTime: '2024-06-01T07:00:00.000Z' };
    await storage.originals.upsert({ userId: A, sha256: sha, fileName: 'run.fit', sizeBytes: 1, format: 'fit' });
    await storage.activities.insert({ id, userId: A, originalSha256: sha, sourceIndex: 0, name: 'Run', parsed, streams: prepareStreams(parsed.streams) });
    await storage.routes.insertTrack({ activityId: id, userId: A, sport: 'running', startTimeMs: Date.parse(parsed.startTime), routeId: null, routeCostM: null, ...summaryColumnsOf(TRACK) });
    const t = await storage.routes.getTrack(A, id);
    expect(t!.pointCount).toBe(TRACK.lat.length);
    expect(decodeTrack(t!.track).lat.length).toBe(TRACK.lat.length);
    // A second insert for the same activity is refused (upsertTrack is the replacing call).
    await expect(storage.routes.insertTrack({ activityId: id, userId: A, sport: 'running', startTimeMs: 0, routeId: null, routeCostM: null, ...summaryColumnsOf(TRACK) })).rejects.toThrow();
  });

  it('stores a track blob and its summary columns exactly', async () => {
    const id = await activity(A);
    const t = await storage.routes.getTrack(A, id);
    expect(t).not.toBeNull();
    expect(t!.startTimeMs).toBe(Date.parse('2024-05-01T07:00:00.000Z'));
    expect(t!.startLat).toBe(TRACK.lat[0]);
    expect(t!.pointCount).toBe(TRACK.lat.length);
    const back = decodeTrack(t!.track);
    expect(back.lat.length).toBe(TRACK.lat.length);
    expect(back.distanceM).toBeCloseTo(TRACK.distanceM, 1);
    expect(await storage.routes.getTrack(B, id)).toBeNull();
  });

  it('finds routes by start box and sport, lists members with activity figures, scoped by user', async () => {
    const a1 = await activity(A, '2024-05-02T07:00:00.000Z');
    const a2 = await activity(A, '2024-05-03T07:00:00.000Z');
    const r = newRouteRow(A, 'Loop', 'running', TRACK, null, 1000);
    await storage.routes.insertRoute(r);
    await storage.routes.setTrackRoute(A, [a1, a2], r.id, 4.5);
    const box = { minLat: TRACK.lat[0] - 0.001, maxLat: TRACK.lat[0] + 0.001, minLon: TRACK.lon[0] - 0.001, maxLon: TRACK.lon[0] + 0.001 };
    expect((await storage.routes.routesStartingIn(A, 'running', [box])).map((x) => x.id)).toEqual([r.id]);
    expect(await storage.routes.routesStartingIn(A, 'cycling', [box])).toEqual([]);
    expect(await storage.routes.routesStartingIn(B, 'running', [box])).toEqual([]);
    const far = { minLat: 10, maxLat: 11, minLon: 10, maxLon: 11 };
    expect(await storage.routes.routesStartingIn(A, 'running', [far])).toEqual([]);
    const m = await storage.routes.members(A, [r.id]);
    expect(m.map((x) => x.activityId)).toEqual([a1, a2]);
    expect(m[0]).toMatchObject({ routeId: r.id, routeCostM: 4.5, name: 'Morning Run', timerTimeS: expect.any(Number) });
    expect(await storage.routes.members(B)).toEqual([]);
    expect((await storage.routes.listRoutes(A)).map((x) => x.id)).toEqual([r.id]);
    expect(await storage.routes.listRoutes(B)).toEqual([]);
  });

  it("ranks an activity within its route: by moving time, ties by start, no time last; scoped by user", async () => {
    const t = (timerTimeS: number | null, elapsedTimeS: number | null = timerTimeS) => ({ timerTimeS, elapsedTimeS });
    const slow = await activity(A, '2024-07-01T07:00:00.000Z', t(3000));
    const fast = await activity(A, '2024-07-02T07:00:00.000Z', t(2000));
    const tieLater = await activity(A, '2024-07-03T07:00:00.000Z', t(3000));
    // No timer time: the elapsed time counts.
    const elapsedOnly = await activity(A, '2024-07-04T07:00:00.000Z', t(null, 2500));
    const noTime = await activity(A, '2024-07-05T07:00:00.000Z', t(null));
    const noTimeLater = await activity(A, '2024-07-06T07:00:00.000Z', t(null));
    const elsewhere = await activity(A, '2024-07-07T07:00:00.000Z', t(1000));
    const r = newRouteRow(A, 'Ranked loop', 'running', TRACK, null, 7);
    await storage.routes.insertRoute(r);
    await storage.routes.setTrackRoute(A, [slow, fast, tieLater, elapsedOnly, noTime, noTimeLater], r.id, 1);
    // Dave's activity on a route of his own, as fast as can be: not a member of Alice's.
    const D = 'user-d';
    await storage.users.ensure(D, 'Dave');
    const daves = await activity(D, '2024-07-01T06:00:00.000Z', t(10));
    const rd = newRouteRow(D, 'Dave loop', 'running', TRACK, null, 8);
    await storage.routes.insertRoute(rd);
    await storage.routes.setTrackRoute(D, [daves], rd.id, 1);
    const expected: [string, number][] = [[fast, 0], [elapsedOnly, 1], [slow, 2], [tieLater, 3], [noTime, 4], [noTimeLater, 5]];
    for (const [id, before] of expected) {
      expect(await storage.routes.routeRank(A, id), id).toEqual({ routeId: r.id, name: 'Ranked loop', members: 6, before });
    }
    expect(await storage.routes.routeRank(A, elsewhere)).toBeNull();
    expect(await storage.routes.routeRank(D, fast)).toBeNull();
    expect(await storage.routes.routeRank(D, daves)).toEqual({ routeId: rd.id, name: 'Dave loop', members: 1, before: 0 });
  });

  it('renames, deletes routes (clearing members and reverseOf) and deletes tracks', async () => {
    const a = await activity(A);
    const r1 = newRouteRow(A, 'One', 'running', TRACK, null, 1);
    const r2 = newRouteRow(A, 'Two', 'running', TRACK, r1.id, 2);
    await storage.routes.insertRoute(r1);
    await storage.routes.insertRoute(r2);
    await storage.routes.setTrackRoute(A, [a], r1.id, 1);
    expect(await storage.routes.updateRoute(B, r1.id, { name: 'x' })).toBe(false);
    expect(await storage.routes.updateRoute(A, r1.id, { name: 'Renamed' })).toBe(true);
    expect((await storage.routes.getRoute(A, r1.id))!.name).toBe('Renamed');
    await storage.routes.deleteRoute(A, r1.id);
    expect(await storage.routes.getRoute(A, r1.id)).toBeNull();
    expect((await storage.routes.getRoute(A, r2.id))!.reverseOf).toBeNull();
    expect((await storage.routes.getTrack(A, a))!.routeId).toBeNull();
    expect(await storage.routes.deleteTrack(A, a)).toEqual({ routeId: null });
    expect(await storage.routes.deleteTrack(A, a)).toBeNull();
  });

  it('filters heatmap tracks by sport and date, and finds tracks covering a box', async () => {
    const id = await activity(B, '2023-01-01T00:00:00.000Z');
    expect((await storage.routes.tracks(B, {})).map((t) => t.activityId)).toEqual([id]);
    expect(await storage.routes.tracks(B, { sport: 'cycling' })).toEqual([]);
    expect(await storage.routes.tracks(B, { fromMs: Date.parse('2023-06-01') })).toEqual([]);
    const inside = { minLat: TRACK.lat[0], maxLat: TRACK.lat[0] + 0.0001, minLon: TRACK.lon[0], maxLon: TRACK.lon[0] + 0.0001 };
    expect((await storage.routes.tracksCovering(B, inside)).map((t) => t.activityId)).toEqual([id]);
    expect(await storage.routes.tracksCovering(B, { minLat: 0, maxLat: 1, minLon: 0, maxLon: 1 })).toEqual([]);
  });

  it('reports track bounds per filter and the GPS activities still without a track', async () => {
    const C = 'user-c';
    await storage.users.ensure(C, 'Carol');
    expect(await storage.routes.bounds(C, {})).toBeNull();
    const id = await activity(C, '2022-03-01T00:00:00.000Z');
    const b = await storage.routes.bounds(C, {});
    expect(b!.minLat).toBeCloseTo(Math.min(...TRACK.lat), 9);
    expect(b!.maxLon).toBeCloseTo(Math.max(...TRACK.lon), 9);
    expect(await storage.routes.bounds(C, { sport: 'cycling' })).toBeNull();
    expect(await storage.routes.activitiesWithoutTrack(C, 10)).toEqual([]);
    await storage.routes.deleteTrack(C, id);
    expect(await storage.routes.activitiesWithoutTrack(C, 10)).toEqual([id]);
    expect(await storage.routes.activitiesWithoutTrack(A, 1000)).not.toContain(id);
  });

  it('stores segments and efforts, ranks efforts per segment, scoped by user', async () => {
    const a = await activity(A);
    const seg = { id: randomUUID(), userId: A, name: 'Hill', bothDirections: 0, sourceActivityId: a, createdAtMs: 5, ...summaryColumnsOf(TRACK) };
    await storage.segments.insertSegment(seg);
    const effort = (activityId: string, elapsedS: number) => ({ segmentId: seg.id, activityId, userId: A, direction: 'forward', startTimeMs: 1, startOffsetS: 10, endOffsetS: 10 + elapsedS, elapsedS, costM: 3 });
    const b = await activity(A);
    await storage.segments.insertEfforts([effort(a, 120.5), effort(b, 100)]);
    expect((await storage.segments.effortsOfSegment(A, seg.id)).map((e) => e.elapsedS)).toEqual([100, 120.5]);
    expect(await storage.segments.effortsOfSegment(B, seg.id)).toEqual([]);
    const mine = await storage.segments.effortsOnSegmentsOf(A, a);
    expect(mine.map((e) => [e.activityId, e.segmentName])).toEqual([[b, 'Hill'], [a, 'Hill']]);
    const box = { minLat: seg.minLat - 0.01, maxLat: seg.maxLat + 0.01, minLon: seg.minLon - 0.01, maxLon: seg.maxLon + 0.01 };
    expect((await storage.segments.segmentsWithin(A, box)).map((s) => s.id)).toEqual([seg.id]);
    expect(await storage.segments.segmentsWithin(B, box)).toEqual([]);
    await storage.segments.deleteEffortsOfActivity(A, b);
    expect(await storage.segments.effortsOfSegment(A, seg.id)).toHaveLength(1);
    expect(await storage.segments.deleteSegment(B, seg.id)).toBe(false);
    expect(await storage.segments.deleteSegment(A, seg.id)).toBe(true);
    expect(await storage.segments.effortsOfSegment(A, seg.id)).toEqual([]);
  });

  it('reads the activity page in one round exactly as the single reads do, and nothing of another athlete (issue 14)', async () => {
    const E = 'user-e';
    await storage.users.ensure(E, 'Erin');
    const a = await activity(E, '2024-07-01T07:00:00.000Z', { timerTimeS: 1500, elapsedTimeS: 1600 });
    const b = await activity(E, '2024-07-02T07:00:00.000Z', { timerTimeS: 1400, elapsedTimeS: 1450 });
    const route = newRouteRow(E, 'Loop "quoted" $1', 'running', TRACK, null, 1000);
    await storage.routes.insertRoute(route);
    await storage.routes.setTrackRoute(E, [a, b], route.id, 4.5);
    const seg = { id: randomUUID(), userId: E, name: 'Hill', bothDirections: 0, sourceActivityId: a, createdAtMs: 5, ...summaryColumnsOf(TRACK) };
    await storage.segments.insertSegment(seg);
    const effort = (activityId: string, elapsedS: number) => ({ segmentId: seg.id, activityId, userId: E, direction: 'forward', startTimeMs: 1, startOffsetS: 10.25, endOffsetS: 10.25 + elapsedS, elapsedS, costM: 3.5 });
    await storage.segments.insertEfforts([effort(a, 120.5), effort(b, 100)]);
    // Metrics, efforts and records from the real analysis; an exclusion set by the athlete.
    await new AnalysisService({ storage }).ensure(E, a);
    await storage.recordExclusions.add(E, { activityId: a, sport: 'running', kind: 'distance', key: 1000 });
    const single = async (user: string, id: string) => ({
      detail: await storage.activities.get(user, id),
      metrics: await storage.analysis.getMetrics(user, id),
      held: await storage.analysis.recordsHeldBy(user, id),
      exclusions: await storage.recordExclusions.list(user, id),
      routeRank: await storage.routes.routeRank(user, id),
      segmentEfforts: await storage.segments.effortsOnSegmentsOf(user, id),
    });
    const page = await storage.activityPage.read(E, a);
    expect(page).toEqual(await single(E, a));
    // What the page shows is really there: not a pair of equally empty answers.
    expect(page.detail!.laps.length).toBeGreaterThan(0);
    expect(page.detail!.sessions.length).toBeGreaterThan(0);
    expect(page.metrics!.activityId).toBe(a);
    expect(page.held.length).toBeGreaterThan(0);
    expect(page.exclusions).toEqual([expect.objectContaining({ activityId: a, kind: 'distance', key: 1000 })]);
    expect(page.routeRank).toEqual({ routeId: route.id, name: 'Loop "quoted" $1', members: 2, before: 1 });
    expect(page.segmentEfforts.map((e) => [e.activityId, e.elapsedS, e.segmentName])).toEqual([[b, 100, 'Hill'], [a, 120.5, 'Hill']]);
    // An activity with none of the extras, and another athlete asking for E's activity.
    const bare = await activity(E, '2024-07-03T07:00:00.000Z');
    expect(await storage.activityPage.read(E, bare)).toEqual({ ...(await single(E, bare)), metrics: null, held: [], exclusions: [], routeRank: null, segmentEfforts: [] });
    expect(await storage.activityPage.read(A, a)).toEqual({ detail: null, metrics: null, held: [], exclusions: [], routeRank: null, segmentEfforts: [] });
    expect(await storage.activityPage.read(E, 'no-such-activity')).toEqual({ detail: null, metrics: null, held: [], exclusions: [], routeRank: null, segmentEfforts: [] });
  });
});
