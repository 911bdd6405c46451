/**
 * Everything the analysis derives from one activity's streams: moving time and elevation (the
 * summary rules of domain/summary.ts), load (power → pace → heart rate → TRIMP), time in zones,
 * mean-max curves, best efforts, and the effort rows that feed the records. Pure: no I/O.
 */
import type {
  ActivityCurvesDto,
  ActivityLegDto,
  ActivityLoadDto,
  ActivityZonesDto,
  BestEffortDto,
  LoadSource,
  RecordKind,
} from '../../../shared/analysis-api.js';
import type { ActivityStreams, Session, SwimLength } from '../../../shared/activity.js';
import { legsOf, sliceStreams } from '../multisport/legs.js';
import { analysePoolSwim, lengthDistanceSeries, poolLengthOf, poolRecordSport, SWIM_DISTANCES_M } from '../swim/pool-swim.js';
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

/**
 * One candidate for the records: a best effort (value = seconds) or a curve point. `sport` is the
 * records' sport when it is not the activity's own: a multisport leg's sport, or a pool swim's
 * per-pool-length sport (`swimming_pool_25m`).
 */
export interface EffortRow {
  kind: RecordKind;
  key: number;
  value: number;
  sport?: string;
}

export interface ActivityMetrics {
  load: ActivityLoadDto;
  zones: ActivityZonesDto;
  curves: ActivityCurvesDto;
  bestEfforts: BestEffortDto[];
  efforts: EffortRow[];
  /** Multisport: each leg analysed on its own samples under its own sport (absent otherwise). */
  legs?: ActivityLegDto[];
}

export interface MetricsContext {
  sport: string;
  day: string;
  thresholds: readonly ThresholdLike[];
  /** The activity's sessions: more than one sport makes it multisport, analysed per leg. */
  sessions?: readonly Session[];
  /** Pool-swim lengths: best efforts and the pace curve come from them. */
  lengths?: readonly SwimLength[];
}

/**
 * Whole-activity metrics, or per leg for a multisport event: the event keeps its total load and
 * whole-event zones; curves, best efforts and record candidates come from the legs only, each
 * under its leg's sport.
 */
export function computeActivityMetrics(streams: ActivityStreams, ctx: MetricsContext): ActivityMetrics {
  const t = streams.timeS;
  const legs = ctx.sessions ? legsOf(ctx.sessions, t.length ? t[t.length - 1] : 0) : [];
  if (!legs.length) return computeSingle(streams, ctx);
  const whole = computeSingle(streams, { ...ctx, sessions: undefined, lengths: undefined });
  const out: ActivityLegDto[] = [];
  const efforts: EffortRow[] = [];
  let load = 0;
  let best: { load: number; source: LoadSource } = { load: -1, source: null };
  const sums = { tss: null as number | null, hrTss: null as number | null, trimp: null as number | null, workKj: null as number | null };
  const add = (k: keyof typeof sums, v: number | null) => {
    if (v !== null) sums[k] = (sums[k] ?? 0) + v;
  };
  for (const [i, leg] of legs.entries()) {
    const slice = sliceStreams(streams, leg.startOffsetS, i === legs.length - 1 ? Infinity : leg.endOffsetS);
    const lengths = ctx.lengths?.filter((l) => l.startOffsetS >= leg.startOffsetS - 1 && l.startOffsetS < leg.endOffsetS);
    const session = ctx.sessions?.find((s) => s.index === leg.sessionIndex);
    const m = computeSingle(slice, { ...ctx, sport: leg.sport, lengths, sessions: session ? [session] : undefined });
    // Offsets from the activity start, not from the leg's first sample.
    const shift = slice.timeS.length && !lengths?.length ? slice.timeS[0] : 0;
    const bestEfforts = leg.transition ? [] : m.bestEfforts.map((e) => ({ ...e, startOffsetS: e.startOffsetS + shift }));
    out.push({ ...leg, load: m.load, zones: m.zones, curves: leg.transition ? { power: null, hr: null, pace: null } : m.curves, bestEfforts });
    if (!leg.transition) for (const e of m.efforts) addBest(efforts, { ...e, sport: e.sport ?? leg.sport });
    load += m.load.load;
    if (m.load.load > best.load) best = { load: m.load.load, source: m.load.loadSource };
    add('tss', m.load.tss);
    add('hrTss', m.load.hrTss);
    add('trimp', m.load.trimp);
    add('workKj', m.load.workKj);
  }
  return {
    load: {
      ...whole.load,
      load,
      loadSource: best.source,
      tss: sums.tss,
      hrTss: sums.hrTss,
      trimp: sums.trimp,
      workKj: sums.workKj,
      // Mixed-sport ratios (IF, NP, VI, GAP) have no meaning over the whole event.
      intensityFactor: null,
      normalizedPowerW: null,
      variabilityIndex: null,
      gradeAdjustedPaceMps: null,
    },
    zones: whole.zones,
    curves: { power: null, hr: null, pace: null },
    bestEfforts: [],
    efforts,
    legs: out,
  };
}

const GAP_SPORTS = new Set(['running', 'walking', 'hiking', 'trail_running']);

/** Smaller is better for distance efforts (seconds), larger for curves (W, bpm, m/s). */
export function isBetter(kind: RecordKind, a: number, b: number): boolean {
  return kind === 'distance' ? a < b : a > b;
}

function computeSingle(streams: ActivityStreams, ctx: MetricsContext): ActivityMetrics {
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

  // Pool swims: distance from the device's lengths (the record stream has it at lap ends only).
  const session = ctx.sessions?.length === 1 ? ctx.sessions[0] : null;
  const pool = ctx.lengths?.length ? analysePoolSwim(ctx.lengths, poolLengthOf(ctx.lengths, session?.poolLengthM, session?.distanceM ?? null)) : null;
  const poolSeries = pool ? lengthDistanceSeries(pool) : null;
  const recordSport = pool ? poolRecordSport(pool.poolLengthM) : undefined;

  const pc = pl ? meanMax(power1s as Float64Array, 0) : null;
  const hc = hr1s ? meanMax(hr1s, null) : null;
  const paceDist1s = poolSeries ? resampleDistanceElapsed(poolSeries.timeS, poolSeries.distanceM) : dist1s;
  const sc = paceDist1s ? paceCurve(paceDist1s) : null;
  const curves: ActivityCurvesDto = {
    power: pc && { kind: 'power', ...pc },
    hr: hc && { kind: 'hr', ...hc },
    pace: sc && { kind: 'pace', ...sc },
  };

  const efforts = poolSeries
    ? bestEfforts(poolSeries.timeS, poolSeries.distanceM, SWIM_DISTANCES_M)
    : bestEfforts(timeS, ch.distanceM, distancesForSport(ctx.sport));
  // The pool series starts at the first length; efforts keep offsets from the activity start.
  if (poolSeries && poolSeries.timeS.length) for (const e of efforts) e.startOffsetS += poolSeries.timeS[0];
  const rows: EffortRow[] = efforts.map((e) => ({ kind: 'distance', key: e.distanceM, value: e.timeS }));
  // Curve records use the fixed grid only: "whole activity" is not a comparable duration.
  for (const c of [curves.power, curves.hr, curves.pace]) {
    if (!c) continue;
    const last = c.durationsS.length - 1;
    c.durationsS.forEach((d, i) => {
      if (i < last || isGridPoint(d)) rows.push({ kind: c.kind, key: d, value: c.values[i] });
    });
  }
  if (recordSport) for (const r of rows) r.sport = recordSport;

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

/** Two legs of one sport (run–bike–run) offer one candidate per record: the better. */
function addBest(rows: EffortRow[], e: EffortRow): void {
  const i = rows.findIndex((r) => r.sport === e.sport && r.kind === e.kind && r.key === e.key);
  if (i < 0) rows.push(e);
  else if (isBetter(e.kind, e.value, rows[i].value)) rows[i] = e;
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
