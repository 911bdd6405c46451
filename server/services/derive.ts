/**
 * Per-activity derived data computed in the parser worker, next to the decode: the analysis
 * metrics (curves, best efforts, zones, load) and the resampled route track. Computing them there
 * keeps the main thread — which owns the database — free to store, so an import uses every core
 * (issue 3: pipeline ≥ 1.5× the bare single-thread decode).
 *
 * The inputs are the streams exactly as storage will return them (stream-codec.ts
 * encodeStreamsWithEcho: the parsed arrays themselves where nothing is rounded), so a
 * recomputation from the database later gives the same numbers to the last bit.
 */
import type { ActivityStreams } from '../../shared/activity.js';
import { type ActivityMetrics, computeActivityMetrics } from '../domain/analysis/activity-metrics.js';
import { dayOf } from '../domain/analysis/dates.js';
import { cleanStreams } from '../domain/clean/clean-streams.js';
import { applyPaceFloors } from '../domain/clean/pace-floors.js';
import type { ThresholdLike } from '../domain/analysis/thresholds.js';
import { decodeTrack } from '../domain/routes/track-codec.js';
import { type ResampledTrack, resampleTrack } from '../domain/routes/track.js';
import type { TrackSummaryColumns } from '../storage/repos/routes-tables.js';
import type { TrackRow } from '../storage/repos/routes.repo.js';
import { summaryColumnsOf } from './routes/route-tracks.js';

/** What the worker needs to know about the importing user: their dated thresholds. */
export interface DeriveContext {
  thresholds: ThresholdLike[];
  /** `thresholdsKey(thresholds)`, echoed back so the main thread can tell if they changed since. */
  thresholdsKey: string;
  /** The athlete's time-zone setting: the fallback for the activity's local day (domain/local-time.ts). */
  timeZone?: string;
}

export interface DerivedActivity {
  thresholdsKey: string;
  /** The sport and day the metrics were computed for (an archive may relabel the sport). */
  sport: string;
  /** The activity's local day (issue 13 §2), at `utcOffsetS`. */
  day: string;
  utcOffsetS: number;
  startTimeMs: number;
  metrics: ActivityMetrics;
  /** Resampled GPS track and its stored columns; null without usable GPS. */
  track: { track: ResampledTrack; columns: TrackSummaryColumns } | null;
}

/** The activity_tracks row of a freshly derived track (routes and segments both store or scan it). */
export function derivedTrackRow(userId: string, activityId: string, d: DerivedActivity): TrackRow | null {
  return d.track ? { activityId, userId, sport: d.sport, startTimeMs: d.startTimeMs, routeId: null, routeCostM: null, ...d.track.columns } : null;
}

/** A stable fingerprint of a thresholds list (order and fields as stored). */
export function thresholdsKey(list: readonly ThresholdLike[]): string {
  return JSON.stringify(list.map((t) => [t.kind, t.sport ?? null, t.value, t.validFrom]));
}

export function deriveActivity(raw: ActivityStreams, sport: string, startTime: string, ctx: DeriveContext, utcOffsetS = 0): DerivedActivity {
  const startTimeMs = Date.parse(startTime);
  const day = dayOf(startTimeMs + utcOffsetS * 1000);
  // Analysis and the route track read the cleaned view (domain/clean); storage keeps the raw samples.
  const streams = cleanStreams(raw, sport).streams;
  const metrics = applyPaceFloors(computeActivityMetrics(streams, { sport, day, thresholds: ctx.thresholds }), sport);
  const lat = streams.channels.latDeg;
  const lon = streams.channels.lonDeg;
  const t = lat && lon ? resampleTrack(lat, lon, streams.timeS) : null;
  const columns = t ? summaryColumnsOf(t) : null;
  // The stored (quantised) track, decoded: what route matching reads back from the database.
  const track = columns ? { track: decodeTrack(columns.track), columns } : null;
  return { thresholdsKey: ctx.thresholdsKey, sport, day, utcOffsetS, startTimeMs, metrics, track };
}
