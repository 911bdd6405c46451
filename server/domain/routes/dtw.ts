/**
 * Dynamic time warping over interleaved-xy Float64Arrays with a Sakoe–Chiba band and early
 * abandon. The `dynamic-time-warping` package keeps the whole n×m matrix of boxed numbers
 * (5.5 s and 2 GB for two 10,000-point tracks); this keeps two rows. With a band covering every
 * cell the result equals the package's exactly (same recurrence, same order of additions),
 * which the oracle test checks.
 */
export interface DtwOptions {
  /** Half-width of the band in points around the diagonal j = i·(m−1)/(n−1); Infinity = full matrix. */
  band?: number;
  /** Stop and return Infinity as soon as every cell of a row exceeds this accumulated cost. */
  abandonAbove?: number;
}

/** Accumulated Euclidean cost of the best warping path from (0,0) to (n−1,m−1). */
export function dtwDistance(a: Float64Array, b: Float64Array, opts: DtwOptions = {}): number {
  const n = a.length >> 1;
  const m = b.length >> 1;
  if (n === 0 || m === 0) return Infinity;
  const band = opts.band ?? Infinity;
  const abandon = opts.abandonAbove ?? Infinity;
  const slope = n > 1 ? (m - 1) / (n - 1) : 0;
  let prev = new Float64Array(m).fill(Infinity);
  let cur = new Float64Array(m).fill(Infinity);
  let prevLo = 0, prevHi = -1;
  let oldLo = 0, oldHi = -1; // range last written in `cur`'s buffer (two rows ago)
  for (let i = 0; i < n; i++) {
    const centre = i * slope;
    const lo = band === Infinity ? 0 : Math.max(0, Math.ceil(centre - band));
    const hi = band === Infinity ? m - 1 : Math.min(m - 1, Math.floor(centre + band));
    if (oldHi >= oldLo) cur.fill(Infinity, oldLo, oldHi + 1);
    const ax = a[i * 2];
    const ay = a[i * 2 + 1];
    let rowMin = Infinity;
    for (let j = lo; j <= hi; j++) {
      let best: number;
      if (i > 0) {
        best = prev[j];
        if (j > 0) {
          if (prev[j - 1] < best) best = prev[j - 1];
          if (cur[j - 1] < best) best = cur[j - 1];
        }
      } else best = j > 0 ? cur[j - 1] : 0;
      const dx = ax - b[j * 2];
      const dy = ay - b[j * 2 + 1];
      const v = best + Math.sqrt(dx * dx + dy * dy);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > abandon) return Infinity;
    oldLo = prevLo;
    oldHi = prevHi;
    prevLo = lo;
    prevHi = hi;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m - 1];
}

/** Band half-width used for tracks: 10 % of the longer one, at least 10 points (100 m at 10 m spacing). */
export function defaultBand(n: number, m: number): number {
  return Math.max(10, Math.ceil(0.1 * Math.max(n, m)));
}
