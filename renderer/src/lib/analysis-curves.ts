/**
 * Mean-max curve rows for charting one activity against the athlete's all-time curve.
 * Durations span 1 s to hours, so the chart uses a log x axis; the ticks below are the round
 * durations athletes quote (5 s sprint, 1 min, 5 min, 20 min FTP test, 1 h).
 */

export interface CurvePoint {
  durationS: number;
  value: number;
}

export interface CurveRow {
  durationS: number;
  /** This activity's best for the duration (display units). */
  activity: number | null;
  /** The all-time best for the duration (display units). */
  best: number | null;
}

const TICKS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 10800, 18000, 36000];

/**
 * One row per duration present in either curve, sorted by duration; `convert` maps an SI value to
 * display units (null drops the point, e.g. a pace slower than a walk).
 */
export function mergeCurves(activity: CurvePoint[], best: CurvePoint[] | null, convert: (v: number) => number | null = (v) => v): CurveRow[] {
  const rows = new Map<number, CurveRow>();
  const row = (d: number) => {
    let r = rows.get(d);
    if (!r) rows.set(d, (r = { durationS: d, activity: null, best: null }));
    return r;
  };
  for (const p of activity) if (p.durationS > 0 && Number.isFinite(p.value)) row(p.durationS).activity = convert(p.value);
  // The all-time curve only matters up to this activity's length: beyond it there is nothing to compare.
  const maxD = activity.reduce((m, p) => Math.max(m, p.durationS), 0);
  for (const p of best ?? []) {
    if (p.durationS > 0 && Number.isFinite(p.value) && (maxD === 0 || p.durationS <= maxD)) row(p.durationS).best = convert(p.value);
  }
  return [...rows.values()].sort((a, b) => a.durationS - b.durationS);
}

/** Round-duration ticks inside [lo, hi]. */
export function curveTicks(lo: number, hi: number): number[] {
  return TICKS.filter((t) => t >= lo && t <= hi);
}

/**
 * The value of a curve at a duration, interpolated in log-duration between the nearest points (the
 * server may store a sparse set of durations). Null outside the curve.
 */
export function valueAt(points: CurvePoint[], durationS: number): number | null {
  const sorted = [...points].sort((a, b) => a.durationS - b.durationS);
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.durationS === durationS) return p.value;
    if (p.durationS > durationS) {
      const q = sorted[i - 1];
      if (!q) return null;
      const f = (Math.log(durationS) - Math.log(q.durationS)) / (Math.log(p.durationS) - Math.log(q.durationS));
      return q.value + f * (p.value - q.value);
    }
  }
  return null;
}
