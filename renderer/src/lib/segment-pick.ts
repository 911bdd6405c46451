/**
 * Picking a segment by clicking its start and end on a map (issue 17): each click snaps to the
 * nearest sample of the activity's track; the segment runs from the earlier to the later pick.
 */
export interface TrackSamples {
  timeS: readonly number[];
  lat: readonly (number | null)[];
  lon: readonly (number | null)[];
}

/** Index of the sample nearest to (lat, lon), by an equirectangular distance (fine at map scale); -1 when there is none. */
export function nearestSample(t: TrackSamples, lat: number, lon: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < t.timeS.length; i++) {
    const a = t.lat[i];
    const b = t.lon[i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    const d = (a - lat) ** 2 + ((b - lon) * k) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export type Pick = { start: number | null; end: number | null };

/** The next state after a click on sample `i`: start, then end (ordered), then a new start. */
export function nextPick(p: Pick, i: number): Pick {
  if (p.start === null || p.end !== null) return { start: i, end: null };
  if (i === p.start) return p;
  return i < p.start ? { start: i, end: p.start } : { start: p.start, end: i };
}

/** [lat, lon] points between two sample indices (inclusive), gaps skipped. */
export function stretchPoints(t: TrackSamples, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = Math.max(0, from); i <= Math.min(to, t.timeS.length - 1); i++) {
    const a = t.lat[i];
    const b = t.lon[i];
    if (a !== null && a !== undefined && b !== null && b !== undefined) out.push([a, b]);
  }
  return out;
}

/** The sample at or after a time (slider → index). */
export function indexAtTime(t: TrackSamples, s: number): number {
  let lo = 0;
  let hi = t.timeS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.timeS[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
