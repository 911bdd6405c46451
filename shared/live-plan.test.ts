import { describe, expect, it } from 'vitest';
import { haversineM, indexPlan, planProgress, resampleLine, type PlanFix } from './live-plan.js';

/** Metres → degrees near 45° N (north-south and east-west). */
const LAT0 = 45;
const M_LAT = 1 / 111_195;
const M_LON = 1 / (111_195 * Math.cos((LAT0 * Math.PI) / 180));

/** A line through (x, y) metre waypoints, densified every 10 m. */
function line(waypoints: [number, number][]) {
  const lat = waypoints.map(([, y]) => LAT0 + y * M_LAT);
  const lon = waypoints.map(([x]) => 7 + x * M_LON);
  const r = resampleLine(lat, lon, 10);
  return indexPlan(r.lat, r.lon);
}

/** Fixes every `stepM` along waypoints, one per `dtS`, optionally shifted sideways by `offsetM`. */
function walk(waypoints: [number, number][], stepM: number, dtS: number, offsetM = 0, t0 = 0): (PlanFix & { alongM: number })[] {
  const out: (PlanFix & { alongM: number })[] = [];
  let t = t0;
  let legStartM = 0;
  for (let i = 1; i < waypoints.length; i++) {
    const [x0, y0] = waypoints[i - 1]!;
    const [x1, y1] = waypoints[i]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    const nx = -(y1 - y0) / len;
    const ny = (x1 - x0) / len;
    for (let d = 0; d < len; d += stepM) {
      const x = x0 + ((x1 - x0) * d) / len + nx * offsetM;
      const y = y0 + ((y1 - y0) * d) / len + ny * offsetM;
      out.push({ t: t * 1000, lat: LAT0 + y * M_LAT, lon: 7 + x * M_LON, alongM: legStartM + d });
      t += dtS;
    }
    legStartM += len;
  }
  return out;
}

describe('planned route progress', () => {
  it('resamples a line to even spacing and keeps its length', () => {
    const r = resampleLine([45, 45.01], [7, 7], 100);
    expect(r.distanceM).toBeCloseTo(haversineM(45, 7, 45.01, 7), 3);
    expect(r.lat.length).toBe(Math.floor(r.distanceM / 100) + 2);
  });

  it('follows a straight route: done + to go = the plan, ETA from the recent pace', () => {
    const plan = line([[0, 0], [0, 10_000]]);
    const fixes = walk([[0, 0], [0, 4_000]], 20, 5, 8); // 4 m/s, 8 m beside the line
    const p = planProgress(plan, fixes);
    expect(p.doneM).toBeGreaterThan(3_950);
    expect(p.doneM).toBeLessThan(4_001);
    expect(p.doneM + p.toGoM).toBeCloseTo(plan.totalM, 6);
    expect(p.onRoute).toBe(true);
    expect(p.offRouteM!).toBeCloseTo(8, 0);
    expect(p.recentMps!).toBeCloseTo(4, 1);
    expect(p.etaS!).toBeCloseTo(p.toGoM / p.recentMps!, 6);
  });

  it('an out-and-back does not jump to the return leg, at the start, the turn or on the way back', () => {
    // Out 3 km north on the east side of the road, back on the west side (10 m apart).
    const route: [number, number][] = [[0, 0], [0, 3_000], [-10, 3_000], [-10, 0]];
    const plan = line(route);
    const out = walk([[0, 0], [0, 1_000]], 15, 5);
    const atStart = planProgress(plan, out.slice(0, 3));
    expect(atStart.doneM).toBeLessThan(60);
    const outward = planProgress(plan, out);
    expect(outward.doneM).toBeGreaterThan(950);
    expect(outward.doneM).toBeLessThan(1_050);
    const back = walk(route, 15, 5);
    const home = planProgress(plan, back.slice(0, Math.floor(back.length * 0.75)));
    // Three quarters of the fixes: three quarters of the way, on the return leg.
    expect(home.doneM).toBeGreaterThan(plan.totalM * 0.7);
    expect(home.doneM).toBeLessThan(plan.totalM * 0.8);
  });

  it('a loop that crosses itself keeps to the branch being ridden', () => {
    // A figure-of-eight: the crossing at (0, 0) is passed twice.
    const route: [number, number][] = [[0, 0], [500, 500], [1_000, 0], [500, -500], [0, 0], [-500, 500], [-1_000, 0], [-500, -500], [0, 0]];
    const plan = line(route);
    const fixes = walk(route, 20, 5);
    let prev = -1;
    for (let n = 10; n <= fixes.length; n += 10) {
      const p = planProgress(plan, fixes.slice(0, n));
      // Progress grows with the fixes and stays close to the distance actually ridden.
      expect(p.doneM).toBeGreaterThanOrEqual(prev);
      expect(Math.abs(p.doneM - fixes[n - 1]!.alongM)).toBeLessThan(30);
      prev = p.doneM;
    }
  });

  it('progress never goes back, and a detour is re-acquired ahead', () => {
    const plan = line([[0, 0], [0, 6_000]]);
    const start = walk([[0, 0], [0, 2_000]], 20, 5);
    const backwards = walk([[0, 2_000], [0, 1_500]], 20, 5, 0, start.length * 5);
    const p1 = planProgress(plan, [...start, ...backwards]);
    expect(p1.doneM).toBeGreaterThan(1_950);
    // A 1.5 km detour 400 m east, rejoining at 4 km.
    const detour = walk([[0, 2_000], [400, 2_000], [400, 4_000], [0, 4_000], [0, 4_200]], 20, 5, 0, start.length * 5);
    const p2 = planProgress(plan, [...start, ...detour]);
    expect(p2.onRoute).toBe(true);
    expect(p2.doneM).toBeGreaterThan(4_100);
    expect(p2.doneM).toBeLessThan(4_250);
    const mid = planProgress(plan, [...start, ...detour.slice(0, 40)]);
    expect(mid.onRoute).toBe(false);
    expect(mid.offRouteM!).toBeGreaterThan(300);
  });

  it('a tracker started mid-route is picked up where it is', () => {
    const plan = line([[0, 0], [0, 10_000]]);
    const p = planProgress(plan, walk([[0, 5_000], [0, 5_400]], 20, 5));
    expect(p.doneM).toBeGreaterThan(5_350);
    expect(p.doneM).toBeLessThan(5_401);
  });

  it('no ETA while stopped, zero at the finish', () => {
    const plan = line([[0, 0], [0, 2_000]]);
    const stopped = Array.from({ length: 200 }, (_, i) => ({ t: i * 5000, lat: LAT0 + 500 * M_LAT, lon: 7 }));
    expect(planProgress(plan, stopped).etaS).toBeNull();
    const done = planProgress(plan, walk([[0, 0], [0, 2_000]], 10, 2).concat([{ t: 10_000_000, lat: LAT0 + 2_000 * M_LAT, lon: 7, alongM: 2_000 }]));
    expect(done.toGoM).toBeLessThan(1);
    expect(done.etaS).toBeLessThan(1);
  });
});
