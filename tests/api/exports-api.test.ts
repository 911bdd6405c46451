import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityStreams } from '../../shared/activity.js';
import { parseFile } from '../../server/ingest/parse-file.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let id = '';
let stored: ActivityStreams;

beforeAll(async () => {
  t = await createTestApp();
  const job = await t.importAndWait([{ name: 'ride.fit', bytes: makeFitActivity({ durationS: 600, sport: 'cycling', withPower: true, laps: 3 }) }]);
  id = job.files[0].activityId!;
  stored = (await t.services.storage.activities.readStreams('local', id))!;
});
afterAll(async () => t.close());

async function exported(format: string) {
  const res = await t.app.inject({ url: `/api/v1/activities/${id}/export/${format}` });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** The export read back by MileVault's own parser. */
function reparse(text: string, name: string) {
  const r = parseFile(new TextEncoder().encode(text), name);
  if (r.kind !== 'activities') throw new Error(`not re-importable: ${JSON.stringify(r)}`);
  return r.activities[0];
}

const rounded = (xs: (number | null)[] | undefined) => (xs ?? []).map((v) => (v === null ? null : Math.round(v)));

describe('per-activity exports', () => {
  it('GPX carries the track with heart rate, cadence, power and temperature and re-imports', async () => {
    const res = await exported('gpx');
    expect(res.headers['content-type']).toContain('application/gpx+xml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.gpx"/);
    const back = reparse(res.body, 'x.gpx');
    expect(back.streams.timeS.length).toBe(stored.timeS.length);
    for (const c of ['hrBpm', 'cadenceRpm', 'powerW', 'temperatureC'] as const) {
      expect(stored.channels[c]?.filter((v) => v !== null).length, `fixture has ${c}`).toBe(stored.timeS.length);
      expect(rounded(back.streams.channels[c]), c).toEqual(rounded(stored.channels[c]));
    }
    expect(back.streams.channels.latDeg).toEqual(stored.channels.latDeg);
    expect(back.streams.channels.altitudeM).toEqual(stored.channels.altitudeM);
  });

  it('TCX keeps the laps, samples, speed and power and re-imports', async () => {
    const res = await exported('tcx');
    const back = reparse(res.body, 'x.tcx');
    const detail = (await t.app.inject({ url: `/api/v1/activities/${id}` })).json();
    expect(back.laps.length).toBe(detail.laps.length);
    expect(back.streams.timeS.length).toBe(stored.timeS.length);
    for (const c of ['hrBpm', 'powerW'] as const) expect(rounded(back.streams.channels[c]), c).toEqual(rounded(stored.channels[c]));
    expect(back.streams.channels.distanceM).toEqual(stored.channels.distanceM);
    expect(back.sport).toBe('cycling');
  });

  it('CSV has one row per sample and a column per channel', async () => {
    const res = await exported('csv');
    const lines = res.body.trimEnd().split('\n');
    expect(lines.length).toBe(stored.timeS.length + 1);
    const header = lines[0].split(',');
    expect(header.slice(0, 2)).toEqual(['time', 'elapsed_s']);
    const hr = header.indexOf('hrBpm');
    expect(hr).toBeGreaterThan(1);
    expect(lines.slice(1).map((l) => Number(l.split(',')[hr]))).toEqual(stored.channels.hrBpm);
  });

  it('GeoJSON is one LineString with a time per point', async () => {
    const g = JSON.parse((await exported('geojson')).body);
    const f = g.features[0];
    expect(f.geometry.type).toBe('LineString');
    expect(f.geometry.coordinates.length).toBe(stored.timeS.length);
    expect(f.geometry.coordinates[0].slice(0, 2)).toEqual([stored.channels.lonDeg![0], stored.channels.latDeg![0]]);
    expect(f.properties.coordinateProperties.times).toHaveLength(stored.timeS.length);
  });

  it('answers 404 for an unknown activity and 400 for an unknown format', async () => {
    expect((await t.app.inject({ url: '/api/v1/activities/00000000-0000-4000-8000-000000000000/export/gpx' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/activities/${id}/export/kml` })).statusCode).toBe(400);
  });
});

describe('whole-account export', () => {
  it('re-imports into an empty instance with the same activities, names, sports, gear and notes', async () => {
    const more = await t.importAndWait([
      { name: 'run.fit', bytes: makeFitActivity({ durationS: 900, startTime: new Date('2025-03-01T06:30:00Z') }) },
      { name: 'swim.fit', bytes: makeFitActivity({ durationS: 600, sport: 'swimming', withGps: false, startTime: new Date('2025-03-02T18:00:00Z') }) },
    ]);
    const runId = more.files[0].activityId!;
    const W = { 'x-milevault-client': 'test' };
    const bike = (await t.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'Canyon, "Endurace"', kind: 'bike', brand: 'Canyon', model: 'CF 8' } })).json();
    await t.app.inject({ method: 'POST', url: '/api/v1/gear', payload: { name: 'Pegasus 41', kind: 'shoes' } });
    const shoes = (await t.app.inject({ url: '/api/v1/gear' })).json().find((g: { name: string }) => g.name === 'Pegasus 41');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${id}`, payload: { name: 'Col du Galibier — ride' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${id}/meta`, payload: { description: 'Hot day,\n"long" climb', privateNote: 'left knee', commute: false, perceivedExertion: 7, gearId: bike.id } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${runId}/meta`, payload: { commute: true, gearId: shoes.id } })).statusCode).toBe(200);

    // Progress goes to the page as `export` server-sent events (a streamed zip's size is unknown).
    const events: { done: number; total: number; finished: boolean }[] = [];
    const off = t.services.autoIngest!.bus.subscribe('local', (e) => e.type === 'export' && events.push(e.data as (typeof events)[number]));
    const res = await t.app.inject({ url: '/api/v1/export/account', headers: W });
    off();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/zip');
    const total = (await t.app.inject({ url: '/api/v1/activities?limit=1' })).json().total as number;
    expect(events.at(-1)).toEqual({ kind: 'account', done: total, total, finished: true });
    expect(events.slice(0, -1).every((e) => !e.finished && e.done <= e.total)).toBe(true);

    const summary = async (app: TestApp) => {
      const list = (await app.app.inject({ url: '/api/v1/activities?limit=100' })).json().items as { id: string; name: string; sport: string; startTime: string; distanceM: number }[];
      const gear = (await app.app.inject({ url: '/api/v1/gear' })).json() as { id: string; name: string; kind: string; brand: string | null }[];
      const rows = [];
      for (const a of list) {
        const meta = (await app.app.inject({ url: `/api/v1/activities/${a.id}/meta` })).json();
        const original = (await app.app.inject({ url: `/api/v1/activities/${a.id}/original` })).rawPayload;
        rows.push({
          name: a.name, sport: a.sport, startTime: a.startTime, distanceM: a.distanceM,
          description: meta.description, privateNote: meta.privateNote, commute: meta.commute, perceivedExertion: meta.perceivedExertion,
          gear: gear.find((g) => g.id === meta.gearId)?.name ?? null, originalBytes: original.length,
        });
      }
      return { rows: rows.sort((x, y) => x.startTime.localeCompare(y.startTime)), gear: gear.map((g) => ({ name: g.name, kind: g.kind, brand: g.brand })).sort((x, y) => x.name.localeCompare(y.name)) };
    };
    const before = await summary(t);
    expect(before.rows).toHaveLength(3);
    expect(before.rows.find((r) => r.name === 'Col du Galibier — ride')).toMatchObject({ description: 'Hot day,\n"long" climb', privateNote: 'left knee', commute: false, perceivedExertion: 7, gear: 'Canyon, "Endurace"' });
    expect(before.rows.find((r) => r.sport === 'running')).toMatchObject({ commute: true, gear: 'Pegasus 41' });

    const t2 = await createTestApp();
    try {
      const job = await t2.importAndWait([{ name: 'milevault-account.zip', bytes: res.rawPayload }]);
      expect(job.files.filter((f) => f.status === 'failed')).toEqual([]);
      const after = await summary(t2);
      expect(after.rows).toEqual(before.rows);
      expect(after.gear).toEqual(before.gear);
    } finally {
      await t2.close();
    }
  });
});
