/**
 * Colour scales for the map track (by pace/speed, heart rate, power or gradient) and the runs of
 * equal colour the map draws. Pure: the map component only turns runs into polylines.
 */

export type TrackColorBy = 'sport' | 'speed' | 'hr' | 'power' | 'gradient';

/** Cool→hot, readable on street, topo and satellite tiles (no near-white step). */
export const HEAT_PALETTE = ['#2f6fdb', '#1ea8c9', '#21b36b', '#9acd32', '#f2c500', '#f28c00', '#e8590c', '#c92a2a'] as const;
/** Gradient: descents blue, flat grey, climbs orange→red (centred on 0 %). */
export const GRADE_PALETTE = ['#1864ab', '#4dabf7', '#a5d8ff', '#adb5bd', '#ffd8a8', '#ff922b', '#e8590c', '#c92a2a'] as const;

export interface ColorScale {
  domain: [number, number];
  palette: readonly string[];
  /** Colour bin of a value (values outside the domain take the end colours); -1 for no value. */
  bin(v: number | null | undefined): number;
  color(v: number | null | undefined): string | null;
  /** Bin edges for a legend: palette.length + 1 values from domain[0] to domain[1]. */
  edges: number[];
}

/** Percentile of the finite values (p in 0..1), null when there are none. */
export function percentile(values: readonly (number | null | undefined)[], p: number): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]!;
}

export function makeScale(domain: [number, number], palette: readonly string[]): ColorScale {
  const [lo, hi0] = domain;
  const hi = hi0 > lo ? hi0 : lo + 1;
  const n = palette.length;
  const bin = (v: number | null | undefined) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return -1;
    const k = Math.floor(((v - lo) / (hi - lo)) * n);
    return Math.min(n - 1, Math.max(0, k));
  };
  return {
    domain: [lo, hi],
    palette,
    bin,
    color: (v) => {
      const b = bin(v);
      return b < 0 ? null : palette[b]!;
    },
    edges: Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n),
  };
}

/**
 * The scale for a channel: 5th to 95th percentile (a stop at a light or a sprint does not wash out
 * the rest of the track); gradient is fixed at -12 %..+12 % so colours mean the same on every ride.
 * Null when the channel has too few values to colour by.
 */
export function scaleFor(by: Exclude<TrackColorBy, 'sport'>, values: readonly (number | null | undefined)[]): ColorScale | null {
  if (by === 'gradient') return values.some((v) => typeof v === 'number' && Number.isFinite(v)) ? makeScale([-12, 12], GRADE_PALETTE) : null;
  // Stopped samples (0 speed, 0 W) would drag the low end down to nothing.
  const moving = by === 'hr' ? values : values.map((v) => (typeof v === 'number' && v > 0 ? v : null));
  const lo = percentile(moving, 0.05);
  const hi = percentile(moving, 0.95);
  if (lo === null || hi === null) return null;
  return makeScale([lo, hi > lo ? hi : lo + 1], HEAT_PALETTE);
}

/**
 * Gradient in percent at each sample: rise over run across a window of `windowM` metres of
 * distance centred on the sample (a per-sample ratio of GPS altitude and distance is mostly noise).
 */
export function gradientPct(distM: readonly (number | null)[] | undefined, altM: readonly (number | null)[] | undefined, windowM = 60): (number | null)[] {
  if (!distM || !altM) return [];
  const n = Math.min(distM.length, altM.length);
  const out: (number | null)[] = new Array(n).fill(null);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const d = distM[i];
    if (d == null || altM[i] == null) continue;
    while (a < i && (distM[a] == null || altM[a] == null || d - (distM[a] as number) > windowM / 2)) a++;
    if (b < i) b = i;
    while (b + 1 < n && distM[b + 1] != null && altM[b + 1] != null && (distM[b + 1] as number) - d <= windowM / 2) b++;
    const run = (distM[b] as number) - (distM[a] as number);
    if (run >= windowM / 4) out[i] = (((altM[b] as number) - (altM[a] as number)) / run) * 100;
  }
  return out;
}

export interface ColorRun {
  color: string;
  points: [number, number][];
}

/**
 * Consecutive track points of the same colour bin as one run (each run starts where the previous
 * one ended, so the line has no holes). A missing position ends the line (a gap); a missing value
 * takes `fallback`.
 */
export function colorRuns(lat: readonly (number | null)[], lon: readonly (number | null)[], values: readonly (number | null)[], scale: ColorScale, fallback = '#868e96'): ColorRun[] {
  const runs: ColorRun[] = [];
  let cur: ColorRun | null = null;
  let prev: [number, number] | null = null;
  const n = Math.min(lat.length, lon.length);
  for (let i = 0; i < n; i++) {
    const a = lat[i];
    const b = lon[i];
    if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || (a === 0 && b === 0)) {
      cur = null;
      prev = null;
      continue;
    }
    const p: [number, number] = [a, b];
    const color = scale.color(values[i]) ?? fallback;
    if (!cur || cur.color !== color) {
      cur = { color, points: prev ? [prev, p] : [p] };
      runs.push(cur);
    } else cur.points.push(p);
    prev = p;
  }
  return runs.filter((r) => r.points.length > 1);
}
