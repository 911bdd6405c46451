import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentDto, SegmentEffortDto } from '../../shared/routes-api.js';
import { createTestApp, multipartBody, type TestApp } from '../helpers/test-app.js';
import { line, reversed, toGpx, toLatLon, walk, type XY } from '../helpers/track-fixtures.js';

const EAST = line([0, 0], [3000, 0]);
const day = (d: number) => new Date(Date.UTC(2024, 4, 1 + d, 7, 0, 0));
const gpx = (p: XY[], speedMps: number, d: number, seed = d + 1) => ({ name: `s${d}.gpx`, bytes: toGpx(walk(p, { speedMps, noiseM: 0, seed }), { startTime: day(d) }) });

/** Segments: efforts with known gate times (noise-free tracks at constant speed). */
describe('segments API', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const job = await t.importAndWait([gpx(EAST, 4, 0), gpx(EAST, 5, 1), gpx(reversed(EAST), 5, 2), gpx(line([0, 500], [3000, 500]), 4, 3)]);
    ids = job.files.map((f) => f.activityId!);
  });
  afterAll(async () => t?.close());

  let seg: SegmentDto;

  it('creates a segment from a stretch of an activity and finds past efforts', async () => {
    // 250 s … 500 s of the 4 m/s run = x 1000 … 2000 m.
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: ids[0], startOffsetS: 250, endOffsetS: 500, name: 'Middle km' } });
    expect(r.statusCode, r.body).toBe(201);
    seg = r.json();
    expect(seg.name).toBe('Middle km');
    expect(seg.distanceM).toBeGreaterThan(990);
    expect(seg.distanceM).toBeLessThan(1010);
    expect(seg.efforts.map((e) => e.activityId)).toEqual([ids[1], ids[0]]); // fastest first; westward and parallel runs do not count
    expect(seg.efforts[0]).toMatchObject({ isPr: true, rank: 1, direction: 'forward' });
    expect(seg.efforts[0].elapsedS).toBeCloseTo(200, 0);
    expect(seg.efforts[0].startOffsetS).toBeCloseTo(200, 0);
    expect(seg.efforts[1].elapsedS).toBeCloseTo(250, 0);
  });

  it('future imports get efforts, and the activity detail lists them with PR badges', async () => {
    const job = await t.importAndWait([gpx(EAST, 8, 5)]);
    const id = job.files[0].activityId!;
    const a = (await t.app.inject({ url: `/api/v1/activities/${id}` })).json() as { segmentEfforts: SegmentEffortDto[] };
    expect(a.segmentEfforts).toHaveLength(1);
    expect(a.segmentEfforts[0]).toMatchObject({ segmentId: seg.id, segmentName: 'Middle km', isPr: true, rank: 1 });
    expect(a.segmentEfforts[0].elapsedS).toBeCloseTo(125, 0);
    const old = (await t.app.inject({ url: `/api/v1/activities/${ids[1]}` })).json() as { segmentEfforts: SegmentEffortDto[] };
    expect(old.segmentEfforts[0]).toMatchObject({ rank: 2, isPr: false });
  });

  it('a both-directions segment from a GPX counts the reverse runs too', async () => {
    const a = toLatLon([1000, 0]);
    const b = toLatLon([2000, 0]);
    const file = new TextEncoder().encode(`<gpx xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Km</name><rtept lat="${a.lat}" lon="${a.lon}"/><rtept lat="${b.lat}" lon="${b.lon}"/></rte></gpx>`);
    const { payload, headers } = multipartBody([{ name: 'km.gpx', bytes: file }]);
    const boundary = headers['content-type'].split('boundary=')[1];
    const withField = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="bothDirections"\r\n\r\ntrue\r\n`), payload]);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: withField, headers });
    expect(r.statusCode, r.body).toBe(201);
    const s = r.json() as SegmentDto;
    expect(s.name).toBe('Km');
    expect(s.bothDirections).toBe(true);
    const rev = s.efforts.filter((e) => e.direction === 'reverse');
    expect(rev.map((e) => e.activityId)).toEqual([ids[2]]);
    expect(rev[0].elapsedS).toBeCloseTo(200, 0);
    expect(s.efforts.filter((e) => e.direction === 'forward')).toHaveLength(3);
  });

  it('deleting an activity removes its efforts', async () => {
    await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids[1]}` });
    const s = (await t.app.inject({ url: `/api/v1/segments/${seg.id}` })).json() as SegmentDto;
    expect(s.efforts.map((e) => e.activityId)).not.toContain(ids[1]);
  });

  it('validates input', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: ids[0], startOffsetS: 500, endOffsetS: 100 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: ids[0] } });
    expect(missing.statusCode).toBe(400);
    const nf = await t.app.inject({ method: 'POST', url: '/api/v1/segments', payload: { activityId: 'nope', startOffsetS: 1, endOffsetS: 100 } });
    expect(nf.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/segments/nope' })).statusCode).toBe(404);
  });
});
