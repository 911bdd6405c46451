/**
 * Generated GPS tracks for route, segment and heatmap tests: polylines in local metres
 * (x east, y north) around an origin, walked at a constant speed at 1 Hz with seeded GPS noise,
 * and written as GPX bytes the real importer reads. Constant speed makes times known by
 * construction: the sample at distance d along the polyline is at t = d / speed.
 */
export type XY = [number, number];

export interface Origin {
  lat: number;
  lon: number;
}

export const ORIGIN: Origin = { lat: 47.37, lon: 8.54 };
const M_PER_DEG = (6371008.8 * Math.PI) / 180;

export function loop(radiusM: number, o: { clockwise?: boolean; centre?: XY; steps?: number } = {}): XY[] {
  const [cx, cy] = o.centre ?? [0, radiusM];
  const steps = o.steps ?? 180;
  const out: XY[] = [];
  for (let k = 0; k <= steps; k++) {
    // Starts and ends at the bottom of the circle (the origin for the default centre).
    const a = -Math.PI / 2 + ((o.clockwise ? -1 : 1) * 2 * Math.PI * k) / steps;
    out.push([cx + radiusM * Math.cos(a), cy + radiusM * Math.sin(a)]);
  }
  return out;
}

export function line(...pts: XY[]): XY[] {
  return pts;
}

export function outAndBack(lengthM: number, bearingDeg = 45): XY[] {
  const b = (bearingDeg * Math.PI) / 180;
  const far: XY = [lengthM * Math.sin(b), lengthM * Math.cos(b)];
  return [[0, 0], far, [0, 0]];
}

/** Two loops meeting at the origin: the north one counter-clockwise, then the south one clockwise. */
export function figureEight(radiusM: number): XY[] {
  return [...loop(radiusM), ...loop(radiusM).slice(1).map(([x, y]): XY => [x, -y])];
}

export function reversed(p: XY[]): XY[] {
  return [...p].reverse();
}

export function polyLength(p: XY[]): number {
  let d = 0;
  for (let i = 1; i < p.length; i++) d += Math.hypot(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]);
  return d;
}

/** The first `fraction` of a polyline by length. */
export function prefix(p: XY[], fraction: number): XY[] {
  const target = polyLength(p) * fraction;
  const out: XY[] = [p[0]];
  let d = 0;
  for (let i = 1; i < p.length; i++) {
    const s = Math.hypot(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]);
    if (d + s >= target) {
      const f = (target - d) / s;
      out.push([p[i - 1][0] + (p[i][0] - p[i - 1][0]) * f, p[i - 1][1] + (p[i][1] - p[i - 1][1]) * f]);
      return out;
    }
    out.push(p[i]);
    d += s;
  }
  return out;
}

/** Small deterministic PRNG (mulberry32) so noisy tracks are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedTrack {
  lat: number[];
  lon: number[];
  timeS: number[];
  hrBpm: number[];
}

export function toLatLon([x, y]: XY, origin: Origin = ORIGIN): { lat: number; lon: number } {
  return { lat: origin.lat + y / M_PER_DEG, lon: origin.lon + x / (M_PER_DEG * Math.cos((origin.lat * Math.PI) / 180)) };
}

/** Walks the polyline at `speedMps`, one sample a second, each displaced by up to ±noiseM per axis (drifting noise). */
export function walk(p: XY[], o: { speedMps?: number; noiseM?: number; seed?: number; origin?: Origin; hrBpm?: number } = {}): GeneratedTrack {
  const speed = o.speedMps ?? 3;
  const noise = o.noiseM ?? 5;
  const r = rng(o.seed ?? 1);
  const total = polyLength(p);
  const out: GeneratedTrack = { lat: [], lon: [], timeS: [], hrBpm: [] };
  let seg = 1;
  let segStart = 0;
  // GPS error is autocorrelated (it drifts, it does not jump 10 m every second): an AR(1) walk
  // clamped to ±noiseM per axis, so the recorded distance stays close to the true one.
  let ex = (r() * 2 - 1) * noise;
  let ey = (r() * 2 - 1) * noise;
  const step = () => {
    ex = Math.max(-noise, Math.min(noise, 0.9 * ex + (r() * 2 - 1) * noise * 0.3));
    ey = Math.max(-noise, Math.min(noise, 0.9 * ey + (r() * 2 - 1) * noise * 0.3));
  };
  for (let t = 0; ; t++) {
    const d = Math.min(total, t * speed);
    while (seg < p.length - 1 && segStart + Math.hypot(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1]) < d) {
      segStart += Math.hypot(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1]);
      seg++;
    }
    const len = Math.hypot(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1]) || 1;
    const f = Math.min(1, (d - segStart) / len);
    step();
    const x = p[seg - 1][0] + (p[seg][0] - p[seg - 1][0]) * f + ex;
    const y = p[seg - 1][1] + (p[seg][1] - p[seg - 1][1]) * f + ey;
    const ll = toLatLon([x, y], o.origin);
    out.lat.push(ll.lat);
    out.lon.push(ll.lon);
    out.timeS.push(t);
    out.hrBpm.push(o.hrBpm ?? 140);
    if (d >= total) break;
  }
  return out;
}

const TPX = 'http://www.garmin.com/xmlschemas/TrackPointExtension/v1';

/** GPX 1.1 bytes for a generated track (trkpt with time and Garmin TrackPointExtension HR). */
export function toGpx(t: GeneratedTrack, o: { startTime: Date; sport?: string; name?: string }): Uint8Array {
  const t0 = o.startTime.getTime();
  const pts = t.lat
    .map((lat, i) => `<trkpt lat="${lat.toFixed(7)}" lon="${t.lon[i].toFixed(7)}"><time>${new Date(t0 + t.timeS[i] * 1000).toISOString()}</time><extensions><tpx:TrackPointExtension><tpx:hr>${t.hrBpm[i]}</tpx:hr></tpx:TrackPointExtension></extensions></trkpt>`)
    .join('');
  const name = o.name ? `<name>${o.name}</name>` : '';
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="milevault-tests" xmlns="http://www.topografix.com/GPX/1/1" xmlns:tpx="${TPX}"><trk>${name}<type>${o.sport ?? 'running'}</type><trkseg>${pts}</trkseg></trk></gpx>`,
  );
}
