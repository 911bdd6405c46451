/**
 * Pool swims from the device's own `length` messages (FIT profile: one message per pool length,
 * `length_type` active or idle, `total_strokes`, `swim_stroke`, `total_elapsed_time`). Pure.
 *
 * Why lengths and not the record stream: a pool watch has no GPS, and its `record` messages carry
 * distance only at lap ends (FR935-poolswim-6688025408.fit: 35 distance samples in 3,964 records,
 * none in the first 606 s). Anything computed from that stream — a pace chart, a best 100 m — is
 * built on lap ends. The lengths are what the watch measured: each active length is exactly one
 * pool length in the time it states.
 *
 * - Pool length: the session's `pool_length` when the file has it, else the session distance over
 *   the number of active lengths (FR935: 2,300 m / 46 = 50 m), rounded to 0.01 m.
 * - Rests: idle lengths (the watch writes one per rest) and gaps between lengths merge into rest
 *   rows; a rest is never a 0.00 km lap.
 * - SWOLF = strokes + seconds of the length (the usual definition, Garmin rounds the time).
 * - A length faster than MAX_SWIM_SPEED_MPS (2.5 m/s; the 50 m world record is 2.4 m/s) is a
 *   miscounted length: it is listed, flagged, and kept out of pace and best efforts.
 * - Distance series: distance grows linearly within each active length and stays flat during
 *   idle lengths and gaps, so best efforts (elapsed time, rests included, as on a pool clock)
 *   and the pace curve come from whole lengths.
 */
import type { SwimLength } from '../../../shared/activity.js';
import type { PoolLengthRow, PoolSwimDto, PoolSwimRow } from '../../../shared/analysis-api.js';

export type PoolSwim = PoolSwimDto;

export const MAX_SWIM_SPEED_MPS = 2.5;
export { SWIM_DISTANCES_M } from '../analysis/best-efforts.js';

/** Rests shorter than this between two active lengths are a push-off/turn, not a rest row. */
const MIN_REST_S = 2;

const isActive = (l: SwimLength) => l.lengthType !== 'idle' && (l.elapsedTimeS ?? 0) > 0;

/** The pool length: the device's value, else distance / active lengths. Null when neither is known. */
export function poolLengthOf(lengths: readonly SwimLength[], sessionPoolLengthM: number | null | undefined, distanceM: number | null | undefined): number | null {
  if (sessionPoolLengthM != null && sessionPoolLengthM > 0) return sessionPoolLengthM;
  const active = lengths.filter(isActive).length;
  if (!active || distanceM == null || !(distanceM > 0)) return null;
  return Math.round((distanceM / active) * 100) / 100;
}

/** The lengths table with rests, or null when there are no active lengths or no pool length. */
export function analysePoolSwim(lengths: readonly SwimLength[], poolLengthM: number | null): PoolSwim | null {
  if (!poolLengthM || !(poolLengthM > 0)) return null;
  const sorted = [...lengths].sort((a, b) => a.startOffsetS - b.startOffsetS);
  if (!sorted.some(isActive)) return null;
  const rows: PoolSwimRow[] = [];
  let n = 0;
  let swimTimeS = 0;
  let restTimeS = 0;
  let strokesSum = 0;
  let strokesN = 0;
  let swolfSum = 0;
  let swolfN = 0;
  let plausibleTime = 0;
  let plausibleN = 0;
  let cursor: number | null = null; // end of the previous length
  const addRest = (start: number, dur: number) => {
    if (!(dur > 0)) return;
    restTimeS += dur;
    const last = rows[rows.length - 1];
    if (last && last.kind === 'rest' && Math.abs(last.startOffsetS + last.timeS - start) < 1.5) last.timeS += dur;
    else rows.push({ kind: 'rest', startOffsetS: start, timeS: dur });
  };
  for (const l of sorted) {
    const dur = l.elapsedTimeS ?? 0;
    if (cursor !== null && l.startOffsetS - cursor >= MIN_REST_S) addRest(cursor, l.startOffsetS - cursor);
    if (!isActive(l)) {
      addRest(l.startOffsetS, dur);
    } else {
      n++;
      swimTimeS += dur;
      const implausible = poolLengthM / dur > MAX_SWIM_SPEED_MPS;
      // 0 strokes is what a kick or drill length records: kept as the device wrote it.
      const strokes = l.strokes ?? null;
      const swolf = strokes !== null ? strokes + Math.round(dur) : null;
      if (strokes !== null && strokes > 0) (strokesSum += strokes), strokesN++;
      if (swolf !== null && !implausible) (swolfSum += swolf), swolfN++;
      if (!implausible) (plausibleTime += dur), plausibleN++;
      rows.push({
        kind: 'length',
        number: n,
        startOffsetS: l.startOffsetS,
        timeS: dur,
        distanceM: poolLengthM,
        stroke: l.swimStroke,
        strokes,
        swolf,
        pacePer100mS: implausible ? null : (dur / poolLengthM) * 100,
        implausible,
      });
    }
    cursor = Math.max(cursor ?? -Infinity, l.startOffsetS + dur);
  }
  return {
    poolLengthM,
    activeLengths: n,
    distanceM: n * poolLengthM,
    swimTimeS,
    restTimeS,
    pacePer100mS: plausibleN ? (plausibleTime / (plausibleN * poolLengthM)) * 100 : null,
    avgSwolf: swolfN ? swolfSum / swolfN : null,
    avgStrokesPerLength: strokesN ? strokesSum / strokesN : null,
    rows,
  };
}

/**
 * Time/distance points from the lengths: one point at each length start and end; distance grows
 * through plausible active lengths only. Feed to bestEfforts / the 1 s distance resample.
 */
export function lengthDistanceSeries(swim: PoolSwim): { timeS: number[]; distanceM: number[] } {
  const timeS: number[] = [];
  const distanceM: number[] = [];
  let d = 0;
  const push = (t: number, x: number) => {
    if (timeS.length && t < timeS[timeS.length - 1]) t = timeS[timeS.length - 1];
    timeS.push(t);
    distanceM.push(x);
  };
  for (const r of swim.rows) {
    if (r.kind !== 'length') continue;
    push(r.startOffsetS, d);
    if (!r.implausible) d += r.distanceM;
    push(r.startOffsetS + r.timeS, d);
  }
  return { timeS, distanceM };
}

/** Records of pool swims are kept per pool length: a 25 m pool time is not a 50 m pool time. */
export function poolRecordSport(poolLengthM: number): string {
  const yards = poolLengthM / 0.9144;
  if (Math.abs(yards - Math.round(yards)) < 0.02 && Math.abs(poolLengthM - Math.round(poolLengthM)) > 0.05) return `swimming_pool_${Math.round(yards)}yd`;
  const m = Math.round(poolLengthM * 10) / 10;
  return `swimming_pool_${Number.isInteger(m) ? m : m.toFixed(1)}m`;
}
