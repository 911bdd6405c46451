/**
 * Per-channel filters of the cleaned analysis view (issue 13 §3): ranges, GPS jumps, altitude
 * leaps and impossible changes of speed. Each returns a new array (null where a sample is
 * dropped) and how many samples it dropped; the stored raw samples are never touched. Pure.
 */
import { haversineM, isGpsJump, isValidLatLon } from '../geo.js';
import { consistentRuns } from './consistent-runs.js';

type Channel = readonly (number | null)[];

export interface Filtered {
  values: (number | null)[];
  dropped: number;
}

const ok = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);

/** Nulls values outside [min, max] (sensor faults: 0xFFFF power, 255 bpm, negative speed). */
export function clampRange(values: Channel, min: number, max: number): Filtered {
  let dropped = 0;
  const out = values.map((v) => {
    if (!ok(v)) return v ?? null;
    if (v < min || v > max) {
      dropped++;
      return null;
    }
    return v;
  });
  return { values: out, dropped };
}

function applyMask(values: Channel, keep: Uint8Array): Filtered {
  let dropped = 0;
  const out = values.map((v, i) => {
    if (!ok(v)) return v ?? null;
    if (keep[i]) return v;
    dropped++;
    return null;
  });
  return { values: out, dropped };
}

/**
 * Speed: beyond the sport's top speed it is a fault; a change faster than the sport's
 * acceleration (per second, a step shorter than 1 s counts as 1 s) starts a new run, and runs
 * that cannot follow the trusted signal are dropped (consistent-runs.ts).
 */
export function cleanSpeed(timeS: readonly number[], speed: Channel, maxSpeedMps: number, maxAccelMps2: number): Filtered {
  const ranged = clampRange(speed, 0, maxSpeedMps);
  const v = ranged.values;
  const keep = consistentRuns(v.length, (i) => ok(v[i]), (a, b) => Math.abs((v[b] as number) - (v[a] as number)) <= maxAccelMps2 * Math.max(1, timeS[b] - timeS[a]));
  const masked = applyMask(v, keep);
  return { values: masked.values, dropped: ranged.dropped + masked.dropped };
}

/** Steps smaller than this are left to elevation.ts's smoothing (GPS altitude wanders by tens of metres). */
export const ALTITUDE_STEP_FLOOR_M = 50;

/**
 * Slack of the grade rule: ≈ 2 σ of consumer GPS altitude. Standing still, altitude cannot wander
 * further than this and still be counted as climbing; barometric units drift far less.
 */
export const GRADE_FLOOR_M = 25;

/**
 * Altitude, in three steps:
 * 1. outside the Earth's land range it is a fault;
 * 2. a leap larger than max(50 m, vertical speed × dt) starts a new run, and runs that cannot
 *    follow the trusted one are dropped (consistent-runs.ts);
 * 3. for ground-bound sports, walking forwards, a sample is kept only when its altitude differs
 *    from the reference (the last kept sample where the distance had moved on) by at most
 *    25 m + steepest grade × the ground covered since. This catches what step 2 cannot: a slow,
 *    smooth change with no ground covered. Edge705-missing-data-2009_01_09_11_13_14.tcx climbs
 *    2,320 m at 2.5 m/s while its distance stays at 238.7 m (the unit rode a plane out of SFO):
 *    2,437 m of "ascent". A sample without a distance of its own uses the last distance known.
 */
export function cleanAltitude(
  timeS: readonly number[],
  alt: Channel,
  limits: { minAltitudeM: number; maxAltitudeM: number; maxVerticalMps: number; maxGrade: number | null },
  dist?: Channel,
): Filtered {
  const ranged = clampRange(alt, limits.minAltitudeM, limits.maxAltitudeM);
  const v = ranged.values;
  const vertical = (a: number, b: number) => Math.abs((v[b] as number) - (v[a] as number)) <= Math.max(ALTITUDE_STEP_FLOOR_M, limits.maxVerticalMps * Math.max(0, timeS[b] - timeS[a]));
  const keep = consistentRuns(v.length, (i) => ok(v[i]), vertical);
  const grade = limits.maxGrade;
  if (grade !== null && dist) {
    // The reference moves only when ground has been covered since it: comparing with the previous
    // sample would let a slow climb on the spot creep through. A sample without a distance of its
    // own takes the last one known (distance holds between fixes).
    let ref = -1;
    let refD = 0;
    let held: number | null = null;
    for (let i = 0; i < v.length; i++) {
      const own = dist[i];
      if (ok(own)) held = own;
      if (!keep[i] || held === null) continue;
      if (ref >= 0 && Math.abs((v[i] as number) - (v[ref] as number)) > GRADE_FLOOR_M + grade * Math.abs(held - refD)) {
        keep[i] = 0;
        continue;
      }
      if (ref < 0 || held !== refD) (ref = i), (refD = held);
    }
  }
  const masked = applyMask(v, keep);
  return { values: masked.values, dropped: ranged.dropped + masked.dropped };
}

/**
 * Positions: a step that is a GPS jump at the sport's top speed (geo.ts isGpsJump: ≥ 50 m and
 * faster than the limit) starts a new run; latitude and longitude are dropped together.
 */
export function cleanPositions(timeS: readonly number[], lat: Channel, lon: Channel, maxSpeedMps: number): { lat: (number | null)[]; lon: (number | null)[]; dropped: number } {
  const keep = consistentRuns(
    lat.length,
    (i) => isValidLatLon(lat[i], lon[i]),
    (a, b) => !isGpsJump(haversineM(lat[a] as number, lon[a] as number, lat[b] as number, lon[b] as number), timeS[b] - timeS[a], maxSpeedMps),
  );
  let dropped = 0;
  const outLat: (number | null)[] = new Array(lat.length);
  const outLon: (number | null)[] = new Array(lat.length);
  for (let i = 0; i < lat.length; i++) {
    const valid = isValidLatLon(lat[i], lon[i]);
    if (valid && !keep[i]) dropped++;
    outLat[i] = valid && keep[i] ? (lat[i] as number) : null;
    outLon[i] = valid && keep[i] ? (lon[i] as number) : null;
  }
  return { lat: outLat, lon: outLon, dropped };
}

/** Speed at each sample from the distance channel (centred over the neighbouring samples). */
export function speedFromDistance(timeS: readonly number[], dist: Channel): (number | null)[] {
  const out: (number | null)[] = new Array(dist.length).fill(null);
  for (let i = 0; i < dist.length; i++) {
    const a = i > 0 ? i - 1 : i;
    const b = i + 1 < dist.length ? i + 1 : i;
    const da = dist[a];
    const db = dist[b];
    const dt = timeS[b] - timeS[a];
    if (ok(da) && ok(db) && dt > 0) out[i] = Math.max(0, (db - da) / dt);
  }
  return out;
}
