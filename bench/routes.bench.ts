/**
 * Routes, segments and heatmap at scale (issue 6): a synthetic athlete with `routes` stored routes
 * (default 5,000) around 50 home points in a 20 km square, every route a noisy wobbly loop that
 * leaves home by a shared 1.5 km road. Prints:
 *  - matching one new activity against the stored routes (in-memory grid index, and SQLite query +
 *    decode + DTW), p50/p95, plus the time of the dynamic-time-warping package on the same DTW pairs;
 *  - creating a segment on the shared road over `routes` stored activity tracks (SQLite);
 *  - heatmap tile latency p95 (index warm, tile cache cold) and the one-off index build.
 */
import DynamicTimeWarping from 'dynamic-time-warping';
import { performance } from 'node:perf_hooks';
import { tileOf } from '../server/domain/heatmap/tile-math.js';
import { defaultBand, dtwDistance } from '../server/domain/routes/dtw.js';
import { RouteIndex } from '../server/domain/routes/route-index.js';
import { decideRoute, prefilter, ROUTE_MATCH_STRIDE, ROUTE_MATCH_THRESHOLD_M, type StoredRoute } from '../server/domain/routes/route-match.js';
import { projectXY, resampleTrack, summarizeTrack, type ResampledTrack } from '../server/domain/routes/track.js';
import { HeatmapService } from '../server/services/heatmap/heatmap.service.js';
import { boxAround, newRouteRow, prefilteredRoutes, summaryColumnsOf } from '../server/services/routes/route-tracks.js';
import { SegmentsService } from '../server/services/segments/segments.service.js';
import { openSqliteStorage } from '../server/storage/sqlite/sqlite-storage.js';
import { ORIGIN, rng, toLatLon, walk, type XY } from '../tests/helpers/track-fixtures.js';
import { median, percentile, printTable } from './table.js';

export interface RoutesBenchOptions {
  routes?: number;
  queries?: number;
  oraclePairs?: number;
  tiles?: number;
}

const HOMES = 50;

function homeOf(h: number): XY {
  const r = rng(1000 + h);
  return [r() * 20_000, r() * 20_000];
}

/** Route k: out along the home's road (1.5 km north), a wobbly loop of 1–4 km radius, back the same road. */
function routePolyline(k: number): XY[] {
  const r = rng(k + 1);
  const [hx, hy] = homeOf(k % HOMES);
  const road: XY[] = [[hx, hy], [hx, hy + 1500]];
  const radius = 1000 + r() * 3000;
  const dir = r() * 2 * Math.PI;
  const [cx, cy] = [hx + Math.cos(dir) * radius, hy + 1500 + Math.sin(dir) * radius];
  const a0 = dir + Math.PI;
  const wob = [r() * 0.15, r() * 0.1, r() * 6, r() * 6];
  const loopPts: XY[] = [];
  for (let s = 0; s <= 120; s++) {
    const a = a0 + (2 * Math.PI * s) / 120;
    const rr = radius * (1 + wob[0] * Math.sin(3 * a + wob[2]) * Math.sin((Math.PI * s) / 120) + wob[1] * Math.sin(5 * a + wob[3]) * Math.sin((Math.PI * s) / 120));
    loopPts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return [...road, ...loopPts, [hx, hy + 1500], [hx, hy]];
}

function trackOf(p: XY[], seed: number): ResampledTrack {
  const w = walk(p, { seed, speedMps: 10, noiseM: 5 });
  return resampleTrack(w.lat, w.lon, w.timeS)!;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

export async function routesBench(opts: RoutesBenchOptions = {}) {
  const nRoutes = opts.routes ?? 5000;
  const nQueries = opts.queries ?? 100;
  const t0 = performance.now();
  const routes: StoredRoute[] = [];
  for (let k = 0; k < nRoutes; k++) {
    const t = trackOf(routePolyline(k), k + 1);
    routes.push({ id: String(k), summary: summarizeTrack(t), track: t });
  }
  const genS = (performance.now() - t0) / 1000;
  const index = new RouteIndex();
  for (const r of routes) index.add(r);

  // Queries: noisy repeats of stored routes (the common case) and, every 4th, a route not stored.
  const queries: { track: ResampledTrack; expect: string | null }[] = [];
  for (let q = 0; q < nQueries; q++) {
    const k = q % 4 === 3 ? nRoutes + q : Math.floor(rng(q + 77)() * nRoutes);
    queries.push({ track: trackOf(routePolyline(k), 10_000 + q), expect: k < nRoutes ? String(k) : null });
  }
  const memMs: number[] = [];
  let correct = 0;
  const pairs: [ResampledTrack, ResampledTrack][] = [];
  for (const q of queries) {
    const [d, ms] = time(() => decideRoute(q.track, index.candidates(summarizeTrack(q.track))));
    memMs.push(ms);
    if ((d.kind === 'same' ? d.routeId : null) === q.expect) correct++;
    for (const c of index.candidates(summarizeTrack(q.track))) if (prefilter(summarizeTrack(q.track), c.summary)) pairs.push([q.track, c.track]);
  }

  // Same matching through SQLite: indexed start-box query, blob decode, DTW.
  const storage = await openSqliteStorage(':memory:');
  await storage.users.ensure('u', 'bench');
  for (const r of routes) await storage.routes.insertRoute({ ...newRouteRow('u', `r${r.id}`, 'running', r.track, null, 0), id: r.id });
  const sqlMs: number[] = [];
  for (const q of queries) {
    const s = summarizeTrack(q.track);
    const t1 = performance.now();
    const rows = await storage.routes.routesStartingIn('u', 'running', [boxAround(s.startLat, s.startLon, 200), boxAround(s.endLat, s.endLon, 200)]);
    decideRoute(q.track, prefilteredRoutes(s, rows)); // as RouteMatchingService.assignRoute
    sqlMs.push(performance.now() - t1);
  }

  // DTW ours vs the package on the same pairs (those that passed the prefilter).
  const oracle = pairs.slice(0, opts.oraclePairs ?? 20);
  let oursMs = 0;
  let pkgMs = 0;
  for (const [a, b] of oracle) {
    const xa = projectXY(a, a.lat[0], a.lon[0], ROUTE_MATCH_STRIDE);
    const xb = projectXY(b, a.lat[0], a.lon[0], ROUTE_MATCH_STRIDE);
    const n = xa.length >> 1;
    const m = xb.length >> 1;
    oursMs += time(() => dtwDistance(xa, xb, { band: defaultBand(n, m), abandonAbove: ROUTE_MATCH_THRESHOLD_M * Math.max(n, m) }))[1];
    const pa = Array.from({ length: n }, (_, i) => [xa[i * 2], xa[i * 2 + 1]] as [number, number]);
    const pb = Array.from({ length: m }, (_, i) => [xb[i * 2], xb[i * 2 + 1]] as [number, number]);
    pkgMs += time(() => new DynamicTimeWarping(pa, pb, (p, q) => Math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)).getDistance())[1];
  }
  const avgPts = Math.round(routes.reduce((s, r) => s + r.track.lat.length, 0) / routes.length);
  printTable(`route matching: 1 activity vs ${nRoutes} routes (avg ${avgPts} points, generated in ${genS.toFixed(1)} s)`, [
    { path: 'in-memory grid + prefilter + DTW', p50Ms: median(memMs), p95Ms: percentile(memMs, 95), goalMs: 50, correct: `${correct}/${queries.length}` },
    { path: 'SQLite start-box query + decode + DTW', p50Ms: median(sqlMs), p95Ms: percentile(sqlMs, 95), goalMs: 50, correct: '' },
  ]);
  printTable(`DTW on ${oracle.length} prefiltered pairs: banded + early abandon vs dynamic-time-warping`, [
    { impl: 'ours (Float64Array, band 10 %, abandon; 20 m)', totalMs: oursMs, perPairMs: oursMs / Math.max(1, oracle.length), ratio: 1 },
    { impl: 'dynamic-time-warping (full matrix; 20 m)', totalMs: pkgMs, perPairMs: pkgMs / Math.max(1, oracle.length), ratio: pkgMs / Math.max(1e-9, oursMs) },
  ]);

  // Segments: store one track per route as that many activities, then create a segment on home 0's road.
  for (const r of routes) await storage.routes.upsertTrack({ activityId: `a${r.id}`, userId: 'u', sport: 'running', startTimeMs: Number(r.id) * 86_400_000, routeId: null, routeCostM: null, ...summaryColumnsOf(r.track) });
  const segs = new SegmentsService({ storage });
  const src = routes[0].track;
  // Seconds 20 … 130 of route 0 at 10 m/s: 200 m … 1300 m up the shared road.
  const s0 = performance.now();
  const seg = await segs.createFromActivity('u', { activityId: 'a0', startOffsetS: src.timeS[0] + 20, endOffsetS: src.timeS[0] + 130, name: 'road' });
  const segMs = performance.now() - s0;
  const onRoad = routes.filter((r) => Number(r.id) % HOMES === 0).length;
  printTable(`segment creation over ${nRoutes} activity tracks (SQLite)`, [{ step: 'create + scan + store efforts', ms: segMs, goalMs: 5000, efforts: seg.efforts.length, expected: onRoad }]);

  // Heatmap tiles: the index is built once (reported), then tiles are cut cold from the warm index.
  const heat = new HeatmapService({ storage });
  const home = toLatLon(homeOf(0), ORIGIN);
  const first = tileOf(home.lat, home.lon, 12);
  const b0 = performance.now();
  await heat.tile('u', 12, first.x, first.y);
  const buildMs = performance.now() - b0;
  const r = rng(5);
  const tileMs: number[] = [];
  const fullMs: number[] = [];
  let bytes = 0;
  // Distinct tiles only, so every measurement cuts and encodes (the tile cache never answers).
  const seen = new Set<string>();
  for (let i = 0; seen.size < (opts.tiles ?? 300) && i < 100_000; i++) {
    const z = 10 + Math.floor(r() * 7);
    const p = toLatLon([r() * 20_000, r() * 20_000], ORIGIN);
    const t = tileOf(p.lat, p.lon, z);
    if (seen.has(`${z}/${t.x}/${t.y}`)) continue;
    seen.add(`${z}/${t.x}/${t.y}`);
    const t1 = performance.now();
    const len = (await heat.tile('u', z, t.x, t.y)).length;
    const ms = performance.now() - t1;
    bytes += len;
    tileMs.push(ms);
    if (len) fullMs.push(ms);
  }
  const cachedMs: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = tileOf(home.lat, home.lon, 14);
    cachedMs.push(time(() => heat.tile('u', 14, t.x, t.y))[1]);
  }
  printTable(`heatmap tiles over ${nRoutes} activities (z10–16, random tiles in the area)`, [
    { case: "first tile (loads and prepares all tracks)", p50Ms: buildMs, p95Ms: buildMs, goalMs: '', avgKB: '' },
    { case: 'distinct tile, cut + encoded (warm tracks)', p50Ms: median(tileMs), p95Ms: percentile(tileMs, 95), goalMs: 50, avgKB: bytes / tileMs.length / 1024 },
    { case: `non-empty tiles only (${fullMs.length})`, p50Ms: median(fullMs), p95Ms: percentile(fullMs, 95), goalMs: 50, avgKB: bytes / Math.max(1, fullMs.length) / 1024 },
    { case: 'cached tile', p50Ms: median(cachedMs), p95Ms: percentile(cachedMs, 95), goalMs: 50, avgKB: '' },
  ]);
  await storage.close();
}
