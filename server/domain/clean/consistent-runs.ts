/**
 * Which samples of a channel belong to the signal, told by consistency with their neighbours:
 * the channel is cut into runs wherever two consecutive valid samples are inconsistent (a GPS
 * jump, an altitude leap, an impossible change of speed); the longest run is trusted; walking
 * outwards from it, a run is kept when its near end is consistent with the last sample kept, and
 * dropped otherwise. Pure: no I/O.
 *
 * Why runs and an anchor rather than "compare each sample with its predecessor": a fault is
 * often several samples long (Edge705-missing-data-2009_01_09_11_13_14.tcx alternates between
 * ≈ −9 m and ≈ 2,310 m altitude in runs of 4–5 samples; a watch's first fixes sit hundreds of
 * metres away for several seconds), and a sample-by-sample test then keeps the whole faulty run
 * once its first sample has been accepted, or throws away the real track after a single bad
 * anchor. Comparing with the last *kept* sample lets the allowance grow with the time elapsed, so
 * a real relocation after a long pause (dt large) is still accepted.
 */

/**
 * `valid(i)`: whether sample i has a value at all; `consistent(a, b)`: whether sample b
 * (later) can follow sample a. Returns 1 for kept samples, 0 for dropped or missing ones.
 */
export function consistentRuns(n: number, valid: (i: number) => boolean, consistent: (a: number, b: number) => boolean): Uint8Array {
  const keep = new Uint8Array(n);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (valid(i)) idx.push(i);
  if (!idx.length) return keep;
  // Runs as [first, last] positions in idx.
  const runs: [number, number][] = [];
  let start = 0;
  for (let k = 1; k < idx.length; k++) {
    if (!consistent(idx[k - 1], idx[k])) {
      runs.push([start, k - 1]);
      start = k;
    }
  }
  runs.push([start, idx.length - 1]);
  let anchor = 0;
  for (let r = 1; r < runs.length; r++) if (runs[r][1] - runs[r][0] > runs[anchor][1] - runs[anchor][0]) anchor = r;
  const keepRun = ([a, b]: [number, number]) => {
    for (let k = a; k <= b; k++) keep[idx[k]] = 1;
  };
  keepRun(runs[anchor]);
  let last = idx[runs[anchor][1]];
  for (let r = anchor + 1; r < runs.length; r++) {
    if (!consistent(last, idx[runs[r][0]])) continue;
    keepRun(runs[r]);
    last = idx[runs[r][1]];
  }
  let first = idx[runs[anchor][0]];
  for (let r = anchor - 1; r >= 0; r--) {
    if (!consistent(idx[runs[r][1]], first)) continue;
    keepRun(runs[r]);
    first = idx[runs[r][0]];
  }
  return keep;
}
