/**
 * Where in an activity a record came from (issue 13 §3: "every record links to the activity and
 * the exact time span"): the seconds from the activity start at which the effort begins and ends.
 * Best efforts carry their start already (best-efforts.ts); curve points are found again here by
 * the same window search the curves use (mean-max.ts, resample.ts) on the same cleaned streams,
 * so the span is the window that produced the value. Pure: no I/O.
 */
import type { ActivityStreams } from '../../../shared/activity.js';
import type { BestEffortDto, RecordKind } from '../../../shared/analysis-api.js';
import { resampleDistanceElapsed } from '../analysis/resample.js';
import { medianStepS, pauseThresholdS } from '../timing.js';

export interface EffortSpan {
  startOffsetS: number;
  endOffsetS: number;
}

/** A distance record: the best effort of that distance (top level or a multisport leg's). */
export function distanceSpan(efforts: readonly BestEffortDto[], distanceM: number): EffortSpan | null {
  const e = efforts.find((x) => Math.abs(x.distanceM - distanceM) < 1e-6);
  return e ? { startOffsetS: e.startOffsetS, endOffsetS: e.startOffsetS + e.timeS } : null;
}

/** The fastest `durationS` window of elapsed time over the distance channel (the pace curve's). */
export function paceSpan(streams: ActivityStreams, durationS: number): EffortSpan | null {
  const dist = streams.channels.distanceM;
  if (!dist) return null;
  const grid = resampleDistanceElapsed(streams.timeS, dist);
  const first = dist.findIndex((d) => d != null && Number.isFinite(d));
  if (!grid || first < 0 || grid.length <= durationS) return null;
  let best = -Infinity;
  let at = 0;
  for (let i = 0; i + durationS < grid.length; i++) {
    const v = grid[i + durationS] - grid[i];
    if (v > best) (best = v), (at = i);
  }
  const t0 = streams.timeS[first];
  return { startOffsetS: t0 + at, endOffsetS: t0 + at + durationS };
}

/**
 * The best `durationS` window of power (a missing sample counts 0 W) or heart rate (a window
 * with a missing sample does not count) on timer time, as resampleTimer and meanMax build it:
 * a pause longer than the gap threshold is one second. The window is mapped back to elapsed time.
 */
export function sensorSpan(streams: ActivityStreams, kind: 'power' | 'hr', durationS: number): EffortSpan | null {
  const values = kind === 'power' ? streams.channels.powerW : streams.channels.hrBpm;
  const t = streams.timeS;
  if (!values || t.length < 2) return null;
  const gapS = pauseThresholdS(medianStepS(t));
  // Timer clock of each sample, and the elapsed time at each whole timer second.
  const clock: number[] = [0];
  for (let i = 1; i < t.length; i++) {
    const dt = t[i] - t[i - 1];
    clock.push(clock[i - 1] + (dt > gapS ? 1 : Math.max(0, dt)));
  }
  const len = Math.max(1, Math.round(clock[clock.length - 1]) + 1);
  const val = new Float64Array(len).fill(Number.NaN);
  const elapsed = new Float64Array(len + 1);
  for (let i = 0; i < t.length; i++) {
    const from = Math.round(clock[i]);
    const to = i + 1 < t.length ? Math.min(len, Math.max(from + 1, Math.round(clock[i + 1]))) : Math.min(len, from + 1);
    const v = values[i];
    for (let s = from; s < to; s++) {
      val[s] = v == null || !Number.isFinite(v) ? Number.NaN : v;
      elapsed[s] = t[i] + (s - clock[i]);
    }
  }
  elapsed[len] = t[t.length - 1] + 1;
  if (len < durationS) return null;
  const sum = new Float64Array(len + 1);
  const bad = new Int32Array(len + 1);
  for (let s = 0; s < len; s++) {
    const missing = val[s] !== val[s];
    sum[s + 1] = sum[s] + (missing ? 0 : val[s]);
    bad[s + 1] = bad[s] + (missing && kind === 'hr' ? 1 : 0);
  }
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i + durationS <= len; i++) {
    if (bad[i + durationS] !== bad[i]) continue;
    const v = sum[i + durationS] - sum[i];
    if (v > best) (best = v), (at = i);
  }
  if (at < 0) return null;
  return { startOffsetS: elapsed[at], endOffsetS: elapsed[at + durationS - 1] + 1 };
}

/** The span of one record candidate of an activity; null when it cannot be placed. */
export function effortSpan(streams: ActivityStreams, bestEfforts: readonly BestEffortDto[], kind: RecordKind, key: number): EffortSpan | null {
  if (kind === 'distance') return distanceSpan(bestEfforts, key);
  if (kind === 'pace') return paceSpan(streams, key);
  return sensorSpan(streams, kind, key);
}
