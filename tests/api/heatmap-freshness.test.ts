import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { HeatmapService } from '../../server/services/heatmap/heatmap.service.js';
import { tileOf } from '../../server/domain/heatmap/tile-math.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { line, loop, ORIGIN, toGpx, walk } from '../helpers/track-fixtures.js';

/**
 * Issue 15: the tile cache follows the database, not only this process's events. A write that
 * sends no event here (a CLI import or delete in another process on the same database) must not
 * leave a cached tile showing a deleted track.
 */
describe('heatmap tile cache and writers outside the server', () => {
  let t: TestApp;
  let ids: string[];
  const z = 13;
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

  const ids$ = (bytes: Uint8Array) => {
    if (!bytes.length) return [];
    const layer = new VectorTile(new PbfReader(bytes)).layers.tracks;
    return Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.activityId)).sort();
  };

  it('drops cached tiles when the data version in the database changes', async () => {
    let now = 0;
    const heatmap = new HeatmapService({ storage: t.services.storage, freshnessMs: 1000, now: () => now });
    expect(ids$(await heatmap.tile(LOCAL_USER_ID, z, tile.x, tile.y))).toEqual([...ids].sort());
    // Another writer: straight to storage, no activity event reaches this service.
    await t.services.storage.routes.deleteTrack(LOCAL_USER_ID, ids[1]);
    await t.services.storage.activities.delete(LOCAL_USER_ID, ids[1]);
    // Within the freshness window the cached tile is served as it was…
    expect(ids$(await heatmap.tile(LOCAL_USER_ID, z, tile.x, tile.y))).toEqual([...ids].sort());
    // …and after it, the database's version differs and the tile is cut again.
    now += 1000;
    expect(ids$(await heatmap.tile(LOCAL_USER_ID, z, tile.x, tile.y))).toEqual([ids[0]]);
  });

  it('the served tiles and the read cache share one database version read per second per athlete', async () => {
    const routes = t.services.storage.routes;
    const original = routes.dataVersion.bind(routes);
    let reads = 0;
    routes.dataVersion = async (userId: string) => (reads++, original(userId));
    try {
      await new Promise((r) => setTimeout(r, 1100)); // past any version read before the spy
      const get = (url: string) => t.app.inject({ url });
      const tileUrl = `/api/v1/tiles/heatmap/${z}/${tile.x}/${tile.y}.mvt`;
      const before = ids$(new Uint8Array((await get(tileUrl)).rawPayload));
      expect(before).toEqual([ids[0]]);
      for (let i = 0; i < 5; i++) {
        expect((await get(tileUrl)).statusCode).toBe(200);
        expect((await get('/api/v1/activities?limit=5')).statusCode).toBe(200);
      }
      expect(reads).toBe(1);
      // Another writer removes the last track: the tile follows within the freshness window.
      await routes.deleteTrack(LOCAL_USER_ID, ids[0]);
      await t.services.storage.activities.delete(LOCAL_USER_ID, ids[0]);
      await new Promise((r) => setTimeout(r, 1100));
      expect(ids$(new Uint8Array((await get(tileUrl)).rawPayload))).toEqual([]);
      expect(reads).toBe(2);
    } finally {
      routes.dataVersion = original;
    }
  });
});

describe('heatmap index build', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.importAndWait(
      [0, 1, 2].map((i) => ({ name: `run${i}.gpx`, bytes: toGpx(walk(loop(300, { centre: [400, 300] }), { seed: 10 + i }), { startTime: new Date(`2024-05-0${i + 1}T07:00:00Z`), sport: 'running' }) })),
    );
  });
  afterAll(async () => t?.close());

  it('lets other requests run between tracks while it builds an index (issue 14: one piece was 150–290 ms at 1,000 tracks)', async () => {
    const heatmap = new HeatmapService({ storage: t.services.storage, sliceMs: 0 });
    const tile = tileOf(ORIGIN.lat, ORIGIN.lon + 0.005, 13);
    const order: string[] = [];
    const built = heatmap.tile(LOCAL_USER_ID, 13, tile.x, tile.y).then((b) => (order.push('tile'), b));
    // Queued once the tracks are read: each track's turn yields, so these run before the tile is done.
    const ticks = (async () => {
      for (let i = 0; i < 40 && !order.includes('tile'); i++) {
        await new Promise((r) => setImmediate(r));
        order.push('other');
      }
    })();
    const bytes = await built;
    await ticks;
    expect(bytes.length).toBeGreaterThan(0);
    expect(order.indexOf('tile')).toBeGreaterThan(2);
  });
});
