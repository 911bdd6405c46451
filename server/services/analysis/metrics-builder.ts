/**
 * Turns one stored activity into its analysis rows: reads the streams, runs the pure maths with
 * the user's thresholds, and shapes the activity_metrics and activity_efforts rows.
 */
import type { ThresholdDto } from '../../../shared/analysis-api.js';
import { type ActivityMetrics, computeActivityMetrics } from '../../domain/analysis/activity-metrics.js';
import { ANALYSIS_VERSION } from '../../domain/analysis/analysis-version.js';
import { isMultisport } from '../../domain/multisport/legs.js';
import { cleanStreamsByLeg } from '../../domain/clean/clean-legs.js';
import { applyPaceFloors } from '../../domain/clean/pace-floors.js';
import { startTimeProblem } from '../../domain/clean/record-dates.js';
import { isExcluded } from '../records/record-exclusions.service.js';
import type { FreshImport } from '../activity-events.js';
import type { ActivitySummaryDto } from '../../../shared/api.js';
import { dayOf, monthStart, weekStart, yearStart } from '../../domain/analysis/dates.js';
import type { Storage } from '../../storage/port.js';
import type { EffortRecordRow, MetricsRow } from '../../storage/repos/analysis.repo.js';

export interface BuiltMetrics {
  row: MetricsRow;
  efforts: EffortRecordRow[];
}

/**
 * `fresh`: an activity just imported, with the metrics the parser worker derived from the same
 * streams with the same thresholds (derive.ts): nothing is read back from the database.
 */
export async function buildMetrics(storage: Storage, userId: string, activityId: string, thresholds: ThresholdDto[], nowMs: number, fresh?: FreshImport): Promise<BuiltMetrics | null> {
  let a: Pick<ActivitySummaryDto, 'sport' | 'startTime' | 'distanceM' | 'elapsedTimeS' | 'movingTimeS' | 'ascentM' | 'descentM'>;
  let m: ActivityMetrics;
  // The parser worker derives from the streams alone; multisport legs and pool lengths need the
  // stored sessions and lengths, so those activities are computed here (they are few).
  if (fresh && (fresh.derived.sport === 'multisport' || fresh.derived.sport === 'swimming')) fresh = undefined;
  let localDay: string;
  if (fresh) {
    const d = fresh.derived;
    localDay = d.day;
    a = { sport: d.sport, startTime: new Date(d.startTimeMs).toISOString(), ...fresh.totals };
    m = { ...d.metrics, load: { ...d.metrics.load } };
  } else {
    const got = await storage.activities.get(userId, activityId);
    if (!got) return null;
    const streams = await storage.activities.readStreams(userId, activityId);
    if (!streams) return null;
    a = got;
    const sessions = isMultisport(got.sessions) || got.lengths.length ? got.sessions : undefined;
    // The cleaned view (domain/clean), as derive.ts does for a fresh import; a multisport event per leg.
    const clean = cleanStreamsByLeg(streams, a.sport, sessions);
    localDay = dayOf(Date.parse(got.startTime) + (got.utcOffsetS ?? 0) * 1000);
    m = applyPaceFloors(computeActivityMetrics(clean, { sport: a.sport, day: localDay, thresholds, sessions, lengths: got.lengths }), a.sport);
  }
  const startTimeMs = Date.parse(a.startTime);
  // The activity's local day (issue 13 §2): totals, calendar and daily load count it there.
  const day = localDay;
  // Totals show what the activity page shows: the device's own figure when it recorded one.
  m.load.movingTimeS = a.movingTimeS ?? m.load.movingTimeS;
  m.load.ascentM = a.ascentM ?? m.load.ascentM;
  m.load.descentM = a.descentM ?? m.load.descentM;
  const row: MetricsRow = {
    activityId,
    userId,
    sport: a.sport,
    startTimeMs,
    day,
    weekStart: weekStart(day),
    monthStart: monthStart(day),
    yearStart: yearStart(day),
    distanceM: a.distanceM,
    movingTimeS: m.load.movingTimeS,
    elapsedTimeS: a.elapsedTimeS,
    ascentM: m.load.ascentM,
    descentM: m.load.descentM,
    load: m.load.load,
    loadSource: m.load.loadSource,
    tss: m.load.tss,
    intensityFactor: m.load.intensityFactor,
    normalizedPowerW: m.load.normalizedPowerW,
    variabilityIndex: m.load.variabilityIndex,
    workKj: m.load.workKj,
    hrTss: m.load.hrTss,
    trimp: m.load.trimp,
    gapMps: m.load.gradeAdjustedPaceMps,
    bestEffortsJson: JSON.stringify(m.bestEfforts),
    zonesJson: JSON.stringify(m.zones),
    curvesJson: JSON.stringify(m.curves),
    computedAtMs: nowMs,
    legsJson: m.legs ? JSON.stringify(m.legs) : null,
    analysisVersion: ANALYSIS_VERSION,
  };
  const year = Number(day.slice(0, 4));
  // A multisport leg's or a pool swim's efforts go to their own records (EffortRow.sport).
  // A start before 2000 or in the future (no clock fix) gives no record candidates until corrected.
  const efforts = startTimeProblem(startTimeMs, nowMs) ? [] : m.efforts.map((e) => ({ activityId, userId, sport: e.sport ?? a.sport, kind: e.kind, key: e.key, value: e.value, startTimeMs, year }));
  // The athlete's exclusions (issue 13 §3); a fresh import has none yet.
  const excluded = fresh || !efforts.length ? [] : await storage.recordExclusions.list(userId, activityId);
  return { row, efforts: excluded.length ? efforts.filter((e) => !isExcluded(excluded, e)) : efforts };
}
