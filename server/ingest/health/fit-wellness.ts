/**
 * Garmin wellness FIT files → WellnessBatch: monitoring (steps, heart rate, intensity minutes,
 * resting HR, stress, SpO2, respiration), sleep (stages, score), HRV status, metrics (VO2max),
 * skin temperature and weight-scale files. It reuses the activity importer's block splitter and
 * message decoder (server/ingest/fit) with a sink of its own, so parseFit stays an activity parser
 * and still reports these files as `skipped`. Pure; never throws.
 */
import { splitBlocks } from '../fit/fit-blocks.js';
import { decodeMessages, type MessageSink } from '../fit/fit-decoder.js';
import { FIT_EPOCH_MS } from '../fit/fit-profile.js';
import { FitView, num, type MessageDef } from '../fit/fit-view.js';
import { HRV_STATUS_SUMMARY, MAX_MET, MONITORING, SKIN_TEMP, SLEEP_ASSESSMENT, SLEEP_LEVELS, STEP_ACTIVITY_TYPES, WEIGHT_SCALE, WMESG } from './fit-wellness-profile.js';
import { GARMIN_SOURCE } from './garmin-export.parser.js';
import { emptyBatch, localDate, sleepDaily, type SleepStage, type WellnessBatch } from './wellness-batch.js';

const ms = (fitTs: number) => FIT_EPOCH_MS + fitTs * 1000;

class WellnessSink implements MessageSink {
  fileType = NaN;
  /** Local time minus UTC in seconds (monitoring_info / monitoring local_timestamp), NaN when unknown. */
  offsetS = NaN;
  lastTs = NaN;
  readonly b = emptyBatch();
  readonly steps: { t: number; type: number; cum: number }[] = [];
  readonly dayTotals: { t: number; type: number; steps: number; moderate: number; vigorous: number; activeKcal: number }[] = [];
  readonly sleepLevels: { t: number; level: number }[] = [];
  readonly deferredDaily: { metric: string; t: number; value: number }[] = [];
  readonly sleepDayDaily: { metric: string; value: number }[] = [];
  readonly scaleUsers = new Set<number>();
  private lastType = NaN;

  constructor(private readonly v: FitView) {}

  message(def: MessageDef, off: number, ts: number): void {
    const v = this.v;
    const f = (n: number) => num(v, def, off, n);
    if (ts === ts) this.lastTs = ts;
    const sample = (metric: string, t: number, value: number) => {
      if (t === t && value === value) this.b.samples.push({ metric, tMs: ms(t), value, source: GARMIN_SOURCE });
    };
    const daily = (metric: string, t: number, value: number) => {
      if (t === t && value === value) this.deferredDaily.push({ metric, t, value });
    };
    switch (def.global) {
      case WMESG.fileId:
        if (this.fileType !== this.fileType) this.fileType = f(0);
        return;
      case WMESG.monitoringInfo: {
        const local = f(0);
        if (ts === ts && local === local) this.offsetS = local - ts;
        return;
      }
      case WMESG.monitoring: {
        let t = ts;
        const t16 = f(MONITORING.timestamp16);
        // timestamp_16 holds the low 16 bits; the high bits come from the last full timestamp (FIT profile).
        if (t !== t && t16 === t16 && this.lastTs === this.lastTs) t = this.lastTs + ((t16 - this.lastTs) & 0xffff);
        if (t !== t) return;
        this.lastTs = t;
        const local = f(MONITORING.localTimestamp);
        if (local === local && ts === ts) this.offsetS = local - ts;
        const cati = f(MONITORING.currentActivityTypeIntensity);
        let type = f(MONITORING.activityType);
        if (type !== type && cati === cati) type = cati & 0x1f;
        if (type === type) this.lastType = type;
        else type = this.lastType;
        sample('hrBpm', t, f(MONITORING.heartRate) || NaN);
        const cycles = f(MONITORING.cycles);
        const duration = f(MONITORING.durationMin);
        if (duration === 1440) {
          this.dayTotals.push({ t, type, steps: STEP_ACTIVITY_TYPES.has(type) ? cycles : NaN, moderate: f(MONITORING.moderateMin), vigorous: f(MONITORING.vigorousMin), activeKcal: f(MONITORING.activeCalories) });
        } else if (cycles === cycles && STEP_ACTIVITY_TYPES.has(type)) this.steps.push({ t, type, cum: cycles });
        return;
      }
      case WMESG.monitoringHrData:
        daily('restingHrBpm', ts, f(0));
        return;
      case WMESG.stressLevel: {
        const value = f(0);
        if (value >= 0) sample('stress', f(1) === f(1) ? f(1) : ts, value);
        return;
      }
      case WMESG.spo2Data:
        sample('spo2Pct', ts, f(0));
        return;
      case WMESG.respirationRate: {
        const r = f(0);
        if (r > 0) sample('respirationBrpm', ts, r / 100);
        return;
      }
      case WMESG.hrvValue:
        sample('hrvMs', ts, f(0) / 128);
        return;
      case WMESG.sleepLevel:
        if (ts === ts && f(0) === f(0)) this.sleepLevels.push({ t: ts, level: f(0) });
        return;
      case WMESG.sleepAssessment: {
        const score = f(SLEEP_ASSESSMENT.overallSleepScore);
        if (score === score) this.sleepDayDaily.push({ metric: 'sleepScore', value: score });
        const stress = f(SLEEP_ASSESSMENT.averageStressDuringSleep);
        if (stress === stress && stress >= 0) this.sleepDayDaily.push({ metric: 'sleepAvgStress', value: stress / 100 });
        return;
      }
      case WMESG.hrvStatusSummary: {
        const H = HRV_STATUS_SUMMARY;
        daily('hrvMs', ts, f(H.lastNightAverage) / 128);
        daily('hrvWeeklyAvgMs', ts, f(H.weeklyAverage) / 128);
        daily('hrvBaselineLowMs', ts, f(H.baselineBalancedLower) / 128);
        daily('hrvBaselineHighMs', ts, f(H.baselineBalancedUpper) / 128);
        daily('hrvStatus', ts, f(H.status));
        return;
      }
      case WMESG.skinTempOvernight: {
        const local = f(SKIN_TEMP.localTimestamp);
        if (local === local && ts === ts) this.offsetS = local - ts;
        daily('skinTempDeltaC', ts, f(SKIN_TEMP.averageDeviation));
        return;
      }
      case WMESG.maxMetData: {
        const t = f(MAX_MET.updateTime);
        daily('vo2maxMlKgMin', t === t ? t : ts, f(MAX_MET.vo2Max) / 10);
        return;
      }
      case WMESG.weightScale: {
        const user = f(WEIGHT_SCALE.userProfileIndex);
        this.scaleUsers.add(user === user ? user : 0);
        // A family scale writes every user's readings; only the first profile's are this athlete's.
        if (user === user && user !== 0) return;
        const W = WEIGHT_SCALE;
        daily('weightKg', ts, f(W.weight) / 100);
        daily('bodyFatPct', ts, f(W.percentFat) / 100);
        daily('bodyWaterPct', ts, f(W.percentHydration) / 100);
        daily('boneMassKg', ts, f(W.boneMass) / 100);
        daily('muscleMassKg', ts, f(W.muscleMass) / 100);
        daily('bmi', ts, f(W.bmi) / 10);
        return;
      }
      default:
        return;
    }
  }
}

export function parseWellnessFit(bytes: Uint8Array): WellnessBatch | { error: string } {
  try {
    const split = splitBlocks(bytes);
    if (split.fatal) return { error: split.fatal };
    const view = new FitView(bytes);
    const sink = new WellnessSink(view);
    for (const block of split.blocks) {
      const out = decodeMessages(view, block.dataStart, block.dataEnd, sink);
      if (out.problem) sink.b.warnings.push(`stopped reading because ${out.problem}; the data before it was kept`);
    }
    if (sink.fileType === 4) return { error: 'this is an activity file, not a wellness file' };
    return finish(sink, split.warnings);
  } catch (e) {
    return { error: `could not read FIT file: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function finish(s: WellnessSink, warnings: string[]): WellnessBatch {
  const b = s.b;
  b.warnings.unshift(...warnings);
  const off = s.offsetS === s.offsetS ? s.offsetS / 60 : 0;
  const dateOf = (fitTs: number) => localDate(ms(fitTs), off);
  for (const d of s.deferredDaily) b.daily.push({ metric: d.metric, date: dateOf(d.t), value: d.value, source: GARMIN_SOURCE });

  // Steps: `cycles` is a running total per activity type that restarts each day; the intraday
  // series is the steps taken since the previous message.
  const last = new Map<number, number>();
  for (const x of s.steps) {
    const prev = last.get(x.type) ?? 0;
    const delta = x.cum >= prev ? x.cum - prev : x.cum;
    last.set(x.type, x.cum);
    if (delta > 0) b.samples.push({ metric: 'steps', tMs: ms(x.t), value: delta, source: GARMIN_SOURCE });
  }
  // Daily totals are stamped at the end of the day (local midnight): they belong to the day before.
  const perDay = new Map<string, { steps: number; moderate: number; vigorous: number; activeKcal: number }>();
  for (const d of s.dayTotals) {
    const date = dateOf(d.t - 1);
    const acc = perDay.get(date) ?? { steps: 0, moderate: 0, vigorous: 0, activeKcal: 0 };
    if (d.steps === d.steps) acc.steps += d.steps;
    if (d.moderate === d.moderate) acc.moderate += d.moderate;
    if (d.vigorous === d.vigorous) acc.vigorous += d.vigorous;
    if (d.activeKcal === d.activeKcal) acc.activeKcal += d.activeKcal;
    perDay.set(date, acc);
  }
  for (const [date, a] of perDay) {
    b.daily.push({ metric: 'steps', date, value: a.steps, source: GARMIN_SOURCE });
    if (a.activeKcal) b.daily.push({ metric: 'activeEnergyKcal', date, value: a.activeKcal, source: GARMIN_SOURCE });
    if (a.moderate) b.daily.push({ metric: 'moderateIntensityMin', date, value: a.moderate, source: GARMIN_SOURCE });
    if (a.vigorous) b.daily.push({ metric: 'vigorousIntensityMin', date, value: a.vigorous, source: GARMIN_SOURCE });
  }

  if (s.sleepLevels.length) {
    const lv = s.sleepLevels.sort((a, c) => a.t - c.t);
    const stages = lv.map((x, i) => ({
      stage: (SLEEP_LEVELS[x.level] ?? 'unmeasurable') as SleepStage,
      startMs: ms(x.t),
      // Each level holds until the next one; the last one for the usual one-minute epoch.
      endMs: ms(i + 1 < lv.length ? lv[i + 1].t : x.t + 60),
    }));
    const session = { source: GARMIN_SOURCE, startMs: stages[0].startMs, endMs: stages[stages.length - 1].endMs, date: localDate(stages[stages.length - 1].endMs, off), stages };
    b.sleep.push(session);
    b.daily.push(...sleepDaily(session));
    for (const d of s.sleepDayDaily) b.daily.push({ metric: d.metric, date: session.date, value: d.value, source: GARMIN_SOURCE });
  } else if (s.sleepDayDaily.length && s.lastTs === s.lastTs) {
    for (const d of s.sleepDayDaily) b.daily.push({ metric: d.metric, date: dateOf(s.lastTs), value: d.value, source: GARMIN_SOURCE });
  }
  if (s.scaleUsers.size > 1) b.warnings.push(`the scale recorded ${s.scaleUsers.size} users; only the first user's readings were kept`);
  return b;
}
