/**
 * Shapes of the analysis API (issue 5): best efforts, zones, load, mean-max curves, records,
 * fitness (CTL/ATL/TSB), totals, calendar, thresholds and the recompute job.
 * SI units with the unit in the name everywhere: m, s, W, bpm, m/s, kg. Pace is carried as a
 * speed (m/s); the renderer turns it into min/km or min/mi (renderer/src/units.ts).
 * Dates without a time (`YYYY-MM-DD`) are UTC calendar days of the activity start.
 */

// ───────────────────────────── per activity (added to GET /api/v1/activities/:id) ─────────────

/** Fastest time over a standard distance, interpolated at both ends from the distance stream. */
export interface BestEffortDto {
  distanceM: number;
  timeS: number;
  /** Seconds from the activity start to the start of the effort. */
  startOffsetS: number;
}

export type ZoneKind = 'hr' | 'power' | 'pace';

export interface ZoneBucketDto {
  /** 1-based zone number ("Z1"…). */
  index: number;
  name: string;
  /** Lower bound, inclusive (bpm, W, or m/s for pace). */
  min: number;
  /** Upper bound, exclusive; null for the open top zone. */
  max: number | null;
  timeS: number;
}

export interface ZoneDistributionDto {
  kind: ZoneKind;
  /** The threshold the zones were derived from, valid on the activity's date. */
  basis: { kind: ThresholdKind; value: number; validFrom: string | null };
  zones: ZoneBucketDto[];
}

/** Per kind; a kind is null when the activity has no such channel or no threshold applies. */
export type ActivityZonesDto = Record<ZoneKind, ZoneDistributionDto | null>;

export type LoadSource = 'power' | 'hr' | 'pace' | 'trimp' | null;

/** Training-load figures of one activity; null where not applicable (no power, no HR, not a run…). */
export interface ActivityLoadDto {
  /** The value that goes into the daily load (tss, else hrTss/rTSS, else TRIMP), 0 when none. */
  load: number;
  loadSource: LoadSource;
  tss: number | null;
  intensityFactor: number | null;
  normalizedPowerW: number | null;
  variabilityIndex: number | null;
  workKj: number | null;
  hrTss: number | null;
  trimp: number | null;
  /** Running/walking/hiking: flat-equivalent speed over the moving time (Minetti cost model). */
  gradeAdjustedPaceMps: number | null;
  /** As used in the totals: the device's own figure when it recorded one, else computed from the streams (server/domain timing + elevation rules). */
  movingTimeS: number | null;
  ascentM: number | null;
  descentM: number | null;
}

export type CurveKind = 'power' | 'hr' | 'pace';

/** Mean-max curve: the best average of the channel over each duration (pace: best mean speed). */
export interface CurveDto {
  kind: CurveKind;
  /** Log-spaced grid, seconds, ascending; the last point is the whole activity (heart rate: the longest stretch without a gap). */
  durationsS: number[];
  /** Same length as durationsS: W, bpm, or m/s. Never increases with duration. */
  values: number[];
}

export type ActivityCurvesDto = Record<CurveKind, CurveDto | null>;

/** A record this activity currently holds (drives the "new PR" badge). */
export interface ActivityPrDto {
  kind: RecordKind;
  key: number;
  scope: RecordScope;
  year: number;
}

/**
 * One leg of a multisport event (a session), analysed on its own samples under its own sport.
 * Transitions are legs with `transition: true`, no curves and no best efforts.
 */
export interface ActivityLegDto {
  sessionIndex: number;
  sport: string;
  subSport: string | null;
  /** Seconds from the activity start, [startOffsetS, endOffsetS). */
  startOffsetS: number;
  endOffsetS: number;
  transition: boolean;
  load: ActivityLoadDto;
  zones: ActivityZonesDto;
  curves: ActivityCurvesDto;
  bestEfforts: BestEffortDto[];
}

// ───────────────────────────── pool swims ─────────────────────────────

export interface PoolLengthRow {
  kind: 'length';
  /** 1-based number of the active length. */
  number: number;
  startOffsetS: number;
  timeS: number;
  distanceM: number;
  stroke: string | null;
  strokes: number | null;
  swolf: number | null;
  /** Seconds per 100 m, null when the length is implausible. */
  pacePer100mS: number | null;
  /** True when the length is faster than a human swims (a miscounted length). */
  implausible: boolean;
}

export interface PoolRestRow {
  kind: 'rest';
  startOffsetS: number;
  timeS: number;
}

export type PoolSwimRow = PoolLengthRow | PoolRestRow;

/** A pool swim from the device's lengths (server/domain/swim/pool-swim.ts). */
export interface PoolSwimDto {
  poolLengthM: number;
  activeLengths: number;
  distanceM: number;
  /** Sum of the active lengths' times. */
  swimTimeS: number;
  restTimeS: number;
  pacePer100mS: number | null;
  avgSwolf: number | null;
  avgStrokesPerLength: number | null;
  rows: PoolSwimRow[];
}

/** Fields added to ActivityDetailDto by the analysis provider (all absent before the first compute). */
export interface ActivityAnalysisDto {
  bestEfforts: BestEffortDto[];
  zones: ActivityZonesDto;
  load: ActivityLoadDto | null;
  curves: ActivityCurvesDto;
  newPrs: ActivityPrDto[];
  /** Multisport events: per-leg analysis (the top-level curves and best efforts are then empty). */
  legs?: ActivityLegDto[];
  /** Pool swims with lengths: the lengths table with rests, pace and SWOLF. */
  swim?: PoolSwimDto | null;
  /**
   * Issue 13 §3: a start before 2000 or in the future (no clock fix) keeps the activity out of
   * records and progression until its start time is corrected; the warning says so.
   */
  startTimeProblem?: 'before_2000' | 'in_future' | null;
  startTimeWarning?: string | null;
  /** The athlete's record exclusions for this activity. */
  recordExclusions?: RecordExclusionDto[];
}

// ───────────────────────────── records ─────────────────────────────

export type RecordKind = 'distance' | 'power' | 'hr' | 'pace';
export type RecordScope = 'all' | 'year';

/**
 * GET /api/v1/records?sport=running → RecordsDto.
 * `key` is metres for kind "distance" and seconds (curve duration) for power/hr/pace.
 * Exactly one value field is set: valueS (distance), valueW (power), valueBpm (hr), valueMps (pace).
 */
export interface RecordRowDto {
  kind: RecordKind;
  key: number;
  valueS?: number;
  valueW?: number;
  valueBpm?: number;
  valueMps?: number;
  activityId: string;
  /** YYYY-MM-DD of the activity. */
  date: string;
  year: number;
  scope: RecordScope;
  /**
   * Seconds from the activity start where the effort begins and ends (issue 13 §3: every record
   * links to the exact time span it came from); null when it cannot be placed (e.g. a pool swim's
   * pace from lengths).
   */
  startOffsetS?: number | null;
  endOffsetS?: number | null;
}

/**
 * A record exclusion (issue 13 §3): kind '*' (with sport '*', key 0) leaves the whole activity out
 * of records; otherwise one record candidate of the activity (records sport, kind, key).
 * POST /api/v1/records/exclusions adds one, DELETE /api/v1/records/exclusions removes one (same
 * body), GET lists them.
 */
export interface RecordExclusionDto {
  activityId: string;
  sport: string;
  kind: RecordKind | '*';
  key: number;
}

export interface RecordExclusionsDto {
  items: RecordExclusionDto[];
}

export interface RecordsDto {
  sport: string;
  /**
   * Issue 17: set when asked with ?from=&to= (local days): `items` are then the bests of that
   * range (scope "all"); truncated = more efforts than the server reads for one range.
   */
  range?: { from: string; to: string; truncated: boolean };
  items: RecordRowDto[];
}

/** GET /api/v1/records/progression?sport=&kind=&key= : each time the all-time best improved. */
export interface RecordProgressionDto {
  sport: string;
  kind: RecordKind;
  key: number;
  items: { value: number; activityId: string; date: string }[];
}

/** GET /api/v1/records/badges?ids=a,b,c : activities (of those asked) holding at least one record. */
export interface PrBadgesDto {
  items: { activityId: string; count: number }[];
}

/** GET /api/v1/curves?kind=power&sport=cycling : the athlete's all-time mean-max curve. */
export interface AllTimeCurveDto extends CurveDto {
  sport: string;
  /** Which activity holds each point (same length as durationsS). */
  activityIds: string[];
}

// ───────────────────────────── fitness ─────────────────────────────

/** GET /api/v1/fitness?from=YYYY-MM-DD&to=YYYY-MM-DD → FitnessDto (one row per day). */
export interface FitnessRowDto {
  date: string;
  load: number;
  /** Chronic training load, 42-day exponential. */
  ctl: number;
  /** Acute training load, 7-day exponential. */
  atl: number;
  /** Form: ctl − atl of the same day. */
  tsb: number;
  /** ctl − ctl seven days earlier. */
  rampRate: number;
  /** True for days after today: no load, the curves show decay. */
  planned?: boolean;
}

export interface FitnessDto {
  from: string;
  to: string;
  items: FitnessRowDto[];
}

// ───────────────────────────── totals and calendar ─────────────────────────────

export type TotalsPeriod = 'week' | 'month' | 'year';

export interface TotalsFigures {
  count: number;
  distanceM: number;
  movingTimeS: number;
  elapsedTimeS: number;
  ascentM: number;
  load: number;
}

/**
 * GET /api/v1/totals?period=week|month|year&sport= → TotalsDto.
 * Without `sport` there is one row per period per sport plus sport "all".
 * `periodStart`: Monday (ISO week) / first of month / 1 January, YYYY-MM-DD.
 * `previousYear`: the same period one year earlier (same ISO week number, month, or year − 1),
 * zeros when nothing was recorded then.
 */
export interface TotalsRowDto extends TotalsFigures {
  period: TotalsPeriod;
  periodStart: string;
  sport: string;
  previousYear: TotalsFigures;
}

export interface TotalsDto {
  period: TotalsPeriod;
  items: TotalsRowDto[];
}

export interface CalendarActivityDto {
  id: string;
  name: string;
  sport: string;
  startTime: string;
  distanceM: number | null;
  movingTimeS: number | null;
  load: number;
  /** All-time records (year 0) this activity holds today. */
  prCount: number;
  /** Per-year bests it holds (records of its year), beside the all-time ones. */
  yearBestCount: number;
}

export interface CalendarDayDto {
  date: string;
  activities: CalendarActivityDto[];
  load: number;
  distanceM: number;
  movingTimeS: number;
}

/** GET /api/v1/calendar?month=YYYY-MM → every day of the month, in order. */
export interface CalendarDto {
  month: string;
  days: CalendarDayDto[];
}

// ───────────────────────────── thresholds and recompute ─────────────────────────────

export type ThresholdKind = 'ftp' | 'threshold_hr' | 'max_hr' | 'resting_hr' | 'threshold_pace' | 'weight';

/** Units: ftp W, *_hr bpm, threshold_pace m/s, weight kg. */
export interface ThresholdDto {
  id: string;
  kind: ThresholdKind;
  /** null = applies to every sport without its own value. */
  sport: string | null;
  value: number;
  /** First day (YYYY-MM-DD) the value applies; it holds until the next value of the same kind+sport. */
  validFrom: string;
}

/** POST /api/v1/thresholds body; PUT /api/v1/thresholds/:id takes the same. */
export interface ThresholdInputDto {
  kind: ThresholdKind;
  sport: string | null;
  value: number;
  validFrom: string;
}

/** GET /api/v1/thresholds → ThresholdsDto. */
export interface ThresholdsDto {
  items: ThresholdDto[];
}

/**
 * Any threshold change (POST/PUT/DELETE) answers `{ threshold?, job }` and recomputes the affected
 * activities in the background. GET /api/v1/analysis/jobs/:id and POST /api/v1/analysis/recompute
 * (everything) return/create jobs.
 */
export type RecomputeJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RecomputeJobDto {
  id: string;
  status: RecomputeJobStatus;
  done: number;
  total: number;
  error?: string;
}

export interface ThresholdChangeDto {
  threshold?: ThresholdDto;
  job: RecomputeJobDto;
}
