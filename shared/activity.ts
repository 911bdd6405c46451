/**
 * The activity data model shared by the server, the parsers and the renderer.
 * Every quantity is SI with the unit in the name (design.md: m, s, m/s, W, bpm, rpm, °C, WGS84 degrees).
 * Conversion to km/mi/pace happens only at display time (shared/units.ts).
 */

/** Native sample channels, in storage order. `timeS` is the shared axis and is not listed here. */
export const STREAM_CHANNELS = [
  'latDeg',
  'lonDeg',
  'altitudeM',
  'distanceM',
  'speedMps',
  'hrBpm',
  'cadenceRpm',
  'powerW',
  'temperatureC',
] as const;
export type StreamChannel = (typeof STREAM_CHANNELS)[number];

/**
 * Points of the activity page's charts (all channels): the server stores this chart ready to send
 * (server/services/streams-render/stored-chart.ts), so the page and the server must agree on it.
 */
export const CHART_MAX_POINTS = 1500;

/** A developer (Connect IQ / Stryd / CORE …) field kept with its own name and units; never merged into native channels. */
export interface DeveloperChannel {
  /** Stable key unique within the activity, e.g. `dev0_3` (developer data index _ field number). */
  key: string;
  name: string;
  units: string | null;
  /** Connect IQ application id (hex) or null when the file did not carry one. */
  appId: string | null;
  values: (number | null)[];
}

/**
 * Columnar sample streams on one time axis. Every array has the same length as `timeS`;
 * `null` marks a gap (sensor dropout, no GPS fix). A channel absent from the file is absent here.
 */
export interface ActivityStreams {
  /** Seconds since the activity's startTime (may be fractional, strictly non-decreasing). */
  timeS: number[];
  channels: Partial<Record<StreamChannel, (number | null)[]>>;
  developer: DeveloperChannel[];
}

/** Summary figures of an activity, a session or a lap. `null` = not known. */
export interface SummaryFields {
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

export const SUMMARY_KEYS: readonly (keyof SummaryFields)[] = [
  'distanceM',
  'elapsedTimeS',
  'timerTimeS',
  'movingTimeS',
  'ascentM',
  'descentM',
  'avgSpeedMps',
  'maxSpeedMps',
  'avgHrBpm',
  'maxHrBpm',
  'avgCadenceRpm',
  'avgPowerW',
  'maxPowerW',
  'caloriesKcal',
];

export function emptySummary(): SummaryFields {
  return {
    distanceM: null,
    elapsedTimeS: null,
    timerTimeS: null,
    movingTimeS: null,
    ascentM: null,
    descentM: null,
    avgSpeedMps: null,
    maxSpeedMps: null,
    avgHrBpm: null,
    maxHrBpm: null,
    avgCadenceRpm: null,
    avgPowerW: null,
    maxPowerW: null,
    caloriesKcal: null,
  };
}

export interface DeviceInfo {
  /** Manufacturer name as FIT names it ("garmin", "wahoofitness", …) or the creator string of GPX/TCX. */
  manufacturer: string | null;
  /** Product name ("fenix5", "edge530") or product id as a string when unnamed. */
  product: string | null;
  serialNumber: string | null;
  softwareVersion: string | null;
}

export interface Lap extends SummaryFields {
  /** 0-based index within the activity. */
  index: number;
  /** ISO-8601 UTC. */
  startTime: string;
  /** Seconds from the activity start to the lap start. */
  startOffsetS: number;
  /** FIT lap_trigger or similar ("manual", "distance", "session_end"…), null when unknown. */
  trigger: string | null;
}

export interface Session extends SummaryFields {
  index: number;
  sport: string;
  subSport: string | null;
  startTime: string;
  startOffsetS: number;
  /** Index of the first lap of this session in `ParsedActivity.laps`, and how many laps it has. */
  firstLapIndex: number;
  numLaps: number;
  /** Pool swims: the pool length the device was set to (FIT session `pool_length`), when known. */
  poolLengthM?: number | null;
}

/** Pool-swim lengths (FIT `length` messages), kept as they are. */
export interface SwimLength {
  startOffsetS: number;
  elapsedTimeS: number | null;
  /** "active" or "idle". */
  lengthType: string | null;
  strokes: number | null;
  swimStroke: string | null;
}

/** What a pure parser returns for one activity found in a file. */
export interface ParsedActivity {
  format: 'fit' | 'gpx' | 'tcx';
  /** ISO-8601 UTC of the first sample / session start. */
  startTime: string;
  /** Normalised sport name: running, cycling, swimming, walking, hiking, rowing, training, generic, … (FIT sport enum names). */
  sport: string;
  subSport: string | null;
  /** Name stored in the file (GPX <name>, TCX notes) or null. */
  name: string | null;
  device: DeviceInfo | null;
  /** Whole-activity summary: the device's totals where it recorded them, computed from the streams otherwise. */
  summary: SummaryFields;
  sessions: Session[];
  laps: Lap[];
  streams: ActivityStreams;
  lengths: SwimLength[];
  /**
   * Local time minus UTC in seconds as the device recorded it (FIT activity.local_timestamp −
   * timestamp), unchecked: some writers put a device-relative count there. Absent when unknown.
   */
  deviceUtcOffsetS?: number;
  /** Recoverable problems met while reading (truncated file, bad CRC, …). */
  warnings: string[];
}

/** Result of parsing one file (design.md: parsers never throw for bad input; they return an error value). */
export type ParseResult =
  | { kind: 'activities'; activities: ParsedActivity[]; warnings: string[] }
  /** Recognised but not an activity (settings, workout, course, monitoring, route without times…). */
  | { kind: 'skipped'; reason: string; fileType: string }
  | { kind: 'error'; reason: string };
