/**
 * Wellness JSON of the Garmin Connect account export (FORMATS.md §6): `*_sleepData.json`,
 * `UDSFile_*.json` (daily summaries), `MetricsMaxMetData_*.json` (VO2max) and
 * `*_healthStatusData.json` (nightly HRV, HR, SpO2, skin temperature, respiration with baselines).
 * Field names were read from real exports and public parsers; values are SI on the way out. Pure.
 */
import { emptyBatch, finite, isDate, type WellnessBatch } from './wellness-batch.js';

export const GARMIN_SOURCE = 'garmin';
/** Garmin counts a floor per 3.048 m (10 ft) climbed (GarminDB uses the same). */
const FLOOR_M = 3.048;

type Obj = Record<string, unknown>;

function rows(json: unknown, key?: string): Obj[] {
  if (Array.isArray(json)) {
    // summarizedActivities-style wrapping: [{ key: [...] }]
    if (key && json.length === 1 && json[0] && typeof json[0] === 'object' && Array.isArray((json[0] as Obj)[key])) return (json[0] as Obj)[key] as Obj[];
    return json.filter((x): x is Obj => !!x && typeof x === 'object');
  }
  if (json && typeof json === 'object') {
    for (const v of Object.values(json as Obj)) if (Array.isArray(v)) return rows(v);
  }
  return [];
}

/** "2025-11-26T05:26:00.0" is GMT without a Z (FORMATS.md §6). */
function gmt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !v) return null;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`);
  return Number.isFinite(ms) ? ms : null;
}

export function parseGarminWellnessJson(fileName: string, json: unknown): WellnessBatch | { skipped: string } {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (/sleepData\.json$/i.test(base)) return sleepData(json);
  if (/^UDSFile_/i.test(base)) return uds(json);
  if (/^MetricsMaxMetData_/i.test(base)) return maxMet(json);
  if (/healthStatusData\.json$/i.test(base)) return healthStatus(json);
  return { skipped: 'not a Garmin wellness file MileVault reads (sleepData, UDSFile, MetricsMaxMetData, healthStatusData)' };
}

function adder(b: WellnessBatch, date: string) {
  return (metric: string, v: unknown, scale = 1) => {
    const n = finite(v);
    if (n !== null) b.daily.push({ metric, date, value: n * scale, source: GARMIN_SOURCE });
  };
}

function sleepData(json: unknown): WellnessBatch {
  const b = emptyBatch();
  for (const r of rows(json)) {
    const date = r.calendarDate;
    if (!isDate(date)) continue;
    // OFF_WRIST nights carry zeros and UNCONFIRMED ones no stages: neither is a measured night.
    if (r.sleepWindowConfirmationType === 'OFF_WRIST') continue;
    const add = adder(b, date);
    const deep = finite(r.deepSleepSeconds);
    const light = finite(r.lightSleepSeconds);
    const rem = finite(r.remSleepSeconds);
    if (deep !== null || light !== null || rem !== null) {
      add('sleepS', (deep ?? 0) + (light ?? 0) + (rem ?? 0));
      add('sleepDeepS', deep);
      add('sleepLightS', light);
      add('sleepRemS', rem);
      add('sleepAwakeS', r.awakeSleepSeconds);
    }
    add('sleepRespirationBrpm', r.averageRespiration);
    const scores = r.sleepScores as Obj | undefined;
    const overall = scores?.overallScore ?? (scores?.overall as Obj | undefined)?.value;
    add('sleepScore', overall);
    const spo2 = r.spo2SleepSummary as Obj | undefined;
    if (spo2) {
      add('spo2AvgPct', spo2.averageSPO2);
      add('spo2MinPct', spo2.lowestSPO2);
    }
    const start = gmt(r.sleepStartTimestampGMT);
    const end = gmt(r.sleepEndTimestampGMT);
    if (start !== null && end !== null && end > start) b.sleep.push({ source: GARMIN_SOURCE, startMs: start, endMs: end, date, stages: [] });
  }
  return b;
}

function uds(json: unknown): WellnessBatch {
  const b = emptyBatch();
  for (const r of rows(json)) {
    const date = r.calendarDate;
    if (!isDate(date)) continue;
    const add = adder(b, date);
    add('steps', r.totalSteps);
    add('distanceM', r.totalDistanceMeters);
    add('floorsClimbed', finite(r.floorsAscendedInMeters) === null ? null : Math.round((finite(r.floorsAscendedInMeters) as number) / FLOOR_M));
    add('activeEnergyKcal', r.activeKilocalories);
    add('totalEnergyKcal', r.totalKilocalories);
    add('moderateIntensityMin', r.moderateIntensityMinutes);
    add('vigorousIntensityMin', r.vigorousIntensityMinutes);
    add('restingHrBpm', r.restingHeartRate ?? r.currentDayRestingHeartRate);
    add('minHrBpm', r.minHeartRate);
    add('maxHrBpm', r.maxHeartRate);
    const stress = (r.allDayStress as Obj | undefined)?.aggregatorList;
    const total = Array.isArray(stress) ? (stress as Obj[]).find((s) => s.type === 'TOTAL') : undefined;
    // Garmin writes -1/-2 for "not enough data".
    if (total && (finite(total.averageStressLevel) ?? -1) >= 0) {
      add('avgStress', total.averageStressLevel);
      add('maxStress', total.maxStressLevel);
    }
    const bb = r.bodyBattery as Obj | undefined;
    if (bb) {
      add('bodyBatteryCharged', bb.chargedValue);
      add('bodyBatteryDrained', bb.drainedValue);
      for (const s of Array.isArray(bb.bodyBatteryStatList) ? (bb.bodyBatteryStatList as Obj[]) : []) {
        if (s.bodyBatteryStatType === 'HIGHEST') add('bodyBatteryHigh', s.statsValue);
        if (s.bodyBatteryStatType === 'LOWEST') add('bodyBatteryLow', s.statsValue);
      }
    }
    const resp = r.respiration as Obj | undefined;
    if (resp) add('respirationBrpm', resp.avgWakingRespirationValue);
  }
  return b;
}

function maxMet(json: unknown): WellnessBatch {
  const b = emptyBatch();
  // Several rows per date: the latest update wins.
  const sorted = rows(json).sort((x, y) => (finite(x.updateTimestamp) ?? gmt(x.updateTimestamp) ?? 0) - (finite(y.updateTimestamp) ?? gmt(y.updateTimestamp) ?? 0));
  const last = new Map<string, number>();
  for (const r of sorted) {
    const v = finite(r.vo2MaxValue);
    if (isDate(r.calendarDate) && v !== null && v > 0) last.set(r.calendarDate, v);
  }
  for (const [date, value] of last) b.daily.push({ metric: 'vo2maxMlKgMin', date, value, source: GARMIN_SOURCE });
  return b;
}

const HEALTH_STATUS: Record<string, string> = { HRV: 'hrvMs', HR: 'sleepHrBpm', SPO2: 'spo2AvgPct', SKIN_TEMP_C: 'skinTempDeltaC', RESPIRATION: 'sleepRespirationBrpm' };

function healthStatus(json: unknown): WellnessBatch {
  const b = emptyBatch();
  for (const r of rows(json)) {
    const date = r.calendarDate;
    if (!isDate(date) || !Array.isArray(r.metrics)) continue;
    const add = adder(b, date);
    for (const m of r.metrics as Obj[]) {
      const metric = HEALTH_STATUS[String(m.type)];
      if (!metric) continue;
      add(metric, m.value);
      if (metric === 'hrvMs') {
        add('hrvBaselineLowMs', m.baselineLowerLimit);
        add('hrvBaselineHighMs', m.baselineUpperLimit);
      }
    }
  }
  return b;
}
