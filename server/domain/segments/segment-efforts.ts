import { meanTrackDistanceM } from '../routes/route-match.js';
import { projectXY, reverseTrack, type ResampledTrack } from '../routes/track.js';

/**
 * Segment efforts: an activity passes a segment when it crosses the entry gate, then the exit
 * gate, with a path in between that DTW finds close to the segment. A gate is the line through
 * the segment's end point perpendicular to its direction there, SEGMENT_GATE_HALF_WIDTH_M to
 * each side; the crossing time is interpolated between the two track points either side of it.
 */
export const SEGMENT_GATE_HALF_WIDTH_M = 25;
/** Mean DTW distance (metres per point) the portion between the gates may have from the segment. */
export const SEGMENT_MATCH_THRESHOLD_M = 20;
/** The path between the gates may be this much longer or shorter than the segment. */
const LENGTH_SLACK = 0.25;
/**
 * A track that starts just past the entry gate, or ends just short of the exit gate, is taken to
 * cross it there: a run that starts and stops at the gate of a loop segment (GPS noise puts the
 * first fix a few metres either side) must still count.
 */
const TRACK_END_SLACK_M = 15;
/** Points ahead used for the direction at a gate (30 m at 10 m spacing): steadier than one step. */
const DIRECTION_POINTS = 3;

export interface SegmentEffort {
  direction: 'forward' | 'reverse';
  /** Seconds since the activity start at the entry and exit gates. */
  startOffsetS: number;
  endOffsetS: number;
  elapsedS: number;
  /** Mean DTW distance between the portion and the segment, metres. */
  costM: number;
}

interface Gate {
  x: number;
  y: number;
  ux: number;
  uy: number;
}

function gate(xy: Float64Array, at: number, towards: number): Gate {
  const x = xy[at * 2];
  const y = xy[at * 2 + 1];
  let ux = xy[towards * 2] - x;
  let uy = xy[towards * 2 + 1] - y;
  const len = Math.hypot(ux, uy) || 1;
  ux /= len;
  uy /= len;
  return { x, y, ux, uy };
}

/** Fractional track indices where the track crosses the gate in its direction (or starts/ends at it). */
function crossings(xy: Float64Array, g: Gate, kind: 'entry' | 'exit'): number[] {
  const n = xy.length >> 1;
  const out: number[] = [];
  const along = (i: number) => (xy[i * 2] - g.x) * g.ux + (xy[i * 2 + 1] - g.y) * g.uy;
  const side = (i: number) => Math.abs((xy[i * 2] - g.x) * g.uy - (xy[i * 2 + 1] - g.y) * g.ux);
  if (kind === 'entry' && n > 1 && along(0) >= 0 && along(0) < TRACK_END_SLACK_M && side(0) <= SEGMENT_GATE_HALF_WIDTH_M) out.push(0);
  for (let i = 0; i + 1 < n; i++) {
    const a = along(i);
    const b = along(i + 1);
    if (!(a < 0 && b >= 0)) continue;
    const f = -a / (b - a);
    const px = xy[i * 2] + (xy[i * 2 + 2] - xy[i * 2]) * f - g.x;
    const py = xy[i * 2 + 1] + (xy[i * 2 + 3] - xy[i * 2 + 1]) * f - g.y;
    if (Math.abs(px * g.uy - py * g.ux) <= SEGMENT_GATE_HALF_WIDTH_M) out.push(i + f);
  }
  const last = n - 1;
  if (kind === 'exit' && n > 1 && along(last) <= 0 && along(last) > -TRACK_END_SLACK_M && side(last) <= SEGMENT_GATE_HALF_WIDTH_M) out.push(last);
  return out;
}

function timeAt(t: ResampledTrack, fi: number): number {
  const i = Math.floor(fi);
  const f = fi - i;
  return i + 1 < t.timeS.length ? t.timeS[i] + (t.timeS[i + 1] - t.timeS[i]) * f : t.timeS[i];
}

function slice(t: ResampledTrack, from: number, to: number): ResampledTrack {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(t.lat.length, Math.ceil(to) + 1);
  return { lat: t.lat.subarray(a, b), lon: t.lon.subarray(a, b), timeS: t.timeS.subarray(a, b), distanceM: 0 };
}

function oneDirection(track: ResampledTrack, seg: ResampledTrack, direction: SegmentEffort['direction']): SegmentEffort[] {
  const m = seg.lat.length;
  if (m < 2 || track.lat.length < 2) return [];
  const lat0 = seg.lat[0];
  const lon0 = seg.lon[0];
  const sxy = projectXY(seg, lat0, lon0);
  const txy = projectXY(track, lat0, lon0);
  const k = Math.min(DIRECTION_POINTS, m - 1);
  const entry = gate(sxy, 0, k);
  const exitBack = gate(sxy, m - 1 - k, m - 1);
  const exit: Gate = { x: sxy[(m - 1) * 2], y: sxy[(m - 1) * 2 + 1], ux: exitBack.ux, uy: exitBack.uy };
  const ins = crossings(txy, entry, 'entry');
  const outs = crossings(txy, exit, 'exit');
  const spacing = seg.distanceM / Math.max(1, m - 1);
  const efforts: SegmentEffort[] = [];
  let after = -1;
  for (const a of ins) {
    if (a < after) continue;
    for (const b of outs) {
      if (b <= a) continue;
      const pathM = (b - a) * spacing;
      if (pathM > seg.distanceM * (1 + LENGTH_SLACK)) break;
      if (pathM < seg.distanceM * (1 - LENGTH_SLACK)) continue;
      const costM = meanTrackDistanceM(slice(track, a, b), seg, SEGMENT_MATCH_THRESHOLD_M);
      if (costM > SEGMENT_MATCH_THRESHOLD_M) continue;
      const startOffsetS = timeAt(track, a);
      const endOffsetS = timeAt(track, b);
      efforts.push({ direction, startOffsetS, endOffsetS, elapsedS: endOffsetS - startOffsetS, costM });
      after = b;
      break;
    }
  }
  return efforts;
}

/** Every effort of a track on a segment; the reverse direction only when the segment allows it. */
export function findSegmentEfforts(track: ResampledTrack, segment: ResampledTrack, opts: { bothDirections: boolean }): SegmentEffort[] {
  const out = oneDirection(track, segment, 'forward');
  if (opts.bothDirections) out.push(...oneDirection(track, reverseTrack(segment), 'reverse'));
  return out.sort((x, y) => x.startOffsetS - y.startOffsetS);
}

/** The stretch of a track between two times, ends interpolated: a segment cut from an activity. */
export function cutTrack(t: ResampledTrack, fromS: number, toS: number): ResampledTrack | null {
  const lat: number[] = [];
  const lon: number[] = [];
  const ts: number[] = [];
  const push = (i: number, f: number) => {
    const j = Math.min(i + 1, t.lat.length - 1);
    lat.push(t.lat[i] + (t.lat[j] - t.lat[i]) * f);
    lon.push(t.lon[i] + (t.lon[j] - t.lon[i]) * f);
    ts.push(t.timeS[i] + (t.timeS[j] - t.timeS[i]) * f);
  };
  for (let i = 0; i < t.lat.length; i++) {
    const cur = t.timeS[i];
    const next = i + 1 < t.timeS.length ? t.timeS[i + 1] : cur;
    if (cur <= fromS && next > fromS && next > cur && cur !== fromS) push(i, (fromS - cur) / (next - cur));
    if (cur >= fromS && cur <= toS) push(i, 0);
    if (cur < toS && next > toS && next > cur) push(i, (toS - cur) / (next - cur));
  }
  if (lat.length < 5) return null;
  const r: ResampledTrack = { lat: Float64Array.from(lat), lon: Float64Array.from(lon), timeS: Float64Array.from(ts), distanceM: 0 };
  const xy = projectXY(r, lat[0], lon[0]);
  for (let i = 1; i < lat.length; i++) r.distanceM += Math.hypot(xy[i * 2] - xy[i * 2 - 2], xy[i * 2 + 1] - xy[i * 2 - 1]);
  return r;
}
