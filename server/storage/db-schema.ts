/**
 * Kysely table types. Column names are snake_case in SQL and camelCase here (CamelCasePlugin).
 * Times are epoch milliseconds (BIGINT; the pg adapter parses int8 as number), summaries are SI.
 */
import type { RecordExclusionsTable } from './repos/record-exclusions.repo.js';
import type { YearGoalsTable } from './repos/year-goals.repo.js';
import type { Generated } from 'kysely';
import type { ActivityTracksTable, RoutesTable, SegmentEffortsTable, SegmentsTable } from './repos/routes-tables.js';
import type { ActivityEffortsTable, ActivityMetricsTable, DailyLoadTable, PeriodTotalsTable, RecordsTable, ThresholdsTable } from './repos/analysis-tables.js';

export interface SummaryColumns {
  distanceM: number | null;
  elapsedTimeS: number | null;
  timerTimeS: number | null;
  movingTimeS: number | null;
  ascentM: number | null;
  descentM: number | null;
  avgSpeedMps: number | null;
  maxSpeedMps: number | null;
  avgHrBpm: number | null;
  maxHrBpm: number | null;
  avgCadenceRpm: number | null;
  avgPowerW: number | null;
  maxPowerW: number | null;
  caloriesKcal: number | null;
}

export interface UserSettingsTable {
  userId: string;
  timeZone: string | null;
  updatedAtMs: number;
}

export interface MaintenanceTasksTable {
  name: string;
  doneAtMs: number;
}

export interface UsersTable {
  id: string;
  name: string;
  createdAtMs: number;
}

export interface OriginalsTable {
  userId: string;
  sha256: string;
  fileName: string;
  sizeBytes: number;
  format: string | null;
  createdAtMs: number;
}

export interface ActivitiesTable extends SummaryColumns {
  id: string;
  userId: string;
  originalSha256: string;
  sourceIndex: number;
  startTimeMs: number;
  /** Local time minus UTC at the start (issue 13 §2); null until filled for rows imported before. */
  utcOffsetS: number | null;
  timeZone: string | null;
  tzSource: string | null;
  name: string;
  sport: string;
  subSport: string | null;
  format: string;
  deviceManufacturer: string | null;
  deviceProduct: string | null;
  deviceSerial: string | null;
  deviceSoftware: string | null;
  hasGps: number;
  sampleCount: number;
  warningsJson: string;
  lengthsJson: string;
  devFieldsJson: string;
  /** Parser version that produced the stored data (0: before versioning; see ingest/parser-version.ts). */
  parserVersion: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** 0002_archives_gear: metadata from archives and the activity page (null when unknown). */
  description?: string | null;
  privateNote?: string | null;
  commute?: number | null;
  perceivedExertion?: number | null;
  gearId?: string | null;
  source?: string | null;
  mediaJson?: string | null;
}

export interface SessionsTable extends SummaryColumns {
  activityId: string;
  userId: string;
  idx: number;
  sport: string;
  subSport: string | null;
  startTimeMs: number;
  startOffsetS: number;
  firstLapIndex: number;
  numLaps: number;
}

export interface LapsTable extends SummaryColumns {
  activityId: string;
  userId: string;
  idx: number;
  startTimeMs: number;
  startOffsetS: number;
  lapTrigger: string | null;
}

export interface StreamsTable {
  activityId: string;
  userId: string;
  sampleCount: number;
  data: Uint8Array;
}

/** The activity page's chart, gzip JSON ready to send (migration 0073, repos/activity-charts.repo.ts). */
export interface ActivityChartsTable {
  activityId: string;
  userId: string;
  version: number;
  body: Uint8Array;
}

export interface ImportJobsTable {
  id: string;
  userId: string;
  status: string;
  total: number;
  done: number;
  createdAtMs: number;
  finishedAtMs: number | null;
}

export interface ImportFilesTable {
  jobId: string;
  idx: number;
  userId: string;
  name: string;
  status: string;
  sha256: string | null;
  activityId: string | null;
  error: string | null;
  warningsJson: string | null;
}

/** Postgres only: native channels one row per sample (a hypertable under TimescaleDB). */
export interface SamplesTable {
  activityId: string;
  userId: string;
  t: Date;
  seq: number;
  /** Scaled integers at the stream codec's resolution (migration 0029); `activity_samples_si` shows SI units. */
  latDegE7: number | null;
  lonDegE7: number | null;
  altitudeCm: number | null;
  distanceCm: number | null;
  speedMmS: number | null;
  hrBpm: number | null;
  cadenceRpm: number | null;
  powerW: number | null;
  temperatureC: number | null;
}

export interface GearTable {
  id: string;
  userId: string;
  name: string;
  kind: string;
  brand: string | null;
  model: string | null;
  notes: string | null;
  retired: number;
  defaultSportsJson: string;
  initialDistanceM: number;
  createdAtMs: number;
}

export interface ActivitySourcesTable {
  userId: string;
  activityId: string;
  source: string;
  externalId: string;
  sha256: string | null;
  fileName: string | null;
  createdAtMs: number;
}

export interface Database {
  /** Record exclusions (migration 0014, repos/record-exclusions.repo.ts). */
  recordExclusions: RecordExclusionsTable;
  /** Year goals per sport (migration 0070, repos/year-goals.repo.ts). */
  yearGoals: YearGoalsTable;
  users: UsersTable;
  maintenanceTasks: MaintenanceTasksTable;
  userSettings: UserSettingsTable;
  originals: OriginalsTable;
  activities: ActivitiesTable;
  activitySessions: SessionsTable;
  activityLaps: LapsTable;
  activityStreams: StreamsTable;
  activityCharts: ActivityChartsTable;
  importJobs: ImportJobsTable;
  importFiles: ImportFilesTable;
  activitySamples: SamplesTable;
  gear: GearTable;
  activitySources: ActivitySourcesTable;
  activityTracks: ActivityTracksTable;
  routes: RoutesTable;
  segments: SegmentsTable;
  segmentEfforts: SegmentEffortsTable;
  activityMetrics: ActivityMetricsTable;
  activityEfforts: ActivityEffortsTable;
  records: RecordsTable;
  dailyLoad: DailyLoadTable;
  periodTotals: PeriodTotalsTable;
  thresholds: ThresholdsTable;
}

export type { Generated };
