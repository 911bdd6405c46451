/**
 * Summary figures (SummaryFields) computed from sample streams, and the merge with a device's own
 * totals. Pure: no I/O, no clock. The rules, each documented where it is applied:
 * - distance: the `distanceM` channel (last − first known value) when present, else haversine over
 *   lat/lon, skipping missing fixes and GPS jumps (geo.ts).
 * - elapsed = last − first time; timer = elapsed − pauses (gaps, timing.ts); moving = steps at or
 *   above the sport's stop speed (STOP_SPEED_MPS), gaps counted as stopped.
 * - ascent/descent: time-based smoothing + hysteresis, barometric and GPS altitude told apart from
 *   the signal (elevation.ts explains the method and its measured deviation from devices).
 * - averages are time-weighted (samples may be irregular: smart recording, pauses); avg speed =
 *   distance / moving time; avg cadence ignores zeros (Garmin's default "exclude zeros"),
 *   avg power includes them (coasting is part of the ride's average power, as on every head unit).
 * - calories are never computed (needs weight, age, sex: a services concern).
 */
import type { ActivityStreams, SummaryFields } from '../../shared/activity.js';
import { SUMMARY_KEYS, emptySummary } from '../../shared/activity.js';
import { accumulateDistance } from './distance-stream.js';
import { cleanAltitude } from './clean/clean-channels.js';
import { limitsFor } from './clean/sport-limits.js';
import { ascentDescent, type ElevationOptions } from './elevation.js';
import { medianStepS, pausedTimeS, pauseThresholdS, sampleWeights, speedProfile } from './timing.js';

export { deriveDistanceStream } from './distance-stream.js';

export interface SummaryOptions {
  /** Normalised sport (FIT enum name); chooses the stop speed for moving time. */
  sport?: string;
  /** Override the pause gap threshold in seconds (default: timing.ts pauseThresholdS). */
  pauseGapS?: number;
  /** Override the stop speed in m/s. */
  stopSpeedMps?: number;
  /** Elevation options (e.g. an `altitudeSource` hint); the stream's own time axis is always used. */
  elevation?: ElevationOptions;
}

/**
 * Below this speed (m/s) a step counts as stopped. Chosen above the GPS drift of a standing
 * athlete (0.2–0.4 m/s at 1 Hz) and below the slowest real movement of the sport: a steep hike
 * or a walk ~0.6 m/s, a track stand or a climb at 4 km/h on a bike ~1.1 m/s, a slow swim ~0.3 m/s.
 */
export const STOP_SPEED_MPS: Readonly<Record<string, number>> = {
  running: 0.5,
  walking: 0.5,
  hiking: 0.5,
  cycling: 1.0,
  e_biking: 1.0,
  inline_skating: 1.0,
  swimming: 0.2,
  rowing: 0.5,
  paddling: 0.5,
  stand_up_paddleboarding: 0.5,
  cross_country_skiing: 0.5,
  alpine_skiing: 1.0,
};
export const DEFAULT_STOP_SPEED_MPS = 0.5;

export function stopSpeedFor(sport: string | undefined): number {
  return (sport ? STOP_SPEED_MPS[sport] : undefined) ?? DEFAULT_STOP_SPEED_MPS;
}

/** Summary of the whole stream. */
export function computeSummary(streams: ActivityStreams, opts: SummaryOptions = {}): SummaryFields {
  return summarizeRange(streams, 0, streams.timeS.length, opts);
}

/**
 * Summary of samples `[fromIndex, toIndexExclusive)`, e.g. one lap. Distances and times are
 * measured between the first and last sample of the range, so consecutive ranges that share no
 * sample miss the one step between them; pass overlapping bounds when laps must add up exactly.
 */
export function summarizeRange(
  streams: ActivityStreams,
  fromIndex: number,
  toIndexExclusive: number,
  opts: SummaryOptions = {},
): SummaryFields {
  // The activity, its session and its lap often span the same samples (one-lap runs): the same
  // range of the same streams is summarised once (streams are not changed after parsing).
  const key = `${fromIndex}|${toIndexExclusive}|${opts.sport ?? ''}|${opts.pauseGapS ?? ''}|${opts.stopSpeedMps ?? ''}|${opts.elevation ? JSON.stringify(opts.elevation) : ''}|${streams.timeS.length}`;
  let memo = rangeMemo.get(streams);
  const hit = memo?.get(key);
  if (hit) return { ...hit };
  const out = summarizeRangeOnce(streams, fromIndex, toIndexExclusive, opts);
  if (!memo) rangeMemo.set(streams, (memo = new Map()));
  if (memo.size < 64) memo.set(key, out);
  return { ...out };
}

const rangeMemo = new WeakMap<ActivityStreams, Map<string, SummaryFields>>();

/** The cleaned altitude of the whole recording (the filter needs the samples around a range), once per sport. */
function cleanedAltitude(streams: ActivityStreams, sport: string): readonly (number | null)[] {
  let bySport = altitudeMemo.get(streams);
  if (!bySport) altitudeMemo.set(streams, (bySport = new Map()));
  let alt = bySport.get(sport);
  if (!alt) bySport.set(sport, (alt = cleanAltitude(streams.timeS, streams.channels.altitudeM!, limitsFor(sport), streams.channels.distanceM).values));
  return alt;
}

const altitudeMemo = new WeakMap<ActivityStreams, Map<string, readonly (number | null)[]>>();

function summarizeRangeOnce(streams: ActivityStreams, fromIndex: number, toIndexExclusive: number, opts: SummaryOptions): SummaryFields {
  const out = emptySummary();
  const t = streams.timeS;
  const from = Math.max(0, Math.floor(fromIndex));
  const to = Math.min(t.length, Math.floor(toIndexExclusive));
  if (to - from < 1) return out;
  const ch = streams.channels;

  const typical = medianStepS(t, from, to);
  const gapS = opts.pauseGapS ?? pauseThresholdS(typical);
  out.elapsedTimeS = t[to - 1] - t[from];
  out.timerTimeS = Math.max(0, out.elapsedTimeS - pausedTimeS(t, from, to, gapS));

  // Distance: the device's own channel wins (wheel sensor, foot pod, filtered GPS); haversine otherwise.
  let dist: readonly (number | null)[] | undefined = ch.distanceM;
  out.distanceM = dist ? rangeSpan(dist, from, to) : null;
  if (out.distanceM === null && ch.latDeg && ch.lonDeg) {
    const derived = accumulateDistance(t.slice(from, to), ch.latDeg.slice(from, to), ch.lonDeg.slice(from, to));
    const lastKnown = lastNonNull(derived, 0, derived.length);
    if (lastKnown !== null) {
      out.distanceM = lastKnown;
      dist = new Array<number | null>(from).fill(null).concat(derived);
    }
  }

  const sp = speedProfile(t, from, to, ch.speedMps, dist, gapS, opts.stopSpeedMps ?? stopSpeedFor(opts.sport));
  out.movingTimeS = sp.movingTimeS;
  out.maxSpeedMps = sp.maxSpeedMps;
  if (out.distanceM !== null && out.movingTimeS) out.avgSpeedMps = out.distanceM / out.movingTimeS;

  if (ch.altitudeM) {
    // Altitude faults are not climbing (issue 13 §3, domain/clean): Edge705-missing-data's unit
    // "climbed" 2,320 m aboard a plane with its distance frozen at 238 m.
    const alt = opts.sport ? cleanedAltitude(streams, opts.sport) : ch.altitudeM;
    const ad = ascentDescent(alt, from, to, { ...opts.elevation, timeS: t });
    if (ad) (out.ascentM = ad.ascentM), (out.descentM = ad.descentM);
  }

  const w = sampleWeights(t, from, to, gapS, typical);
  if (ch.hrBpm) {
    out.avgHrBpm = weightedMean(ch.hrBpm, from, to, w, (v) => v > 0);
    out.maxHrBpm = maxOf(ch.hrBpm, from, to);
  }
  if (ch.cadenceRpm) out.avgCadenceRpm = weightedMean(ch.cadenceRpm, from, to, w, (v) => v > 0);
  if (ch.powerW) {
    out.avgPowerW = weightedMean(ch.powerW, from, to, w, (v) => v >= 0);
    out.maxPowerW = maxOf(ch.powerW, from, to);
  }
  return out;
}

/**
 * Device totals win field by field; computed values fill the holes, with three consistency rules:
 * - Samples spanning under 90 % of the device's timer time (kona2013.tcx: 5 trackpoints under a
 *   5-hour lap) cannot speak for the whole: their moving time is not used.
 * - Moving time ≤ timer time ≤ elapsed time (a device timer longer than the samples' span means the
 *   samples started late, SuuntoSpartanUltra.tcx).
 * - Average speed, when the device gave none, is merged distance / moving time (timer time when
 *   moving time is unknown, e.g. pool swims), so it matches the distance the user sees.
 */
export function mergeSummary(device: SummaryFields, computed: SummaryFields): SummaryFields {
  const out = emptySummary();
  for (const k of SUMMARY_KEYS) out[k] = device[k] ?? computed[k];
  const covers = device.timerTimeS == null || computed.elapsedTimeS == null || computed.elapsedTimeS >= 0.9 * device.timerTimeS;
  if (!covers && device.movingTimeS == null) out.movingTimeS = null;
  if (out.timerTimeS != null && out.elapsedTimeS != null && out.elapsedTimeS < out.timerTimeS) out.elapsedTimeS = out.timerTimeS;
  if (out.movingTimeS != null && out.timerTimeS != null && out.movingTimeS > out.timerTimeS) out.movingTimeS = out.timerTimeS;
  if (device.avgSpeedMps == null && out.distanceM != null) {
    const t = out.movingTimeS || out.timerTimeS;
    out.avgSpeedMps = t ? out.distanceM / t : null;
  }
  return out;
}

function rangeSpan(v: readonly (number | null)[], from: number, to: number): number | null {
  const first = firstNonNull(v, from, to);
  const last = lastNonNull(v, from, to);
  return first === null || last === null ? null : Math.max(0, last - first);
}

function firstNonNull(v: readonly (number | null)[], from: number, to: number): number | null {
  for (let i = from; i < to; i++) if (v[i] != null && Number.isFinite(v[i])) return v[i];
  return null;
}

function lastNonNull(v: readonly (number | null)[], from: number, to: number): number | null {
  for (let i = to - 1; i >= from; i--) if (v[i] != null && Number.isFinite(v[i])) return v[i];
  return null;
}

function maxOf(v: readonly (number | null)[], from: number, to: number): number | null {
  let m: number | null = null;
  for (let i = from; i < to; i++) {
    const x = v[i];
    if (x != null && Number.isFinite(x) && (m === null || x > m)) m = x;
  }
  return m;
}

/** Time-weighted mean of accepted values; a plain mean when every weight is zero (all one timestamp). */
function weightedMean(
  v: readonly (number | null)[],
  from: number,
  to: number,
  w: Float64Array,
  accept: (x: number) => boolean,
): number | null {
  let sum = 0;
  let wsum = 0;
  let plain = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const x = v[i];
    if (x == null || !Number.isFinite(x) || !accept(x)) continue;
    sum += x * w[i - from];
    wsum += w[i - from];
    plain += x;
    n++;
  }
  if (n === 0) return null;
  return wsum > 0 ? sum / wsum : plain / n;
}
