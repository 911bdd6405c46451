/**
 * The elevation profile and grade of a segment (issue 17), from one effort's samples: the stretch
 * [fromS, toS] of an activity's streams, distance from the start of the stretch, altitude, and the
 * average grade end to end. Pure: the service reads the streams.
 */
import { haversineM } from '../routes/track.js';

export const PROFILE_POINTS = 200;

export interface SegmentProfile {
  /** [distance from the segment start in m, altitude in m], at most PROFILE_POINTS. */
  points: [number, number][];
  distanceM: number;
  ascentM: number;
  descentM: number;
  /** (end altitude − start altitude) / distance × 100; null without altitude. */
  avgGradePct: number | null;
  /** Steepest grade over any stretch of at least 100 m (uphill positive); null without altitude. */
  maxGradePct: number | null;
}

type Channel = readonly (number | null)[] | undefined;

export function segmentProfile(
  s: { timeS: readonly number[]; altitudeM: Channel; distanceM: Channel; latDeg: Channel; lonDeg: Channel },
  fromS: number,
  toS: number,
  reverse = false,
  maxPoints = PROFILE_POINTS,
): SegmentProfile | null {
  const rows: [number, number][] = [];
  let along = 0;
  let prevLat: number | null = null;
  let prevLon: number | null = null;
  let d0: number | null = null;
  for (let i = 0; i < s.timeS.length; i++) {
    const t = s.timeS[i]!;
    if (t < fromS || t > toS) continue;
    const lat = s.latDeg?.[i] ?? null;
    const lon = s.lonDeg?.[i] ?? null;
    if (lat !== null && lon !== null) {
      if (prevLat !== null && prevLon !== null) along += haversineM(prevLat, prevLon, lat, lon);
      prevLat = lat;
      prevLon = lon;
    }
    const dist = s.distanceM?.[i] ?? null;
    let d: number;
    if (dist !== null) {
      d0 ??= dist;
      d = dist - d0;
    } else d = along;
    const alt = s.altitudeM?.[i] ?? null;
    if (alt !== null && Number.isFinite(alt) && Number.isFinite(d)) rows.push([d, alt]);
  }
  if (rows.length < 2) return null;
  const total = rows[rows.length - 1]![0];
  if (!(total > 0)) return null;
  const ordered = reverse ? rows.map(([d, a]): [number, number] => [total - d, a]).reverse() : rows;
  let ascent = 0;
  let descent = 0;
  // 1 m hysteresis: GPS/barometer noise must not add up to climbing on a flat road.
  let ref = ordered[0]![1];
  for (const [, a] of ordered) {
    if (a - ref >= 1) {
      ascent += a - ref;
      ref = a;
    } else if (ref - a >= 1) {
      descent += ref - a;
      ref = a;
    }
  }
  let maxGrade = -Infinity;
  let j = 0;
  for (let i = 0; i < ordered.length; i++) {
    while (j < ordered.length && ordered[j]![0] - ordered[i]![0] < 100) j++;
    if (j >= ordered.length) break;
    const g = ((ordered[j]![1] - ordered[i]![1]) / (ordered[j]![0] - ordered[i]![0])) * 100;
    maxGrade = Math.max(maxGrade, g);
  }
  const step = Math.max(1, Math.ceil(ordered.length / maxPoints));
  const points: [number, number][] = [];
  for (let i = 0; i < ordered.length; i += step) points.push([Math.round(ordered[i]![0] * 10) / 10, Math.round(ordered[i]![1] * 10) / 10]);
  const last = ordered[ordered.length - 1]!;
  if (points[points.length - 1]![0] !== Math.round(last[0] * 10) / 10) points.push([Math.round(last[0] * 10) / 10, Math.round(last[1] * 10) / 10]);
  const grade = ((last[1] - ordered[0]![1]) / total) * 100;
  return {
    points,
    distanceM: total,
    ascentM: Math.round(ascent * 10) / 10,
    descentM: Math.round(descent * 10) / 10,
    avgGradePct: Math.round(grade * 10) / 10,
    maxGradePct: Number.isFinite(maxGrade) ? Math.round(maxGrade * 10) / 10 : null,
  };
}
