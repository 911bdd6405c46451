/**
 * The common tail of the XML parsers: derive the distance channel, compute the summary, merge the
 * device's totals (TCX laps) over it, and shape laps and the single session of a ParsedActivity.
 * Pure.
 */
import type { ActivityStreams, DeviceInfo, Lap, ParsedActivity, Session, SummaryFields } from '../../../shared/activity.js';
import { computeSummary, deriveDistanceStream, mergeSummary, summarizeRange } from '../../domain/summary.js';
import { completeSummary } from '../../domain/summary-sanity.js';
import type { SportName } from './sport-names.js';
import { toIsoUtc } from './xml-time.js';

export interface LapInput {
  startMs: number;
  /** Sample range of the lap in the activity's streams, [fromIndex, toIndex). */
  fromIndex: number;
  toIndex: number;
  /** What the file states about the lap; nulls are filled from the samples. */
  device: SummaryFields;
  trigger: string | null;
}

export interface AssembleInput {
  format: 'gpx' | 'tcx';
  startMs: number;
  sport: SportName;
  name: string | null;
  device: DeviceInfo | null;
  streams: ActivityStreams;
  /** Segment starts / pause markers: the derived distance does not bridge them. */
  breaks?: ReadonlySet<number>;
  laps: LapInput[];
  /** Whole-activity totals stated by the file (TCX: sums over laps), or null (GPX). */
  deviceSummary: SummaryFields | null;
  warnings: string[];
}

export function assembleActivity(input: AssembleInput): ParsedActivity {
  const streams = deriveDistanceStream(input.streams, { breakBefore: input.breaks });
  const opts = { sport: input.sport.sport };
  const computed = computeSummary(streams, opts);
  const summary = input.deviceSummary ? mergeSummary(input.deviceSummary, computed) : computed;
  // Elapsed runs from the activity start (the first lap may start before the first sample,
  // SuuntoSpartanUltra.tcx) to the last sample or the end of the last lap, whichever is later.
  const lastSampleS = streams.timeS.length ? streams.timeS[streams.timeS.length - 1] : 0;
  const lastLap = input.laps[input.laps.length - 1];
  const lastLapEndS = lastLap ? (lastLap.startMs - input.startMs) / 1000 + (lastLap.device.timerTimeS ?? 0) : 0;
  const spanS = Math.max(lastSampleS, lastLapEndS);
  if (spanS > 0 && (summary.elapsedTimeS === null || summary.elapsedTimeS < spanS)) summary.elapsedTimeS = spanS;
  Object.assign(summary, completeSummary(summary));

  const laps: Lap[] = input.laps.map((l, index) => {
    // Overlap one sample with the previous lap so lap distances add up to the whole (summary.ts).
    const from = Math.max(0, l.fromIndex - (l.fromIndex > 0 ? 1 : 0));
    const fromLap = l.toIndex > l.fromIndex ? summarizeRange(streams, from, l.toIndex, opts) : null;
    const merged = fromLap ? mergeSummary(l.device, fromLap) : { ...l.device };
    return {
      ...completeSummary(merged, { keepZeroDistance: true }),
      index,
      startTime: toIsoUtc(l.startMs),
      startOffsetS: (l.startMs - input.startMs) / 1000,
      trigger: l.trigger,
    };
  });

  const session: Session = {
    ...summary,
    index: 0,
    sport: input.sport.sport,
    subSport: input.sport.subSport,
    startTime: toIsoUtc(input.startMs),
    startOffsetS: 0,
    firstLapIndex: 0,
    numLaps: laps.length,
  };

  return {
    format: input.format,
    startTime: toIsoUtc(input.startMs),
    sport: input.sport.sport,
    subSport: input.sport.subSport,
    name: input.name,
    device: input.device,
    summary,
    sessions: [session],
    laps,
    streams,
    lengths: [],
    warnings: input.warnings,
  };
}
