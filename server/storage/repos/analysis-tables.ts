/** Kysely types of the migration 0003_analysis tables (kept beside their repositories). */
export interface ActivityMetricsTable {
  activityId: string;
  userId: string;
  sport: string;
  startTimeMs: number;
  day: string;
  weekStart: string;
  monthStart: string;
  yearStart: string;
  distanceM: number | null;
  movingTimeS: number | null;
  elapsedTimeS: number | null;
  ascentM: number | null;
  descentM: number | null;
  load: number;
  loadSource: string | null;
  tss: number | null;
  intensityFactor: number | null;
  normalizedPowerW: number | null;
  variabilityIndex: number | null;
  workKj: number | null;
  hrTss: number | null;
  trimp: number | null;
  gapMps: number | null;
  bestEffortsJson: string;
  zonesJson: string;
  curvesJson: string;
  computedAtMs: number;
  /** Multisport legs (JSON ActivityLegDto[]), null for single-sport activities (migration 0007). */
  legsJson: string | null;
  /** ANALYSIS_VERSION the row was computed with; older rows are recomputed on start. */
  analysisVersion: number;
}

export interface ActivityEffortsTable {
  activityId: string;
  userId: string;
  sport: string;
  kind: string;
  key: number;
  value: number;
  startTimeMs: number;
  year: number;
}

/** year = 0 is the all-time record. */
export interface RecordsTable {
  userId: string;
  sport: string;
  kind: string;
  key: number;
  year: number;
  activityId: string;
  value: number;
  startTimeMs: number;
}

export interface DailyLoadTable {
  userId: string;
  day: string;
  load: number;
}

export interface PeriodTotalsTable {
  userId: string;
  period: string;
  periodStart: string;
  sport: string;
  count: number;
  distanceM: number;
  movingTimeS: number;
  elapsedTimeS: number;
  ascentM: number;
  load: number;
}

export interface ThresholdsTable {
  id: string;
  userId: string;
  kind: string;
  sport: string | null;
  value: number;
  validFrom: string;
  createdAtMs: number;
}
