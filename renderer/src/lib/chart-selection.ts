/**
 * A stretch of an activity chosen on the charts (drag, or a lap): which samples it covers and its
 * statistics, from the SI streams the page already has (no server call). Pure, so the numbers the
 * selection bar shows are tested against values computed from a generated FIT file.
 */
import type { StreamsDto } from '../../../shared/api.js';

/** Sample index range, both ends included. */
export interface IndexRange {
  from: number;
  to: number;
}

export interface SelectionStats {
  /** Elapsed seconds between the first and last sample of the range. */
  durationS: number;
  /** Distance covered (distance channel difference), null without a distance channel. */
  distanceM: number | null;
  /** distanceM / durationS, null when either is missing or the duration is 0. */
  avgSpeedMps: number | null;
  /** Time-weighted means over the range; null when the channel has no value there. */
  avgHrBpm: number | null;
  avgPowerW: number | null;
  avgCadenceRpm: number | null;
  maxHrBpm: number | null;
  maxPowerW: number | null;
  /** Climb with a 3 m hysteresis band (as the server's summaries), null without altitude. */
  ascentM: number | null;
  descentM: number | null;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The first index whose value is >= x in an ascending array (binary search); length when none. */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the sample nearest to x in an ascending array (-1 when empty). */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1;
  const i = lowerBound(xs, x);
  if (i <= 0) return 0;
  if (i >= xs.length) return xs.length - 1;
  return x - xs[i - 1]! <= xs[i]! - x ? i - 1 : i;
}

/** Samples whose time lies in [fromS, toS] (order of the ends does not matter); null when none. */
export function rangeForTimes(timeS: ArrayLike<number>, fromS: number, toS: number): IndexRange | null {
  const lo = Math.min(fromS, toS);
  const hi = Math.max(fromS, toS);
  const from = lowerBound(timeS, lo);
  let to = lowerBound(timeS, hi);
  if (to >= timeS.length || timeS[to]! > hi) to--;
  return from <= to && from < timeS.length ? { from, to } : null;
}

/**
 * Time-weighted mean: each sample counts for half the interval to each neighbour (within the
 * range), capped at `maxGapS` so a pause does not let one sample dominate. Downsampled streams
 * (uneven spacing) then still average by time, not by sample.
 */
export function timeWeightedMean(timeS: ArrayLike<number>, values: ArrayLike<number | null> | undefined, r: IndexRange, maxGapS = 30): number | null {
  if (!values) return null;
  let sum = 0;
  let weight = 0;
  let plainSum = 0;
  let plainN = 0;
  for (let i = r.from; i <= r.to; i++) {
    const v = values[i];
    if (!finite(v)) continue;
    const left = i > r.from ? Math.min(maxGapS, timeS[i]! - timeS[i - 1]!) / 2 : 0;
    const right = i < r.to ? Math.min(maxGapS, timeS[i + 1]! - timeS[i]!) / 2 : 0;
    const w = Math.max(0, left + right);
    sum += v * w;
    weight += w;
    plainSum += v;
    plainN++;
  }
  if (plainN === 0) return null;
  return weight > 0 ? sum / weight : plainSum / plainN;
}

function maxOf(values: ArrayLike<number | null> | undefined, r: IndexRange): number | null {
  if (!values) return null;
  let m: number | null = null;
  for (let i = r.from; i <= r.to; i++) {
    const v = values[i];
    if (finite(v) && (m === null || v > m)) m = v;
  }
  return m;
}

/** Ascent and descent of a series with a hysteresis band: wiggles smaller than `bandM` do not count. */
export function climb(values: ArrayLike<number | null> | undefined, r: IndexRange, bandM = 3): { ascentM: number; descentM: number } | null {
  if (!values) return null;
  const s: number[] = [];
  for (let i = r.from; i <= r.to; i++) {
    const v = values[i];
    if (finite(v)) s.push(v);
  }
  if (s.length === 0) return null;
  let ascentM = 0;
  let descentM = 0;
  let pivot = s[0]!;
  let extreme = pivot;
  let dir = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s[i]!;
    if (dir === 0) {
      if (a - pivot >= bandM) (dir = 1), (extreme = a);
      else if (pivot - a >= bandM) (dir = -1), (extreme = a);
    } else if (dir === 1) {
      if (a > extreme) extreme = a;
      else if (extreme - a >= bandM) (ascentM += extreme - pivot), (pivot = extreme), (extreme = a), (dir = -1);
    } else if (a < extreme) extreme = a;
    else if (a - extreme >= bandM) (descentM += pivot - extreme), (pivot = extreme), (extreme = a), (dir = 1);
  }
  if (dir === 1) ascentM += extreme - pivot;
  else if (dir === -1) descentM += pivot - extreme;
  return { ascentM, descentM };
}

/** First and last finite value of a channel within the range. */
function ends(values: ArrayLike<number | null> | undefined, r: IndexRange): [number, number] | null {
  if (!values) return null;
  let a = r.from;
  let b = r.to;
  while (a <= r.to && !finite(values[a])) a++;
  while (b >= r.from && !finite(values[b])) b--;
  return a <= b ? [values[a] as number, values[b] as number] : null;
}

/**
 * Statistics of a range of samples. Running power recorded only as a developer field (Stryd,
 * Garmin Running Power) is used when there is no native power channel: pass it as `powerW`.
 */
export function selectionStats(s: Pick<StreamsDto, 'timeS' | 'channels'>, r: IndexRange, powerW?: (number | null)[]): SelectionStats {
  const t = s.timeS;
  const ch = s.channels;
  const durationS = r.to >= r.from ? t[r.to]! - t[r.from]! : 0;
  const d = ends(ch.distanceM, r);
  const distanceM = d ? Math.max(0, d[1] - d[0]) : null;
  const power = ch.powerW && ch.powerW.some(finite) ? ch.powerW : powerW;
  const c = climb(ch.altitudeM, r);
  return {
    durationS,
    distanceM,
    avgSpeedMps: distanceM !== null && durationS > 0 ? distanceM / durationS : null,
    avgHrBpm: timeWeightedMean(t, ch.hrBpm, r),
    avgPowerW: timeWeightedMean(t, power, r),
    avgCadenceRpm: timeWeightedMean(t, ch.cadenceRpm, r),
    maxHrBpm: maxOf(ch.hrBpm, r),
    maxPowerW: maxOf(power, r),
    ascentM: c ? c.ascentM : null,
    descentM: c ? c.descentM : null,
  };
}

/** A lap as a time range in seconds from the activity start (what the streams' timeS count). */
export interface LapRange {
  index: number;
  fromS: number;
  toS: number;
}

/**
 * Laps as time ranges. A lap ends where the next one starts; the last one after its elapsed (or
 * timer) time, or at the end of the samples when the file gives neither.
 */
export function lapRanges(laps: readonly { index: number; startOffsetS: number; elapsedTimeS: number | null; timerTimeS: number | null }[], endS: number): LapRange[] {
  const sorted = [...laps].sort((a, b) => a.startOffsetS - b.startOffsetS);
  return sorted.map((l, k) => {
    const next = sorted[k + 1];
    const own = l.elapsedTimeS ?? l.timerTimeS;
    const toS = next ? next.startOffsetS : own !== null && own > 0 ? l.startOffsetS + own : endS;
    return { index: l.index, fromS: l.startOffsetS, toS: Math.max(l.startOffsetS, toS) };
  });
}
