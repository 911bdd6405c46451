/**
 * The distance channel of the cleaned analysis view (issue 13 §3). Pace curves and best efforts
 * integrate this channel, so one wrong step is a wrong record: Edge500-gap-2013-04-11-17-32-50.fit
 * freezes its distance for 2 minutes without GPS and then adds 616.7 m in one second (616.7 m/s
 * shown as the best 1-s ride speed); FR945-run-6782987395.fit adds 33.8 m in one second when GPS
 * returns after 10 s of accelerometer distance. Pure: no I/O.
 *
 * Method, per step between samples of distinct times (samples sharing a timestamp take the last
 * value of their group, so a duplicate-time step is measured over the real elapsed time):
 * - a step at or below the sport's top speed × dt is kept;
 * - a faster step after a stretch where distance stood still (the device lost its signal and
 *   caught up) is spread evenly over that stretch when that gives a plausible speed;
 * - otherwise the step is a jump: it is replaced by the speed channel × dt (the device's own
 *   wheel/accelerometer/Doppler speed), or the median speed of the neighbouring steps, and every
 *   later distance is shifted by the difference.
 * The channel never decreases (a backwards step is held flat, as resample.ts does).
 */
import { haversineM, isValidLatLon } from '../geo.js';

export interface DistanceCleaning {
  distanceM: (number | null)[];
  /** Steps spread over a frozen stretch. */
  spread: number;
  /** Steps replaced as jumps. */
  replaced: number;
}

export function cleanDistance(timeS: readonly number[], dist: readonly (number | null)[], speed: readonly (number | null)[] | undefined, maxSpeedMps: number): DistanceCleaning {
  const out: (number | null)[] = dist.slice();
  // Distinct times: the last valid sample of each timestamp, monotone.
  const members: number[][] = [];
  const ts: number[] = [];
  const raw: number[] = [];
  let runMax = -Infinity;
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i];
    if (d == null || !Number.isFinite(d)) continue;
    runMax = Math.max(runMax, d);
    if (ts.length && timeS[i] <= ts[ts.length - 1]) {
      raw[raw.length - 1] = runMax;
      members[members.length - 1].push(i);
    } else {
      ts.push(timeS[i]);
      raw.push(runMax);
      members.push([i]);
    }
  }
  const n = ts.length;
  const clean = new Float64Array(n);
  let spread = 0;
  let replaced = 0;
  if (n) clean[0] = raw[0];
  const stepSpeed = (k: number) => (raw[k] - raw[k - 1]) / (ts[k] - ts[k - 1]);
  for (let k = 1; k < n; k++) {
    const dd = raw[k] - raw[k - 1];
    const dt = ts[k] - ts[k - 1];
    if (dd <= maxSpeedMps * dt) {
      clean[k] = clean[k - 1] + dd;
      continue;
    }
    // A frozen stretch before the step: distance unchanged since sample j.
    let j = k - 1;
    while (j > 0 && raw[j - 1] === raw[k - 1]) j--;
    if (j < k - 1 && dd <= maxSpeedMps * (ts[k] - ts[j]) * 0.5) {
      for (let m = j + 1; m < k; m++) clean[m] = clean[j] + (dd * (ts[m] - ts[j])) / (ts[k] - ts[j]);
      clean[k] = clean[j] + dd;
      spread++;
      continue;
    }
    clean[k] = clean[k - 1] + estimateSpeed(k) * dt;
    replaced++;
  }
  for (let k = 0; k < n; k++) for (const i of members[k]) out[i] = clean[k];
  return { distanceM: out, spread, replaced };

  /** The device's own speed at the step, else the median of up to 5 plausible steps either side. */
  function estimateSpeed(k: number): number {
    for (const i of members[k]) {
      const v = speed?.[i];
      if (v != null && Number.isFinite(v) && v >= 0 && v <= maxSpeedMps) return v;
    }
    const near: number[] = [];
    for (let m = Math.max(1, k - 5); m <= Math.min(n - 1, k + 5); m++) {
      if (m === k) continue;
      const v = stepSpeed(m);
      if (Number.isFinite(v) && v >= 0 && v <= maxSpeedMps) near.push(v);
    }
    if (!near.length) return 0;
    near.sort((a, b) => a - b);
    return near[near.length >> 1];
  }
}

/**
 * Accumulated distance along the kept positions (GPX and some apps write no distance channel);
 * null where there is no position yet. Jumps must already be removed (cleanPositions).
 */
export function distanceFromPositions(lat: readonly (number | null)[], lon: readonly (number | null)[]): (number | null)[] {
  const out: (number | null)[] = new Array(lat.length).fill(null);
  let total = 0;
  let prev = -1;
  for (let i = 0; i < lat.length; i++) {
    if (!isValidLatLon(lat[i], lon[i])) continue;
    if (prev >= 0) total += haversineM(lat[prev] as number, lon[prev] as number, lat[i] as number, lon[i] as number);
    out[i] = total;
    prev = i;
  }
  return out;
}
