/**
 * Everything the analysis derives from one activity's streams: moving time and elevation (the
 * summary rules of domain/summary.ts), load (power → pace → heart rate → TRIMP), time in zones,
 * mean-max curves, best efforts, and the effort rows that feed the records. Pure: no I/O.
 */
import type {
  ActivityCurvesDto,
  ActivityLoadDto,
  ActivityZonesDto,
  BestEffortDto,
  LoadSource,
  RecordKind,
} from '../../../shared/analysis-api.js';
import type { ActivityStreams } from '../../../shared/activity.js';
import { computeSummary } from '../summary.js';
import { medianStepS, pauseThresholdS, sampleWeights } from '../timing.js';
import { bestEfforts, distancesForSport } from './best-efforts.js';
import { flatEquivalentDistanceM, gradeAdjustedPaceMps } from './grade-adjusted-pace.js';
import { DEFAULT_MAX_HR_BPM, DEFAULT_RESTING_HR_BPM, hrTss, trimp } from './hr-load.js';
import { CURVE_DURATIONS_S, meanMax, paceCurve } from './mean-max.js';
import { powerLoad } from './power-load.js';
import { resampleDistanceElapsed, resampleTimer } from './resample.js';
import { thresholdsFor, type ThresholdLike } from './thresholds.js';
import { HR_MAX_ZONES, HR_THRESHOLD_ZONES, PACE_ZONES, POWER_ZONES, timeInZones } from './zones.js';

/** One candidate for the records: a best effort (value = seconds) or a curve point. */
export interface EffortRow {
  kind: RecordKind;
  key: number;
  value: number;
}

export interface ActivityMetrics {
  load: ActivityLoadDto;
  zones: ActivityZonesDto;
  curves: ActivityCurvesDto;
  bestEfforts: BestEffortDto[];
  efforts: EffortRow[];
}

const GAP_SPORTS = new Set(['running', 'walking', 'hiking', 'trail_running']);

/** Smaller is better for distance efforts (seconds), larger for curves (W, bpm, m/s). */
export function isBetter(kind: RecordKind, a: number, b: number): boolean {
  return kind === 'distance' ? a < b : a > b;
}

export function computeActivityMetrics(
  streams: ActivityStreams,
  ctx: { sport: string; day: string; thresholds: readonly ThresholdLike[] },
): ActivityMetrics {
  const { timeS, channels: ch } = streams;
  const th = thresholdsFor(ctx.thresholds, ctx.sport, ctx.day);
  const summary = computeSummary(streams, { sport: ctx.sport });
  const gapS = pauseThresholdS(medianStepS(timeS));

  const power1s = ch.powerW ? resampleTimer(timeS, ch.powerW, gapS) : null;
  const hr1s = ch.hrBpm ? resampleTimer(timeS, ch.hrBpm, gapS) : null;
  const dist1s = ch.distanceM ? resampleDistanceElapsed(timeS, ch.distanceM) : null;

  const pl = power1s && hasValue(ch.powerW) ? powerLoad(power1s, th.ftp?.value ?? null) : null;
  const rest = th.restingHr?.value ?? DEFAULT_RESTING_HR_BPM;
  const max = th.maxHr?.value ?? DEFAULT_MAX_HR_BPM;
  const tr = hr1s ? trimp(hr1s, rest, max) : null;
  const hts = tr !== null && th.thresholdHr ? hrTss(tr, th.thresholdHr.value, rest, max) : null;

  const foot = GAP_SPORTS.has(ctx.sport);
  const flat = foot ? flatEquivalentDistanceM(ch.distanceM, ch.altitudeM) : null;
  const gap = foot ? gradeAdjustedPaceMps(flat ?? summary.distanceM, summary.movingTimeS) : null;
  // rTSS: the running analogue of TSS, from grade-adjusted pace against threshold pace.
  const rIf = gap !== null && th.thresholdPace ? gap / th.thresholdPace.value : null;
  const rTss = rIf !== null && summary.movingTimeS ? (summary.movingTimeS / 3600) * rIf * rIf * 100 : null;

  let load = 0;
  let loadSource: LoadSource = null;
  if (pl?.tss != null) (load = pl.tss), (loadSource = 'power');
  else if (rTss !== null) (load = rTss), (loadSource = 'pace');
  else if (hts !== null) (load = hts), (loadSource = 'hr');
  else if (tr !== null) (load = tr), (loadSource = 'trimp');

  const weights = sampleWeights(timeS, 0, timeS.length, gapS, medianStepS(timeS));
  const speed = ch.speedMps ?? (ch.distanceM ? stepSpeed(timeS, ch.distanceM, gapS) : undefined);
  const hrModel = th.thresholdHr ? HR_THRESHOLD_ZONES : th.maxHr ? HR_MAX_ZONES : null;
  const hrBasis = th.thresholdHr ?? th.maxHr;
  const zones: ActivityZonesDto = {
    power: ch.powerW && th.ftp ? timeInZones(POWER_ZONES, th.ftp, ch.powerW, weights) : null,
    hr: ch.hrBpm && hrModel && hrBasis ? timeInZones(hrModel, hrBasis, ch.hrBpm, weights) : null,
    pace: speed && th.thresholdPace ? timeInZones(PACE_ZONES, th.thresholdPace, speed, weights) : null,
  };

  const pc = pl ? meanMax(power1s as Float64Array, 0) : null;
  const hc = hr1s ? meanMax(hr1s, null) : null;
  const sc = dist1s ? paceCurve(dist1s) : null;
  const curves: ActivityCurvesDto = {
    power: pc && { kind: 'power', ...pc },
    hr: hc && { kind: 'hr', ...hc },
    pace: sc && { kind: 'pace', ...sc },
  };

  const efforts = bestEfforts(timeS, ch.distanceM, distancesForSport(ctx.sport));
  const rows: EffortRow[] = efforts.map((e) => ({ kind: 'distance', key: e.distanceM, value: e.timeS }));
  // Curve records use the fixed grid only: "whole activity" is not a comparable duration.
  for (const c of [curves.power, curves.hr, curves.pace]) {
    if (!c) continue;
    const last = c.durationsS.length - 1;
    c.durationsS.forEach((d, i) => {
      if (i < last || isGridPoint(d)) rows.push({ kind: c.kind, key: d, value: c.values[i] });
    });
  }

  return {
    load: {
      load,
      loadSource,
      tss: pl?.tss ?? null,
      intensityFactor: pl?.intensityFactor ?? null,
      normalizedPowerW: pl?.normalizedPowerW ?? null,
      variabilityIndex: pl?.variabilityIndex ?? null,
      workKj: pl?.workKj ?? null,
      hrTss: hts,
      trimp: tr,
      gradeAdjustedPaceMps: gap,
      movingTimeS: summary.movingTimeS,
      ascentM: summary.ascentM,
      descentM: summary.descentM,
    },
    zones,
    curves,
    bestEfforts: efforts,
    efforts: rows,
  };
}

const GRID = new Set(CURVE_DURATIONS_S);
function isGridPoint(d: number): boolean {
  return GRID.has(d);
}

function hasValue(v: readonly (number | null)[] | undefined): boolean {
  return !!v && v.some((x) => x != null && x > 0);
}

/** Speed per sample from the distance channel (for pace zones when there is no speed channel). */
function stepSpeed(timeS: readonly number[], dist: readonly (number | null)[], gapS: number): (number | null)[] {
  const out: (number | null)[] = new Array(timeS.length).fill(null);
  for (let i = 1; i < timeS.length; i++) {
    const dt = timeS[i] - timeS[i - 1];
    const a = dist[i - 1];
    const b = dist[i];
    if (dt > 0 && dt <= gapS && a != null && b != null) out[i] = Math.max(0, (b - a) / dt);
  }
  return out;
}
