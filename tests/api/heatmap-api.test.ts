import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTilePixel, tileOf } from '../../server/domain/heatmap/tile-math.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { line, loop, ORIGIN, toGpx, toLatLon, walk } from '../helpers/track-fixtures.js';

/** Heatmap vector tiles: decoded with @mapbox/vector-tile and checked against the tracks imported. */
describe('heatmap tiles API', () => {
  let t: TestApp;
  let ids: string[];
  const z = 13; // one tile holds both tracks whole (a z13 tile is ~3.3 km wide here)
  const tile = tileOf(ORIGIN.lat, ORIGIN.lon + 0.005, z);

  beforeAll(async () => {
    t = await createTestApp();
    const job = await t.importAndWait([
      { name: 'run.gpx', bytes: toGpx(walk(loop(300, { centre: [400, 300] }), { seed: 1 }), { startTime: new Date('2024-05-01T07:00:00Z'), sport: 'running' }) },
      { name: 'ride.gpx', bytes: toGpx(walk(line([0, 0], [800, 0]), { seed: 2, speedMps: 8 }), { startTime: new Date('2024-06-01T07:00:00Z'), sport: 'cycling' }) },
    ]);
    ids = job.files.map((f) => f.activityId!);
  });
  afterAll(async () => t?.close());

  async function features(path: string) {
    const r = await t.app.inject({ url: path });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    if (r.rawPayload.length === 0) return [];
    const vt = new VectorTile(new PbfReader(r.rawPayload));
    const layer = vt.layers.tracks;
    return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
  }
  const url = (q = '') => `/api/v1/tiles/heatmap/${z}/${tile.x}/${tile.y}.mvt${q}`;

  it('holds every track crossing the tile, as lines where the tracks are', async () => {
    const fs = await features(url());
    expect(fs.map((f) => f.properties.sport).sort()).toEqual(['cycling', 'running']);
    const ride = fs.find((f) => f.properties.sport === 'cycling')!;
    expect(ride.type).toBe(2);
    const pts = ride.loadGeometry().flat();
    // Every vertex of the east-west ride lies within ±10 m of the line y = 0 (noise ±5 m, simplification).
    const yLat = toLatLon([0, 0]).lat;
    for (const p of pts) {
      const ll = fromTilePixel(p.x, p.y, tile, ride.extent);
      expect(Math.abs(ll.lat - yLat) * 111_195).toBeLessThan(10);
    }
    const lons = pts.map((p) => fromTilePixel(p.x, p.y, tile, ride.extent).lon);
    expect(Math.max(...lons) - Math.min(...lons)).toBeGreaterThan(0.009); // ~790 m of 800 m at 47°N
  });

  it('filters by sport and by date range', async () => {
    expect((await features(url('?sport=running'))).map((f) => f.properties.activityId)).toEqual([ids[0]]);
    expect((await features(url('?from=2024-05-15'))).map((f) => f.properties.activityId)).toEqual([ids[1]]);
    expect((await features(url('?to=2024-05-01'))).map((f) => f.properties.activityId)).toEqual([ids[0]]);
  });

  it('is empty far from the tracks, and simplifies at low zoom', async () => {
    expect(await features(`/api/v1/tiles/heatmap/${z}/${tile.x + 5}/${tile.y}.mvt`)).toEqual([]);
    const low = tileOf(ORIGIN.lat, ORIGIN.lon, 8);
    const fs = await features(`/api/v1/tiles/heatmap/8/${low.x}/${low.y}.mvt?sport=running`);
    const hi = await features(url('?sport=running'));
    expect(fs).toHaveLength(1);
    expect(fs[0].loadGeometry().flat().length).toBeLessThan(hi[0].loadGeometry().flat().length / 3);
  });

  it('reports the bounds of the filtered tracks', async () => {
    const r = (await t.app.inject({ url: '/api/v1/tiles/heatmap/bounds?sport=cycling' })).json();
    expect(r.bounds.minLat).toBeCloseTo(ORIGIN.lat, 3);
    expect(r.bounds.maxLon - r.bounds.minLon).toBeGreaterThan(0.009);
    expect((await t.app.inject({ url: '/api/v1/tiles/heatmap/bounds?sport=swimming' })).json()).toEqual({ bounds: null });
  });

  it('rejects impossible tiles', async () => {
    const r = await t.app.inject({ url: '/api/v1/tiles/heatmap/2/9/0.mvt' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('bad_request');
  });

  it('drops cached tiles when an activity is deleted or imported', async () => {
    expect(await features(url())).toHaveLength(2);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${ids[1]}` });
    expect((await features(url())).map((f) => f.properties.activityId)).toEqual([ids[0]]);
    await t.importAndWait([{ name: 'again.gpx', bytes: toGpx(walk(line([0, 0], [800, 0]), { seed: 5 }), { startTime: new Date('2024-07-01T07:00:00Z') }) }]);
    expect(await features(url())).toHaveLength(2);
  });
});
