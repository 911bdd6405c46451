/**
 * One TCX `<Activity>` → ParsedActivity. Laps give the device summary (sums and maxima over
 * laps: TCX has no activity-level totals), the trackpoints give the streams. Pure.
 */
import type { ParsedActivity, SummaryFields } from '../../../shared/activity.js';
import { emptySummary } from '../../../shared/activity.js';
import { assembleActivity, type LapInput } from '../xml/assemble-activity.js';
import { inferSport } from '../xml/sport-names.js';
import { StreamBuilder } from '../xml/stream-builder.js';
import { attr, children, type XmlElement } from '../xml/xml-tree.js';
import { parseXmlTime } from '../xml/xml-time.js';
import { isTcdNs, lapTrigger, readCreator, readLapTotals, readTrackpoint, tcd } from './tcx-elements.js';

/** Builds the activity, or returns a reason string when it holds nothing to import. */
export function readTcxActivity(act: XmlElement): ParsedActivity | string {
  const warnings: string[] = [];
  const b = new StreamBuilder();
  const lapEls = children(act, 'Lap', isTcdNs);
  const lapMeta: { startMs: number | null; from: number; to: number; totals: SummaryFields; trigger: string | null }[] = [];
  let untimed = 0;
  for (const lap of lapEls) {
    const from = b.length;
    // Garmin starts a new <Track> after each timer stop: do not bridge distance across it.
    for (const track of children(lap, 'Track', isTcdNs)) {
      b.markBreak();
      for (const tp of children(track, 'Trackpoint', isTcdNs)) {
        const p = readTrackpoint(tp);
        if (p.timeMs === null) untimed++;
        else b.push(p.timeMs, p.values);
      }
    }
    lapMeta.push({
      startMs: parseXmlTime(attr(lap, 'StartTime')),
      from,
      to: b.length,
      totals: readLapTotals(lap),
      trigger: lapTrigger(lap),
    });
  }
  if (untimed) warnings.push(`${untimed} trackpoints without a time were dropped`);
  warnings.push(...b.orderWarnings());

  // The start is the earliest of the first lap start and the first sample; <Id> only when neither
  // exists. Garmin Connect truncates Id to the minute (FR945-run: Id 09:42:00, lap and first
  // sample 09:42:23), and Edge705-missing-data has samples before its Id.
  const idMs = parseXmlTime(tcd(act, 'Id')?.text);
  let candidates = [lapMeta[0]?.startMs ?? null, b.firstTimeMs].filter((t): t is number => t !== null);
  if (!candidates.length && idMs !== null) candidates = [idMs];
  if (!candidates.length) return 'activity without any time (no Id, lap start or timed trackpoint)';
  if (b.length === 0 && lapMeta.every((l) => l.totals.timerTimeS === null && l.totals.distanceM === null)) {
    return 'activity without trackpoints or lap totals';
  }
  const startMs = Math.min(...candidates);

  const laps: LapInput[] = lapMeta.map((l) => ({
    startMs: l.startMs ?? b.timeMsAt(l.from) ?? startMs,
    fromIndex: l.from,
    toIndex: l.to,
    device: l.totals,
    trigger: l.trigger,
  }));

  const streams = b.build(startMs);
  const device = readCreator(tcd(act, 'Creator'));
  const notes = tcd(act, 'Notes')?.text || null;
  // TCX knows only Running, Biking and Other: "Other" is read from the notes, the device name
  // and the laps (pool swims: domain/sport-vocabulary.ts looksLikePoolSwim).
  const sport = inferSport({
    label: attr(act, 'Sport'),
    texts: [notes, device?.product],
    hasPosition: !!streams.channels.latDeg?.some((v) => v != null),
    hasCadence: !!streams.channels.cadenceRpm?.some((v) => v != null),
    laps: lapMeta.map((l) => ({ distanceM: l.totals.distanceM, timeS: l.totals.timerTimeS })),
  });

  return assembleActivity({
    format: 'tcx',
    startMs,
    sport,
    name: notes,
    device,
    streams,
    breaks: b.breaks,
    laps,
    deviceSummary: lapTotals(lapMeta.map((l) => l.totals)),
    warnings,
  });
}

/**
 * Activity totals from lap totals: sums for distance, timer time and calories; maxima for the
 * maxima; timer-time-weighted means for the averages. A field stays null when no lap has it.
 */
export function lapTotals(laps: SummaryFields[]): SummaryFields {
  const out = emptySummary();
  const sum = (k: keyof SummaryFields) => {
    const v = laps.map((l) => l[k]).filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, x) => a + x, 0) : null;
  };
  const max = (k: keyof SummaryFields) => {
    const v = laps.map((l) => l[k]).filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const weighted = (k: keyof SummaryFields) => {
    let s = 0;
    let w = 0;
    for (const l of laps) {
      const v = l[k];
      if (v === null) continue;
      const t = l.timerTimeS ?? 0;
      s += v * t;
      w += t;
    }
    return w > 0 ? s / w : null;
  };
  out.distanceM = sum('distanceM');
  out.timerTimeS = sum('timerTimeS');
  out.caloriesKcal = sum('caloriesKcal');
  out.maxSpeedMps = max('maxSpeedMps');
  out.maxHrBpm = max('maxHrBpm');
  out.maxPowerW = max('maxPowerW');
  out.avgHrBpm = weighted('avgHrBpm');
  out.avgCadenceRpm = weighted('avgCadenceRpm');
  out.avgPowerW = weighted('avgPowerW');
  return out;
}
